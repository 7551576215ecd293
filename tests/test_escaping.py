"""Every output escapes what people wrote for its own format (issue 14, item 3).

One real archive holds hostile text in every one-line field of every record
kind (HTML, script, formula prefixes, quotes, backslashes, Markdown and
calendar specials); it is built once with `build.py build` and each output is
read back with a real parser: html5lib for the pages and the search index's
HTML, icalendar, an XML parser for Atom, csv, json, YAML for the one-click
templates. Each value must come back as the same text. The same archive also
holds line breaks and control characters in one-line fields: the build must
not break on them and `check` refuses each with its file and line.
"""

import csv
import io
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import html5lib
import pytest
import yaml
from hypothesis import example, given, settings, strategies as st
from icalendar import Calendar, vText

from conftest import BUILD_PY, JAY, MEMBERS, MINIMAL_MKDOCS, ArchiveRepo
from madang.diagnostics import diagnostic, github_annotation
from madang.render.actions import yaml_comment, yaml_scalar
from madang.render.atom import Entry, atom
from madang.render import polls, scores
from madang.render.cards import card_png
from madang.render.datafields import FORMULA_START, spreadsheet_safe
from madang.render.format import html_text, one_line
from madang.render.search import page_entries

pytestmark = pytest.mark.slow

HOSTILE = [
    '<script>window.__pwned="script"</script> 스크립트',
    '<img src=x onerror="window.__pwned=1"> 그림',
    '=HYPERLINK("http://evil.example","x")',
    "+1+cmd|' /C calc'!A0",
    "-2+3 빼기",
    "@SUM(A1:A2)",
    "Tom \"Tiger\" O'Brien \\ back\\slash",
    "&amp; &lt;b&gt; 엔티티",
    "세미;콜론,쉼표:콜론 \\n 글자",
    "*별* _밑줄_ [링크](javascript:x) `code` # | {{ jinja }} ]]> <!-- 주석",
]
"""One-line text `check` accepts: each must come back as the same text from every output."""
UNSEEN = {"line feed": "첫 줄\nBEGIN:VEVENT", "carriage return": "첫 줄\rX-INJECTED:1", "escape": "색\x1b[31m",
          "null": "널\x00문자", "line separator": "줄\u2028나눔", "bell": "종\x07", "tab": "탭\t문자"}
"""One-line text `check` refuses; the build must still succeed with it."""
N = len(HOSTILE)
EPOCH = "1600570800"  # 2020-09-20 12:00 KST: proposals, the poll and sign-ups are open


def q(value: str) -> str:
    """A YAML double-quoted scalar (JSON is YAML) holding exactly `value`."""
    return json.dumps(value, ensure_ascii=False)


def h(i: int) -> str:
    return HOSTILE[i % N]


def write_hostile(repo: ArchiveRepo):
    repo.write("members.yml", MEMBERS + f"eve:\n  name: {q(h(6))}\n  emails: [eve@example.org]\n  roles: [citizen]\n"
                              "  public: [name, roles]\n")
    for i in range(N):
        repo.write(f"proposals/p-{i}/proposal.md",
                   f"---\ntitle: {q(h(i))}\nproposer: dandi\nproposed: 2020-09-02\nendorse_until: 2020-10-02\n"
                   f"tags: [{q(h(i + 1))}]\n---\n\n본문 {i}\n")
    options = "".join(f"  - {{id: o{i}, label: {q(h(i))}}}\n" for i in range(N))
    repo.write("polls/vote/poll.yml", f"question: {q(h(0))}\nauthor: jay\nopened: 2020-09-01\n"
                                      f"multiple: true\noptions:\n{options}")
    for i in range(3):
        repo.write(f"content/meetings/2020-10-0{i + 1}-m/index.md",
                   f"---\ntitle: {q(h(i))}\nstart: 2020-10-0{i + 1} 19:00\nend: '21:00'\nplace: {q(h(i + 3))}\n"
                   f"capacity: 5\nsignup_until: 2020-09-30\n---\n\n모임\n")
        repo.write(f"content/news/2020-09-0{i + 1}-n.md",
                   f"---\ntitle: {q(h(i + 4))}\ndate: 2020-09-0{i + 1}\nauthor: eve\ntags: [{q(h(i + 5))}]\n---\n\n소식\n")
    repo.write("content/experiments/x/index.md",
               f"---\ntitle: {q(h(2))}\nproposals: [p-2]\nstatus: running\n"
               f"team:\n  - {{handle: eve, role: {q(h(3))}}}\n---\n\n실험\n")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """(archive, built site) of the hostile archive."""
    base = tmp_path_factory.mktemp("hostile")
    repo = ArchiveRepo.create(base / "archive", mkdocs=MINIMAL_MKDOCS + "site_url: https://madang.example/\n"
                                                                       "repo_url: https://github.com/o/r\n")
    write_hostile(repo)
    repo.commit("적대적인 기록", author=JAY, when="2020-09-03T10:00:00+09:00")
    site = base / "site"
    done = subprocess.run([sys.executable, str(BUILD_PY), "build", str(repo.path), "-d", str(site)],
                          capture_output=True, text=True, env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH})
    assert done.returncode == 0, done.stdout + done.stderr
    return repo, site


def page(site: Path, path: str):
    return html5lib.parse((site / path / "index.html").read_bytes(), namespaceHTMLElements=False)


def text_of(element) -> str:
    return " ".join("".join(element.itertext()).split())


def test_no_page_runs_what_people_wrote(hostile):
    """No script element, no event handler, no javascript: link on any page carries the payload."""
    _, site = hostile
    pages = list(site.rglob("*.html"))
    assert len(pages) > 30
    for path in pages:
        for element in html5lib.parse(path.read_bytes(), namespaceHTMLElements=False).iter():
            if element.tag == "script":
                assert "__pwned" not in (element.text or "") + element.get("src", ""), path
            assert element.tag != "img" or element.get("src") != "x", path
            for name, value in element.attrib.items():
                assert not (name.startswith("on") and "__pwned" in value), (path, name)
                assert not value.strip().lower().startswith("javascript:"), (path, name, value)


def test_record_pages_show_every_title_as_text(hostile):
    _, site = hostile
    shown = {f"proposals/p-{i}": h(i) for i in range(N)}
    shown |= {f"meetings/2020-10-0{i + 1}-m": h(i) for i in range(3)}
    shown |= {f"news/2020-09-0{i + 1}-n": h(i + 4) for i in range(3)}
    shown |= {"experiments/x": h(2), "polls/vote": h(0)}
    for path, title in shown.items():
        document = page(site, path)
        assert text_of(document.find(".//h1")) == title, path
        assert text_of(document.find(".//title")).startswith(title), path
        og = [m.get("content") for m in document.iter("meta") if m.get("property") == "og:title"]
        assert og in ([title], []), path
    poll = text_of(page(site, "polls/vote").find(".//body"))
    assert all(h(i) in poll for i in range(N))
    assert h(3) in text_of(page(site, "experiments/x").find(".//body"))
    assert h(6) in text_of(page(site, "news/2020-09-01-n").find(".//body"))  # the author's name
    assert h(4) in text_of(page(site, "meetings/2020-10-02-m").find(".//body"))  # a place


def test_the_search_index_holds_escaped_text(hostile):
    """Material shows an entry's title and text as HTML: parsed, they are text only, and the same text."""
    _, site = hostile
    docs = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    for doc in docs:
        for key in ("title", "text"):
            fragment = html5lib.parseFragment(doc[key], namespaceHTMLElements=False)
            assert not [e.tag for e in fragment.iter() if e.tag in ("script", "img", "iframe", "svg")], doc
    titles = {doc["location"]: text_of(html5lib.parseFragment(doc["title"], namespaceHTMLElements=False))
              for doc in docs}
    for i in range(N):
        assert titles[f"proposals/p-{i}/"] == h(i)


def test_calendars_read_back_as_the_same_text(hostile):
    _, site = hostile
    for i in range(3):
        feed = Calendar.from_ical((site / f"meetings/2020-10-0{i + 1}-m/meeting.ics").read_bytes())
        [event] = feed.walk("VEVENT")
        assert str(event["SUMMARY"]) == h(i)
        assert str(event["LOCATION"]) == h(i + 3)
        assert vText.from_ical(feed["X-WR-CALNAME"].to_ical().decode()) == h(i)
    every = Calendar.from_ical((site / "calendar.ics").read_bytes())
    assert sorted(str(e["SUMMARY"]) for e in every.walk("VEVENT")) == sorted(h(i) for i in range(3))


def test_atom_feeds_parse_and_keep_the_text(hostile):
    _, site = hostile
    atom_ns = "{http://www.w3.org/2005/Atom}"
    news = ET.parse(site / "news" / "atom.xml").getroot()
    assert {e.findtext(f"{atom_ns}title") for e in news.iter(f"{atom_ns}entry")} == {h(4), h(5), h(6)}
    assert {e.findtext(f"{atom_ns}name") for e in news.iter(f"{atom_ns}author")} == {h(6)}
    proposals = ET.parse(site / "proposals" / "atom.xml").getroot()
    titles = {e.findtext(f"{atom_ns}title") for e in proposals.iter(f"{atom_ns}entry")}
    assert {h(i) for i in range(N)} <= titles


def test_csv_cells_never_start_a_formula_and_json_keeps_the_text(hostile):
    _, site = hostile
    for path in (site / "data").glob("*.csv"):
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
        for row in rows:
            for cell in row:
                assert not cell.startswith(FORMULA_START), (path.name, cell)
    rows = csv.DictReader(io.StringIO((site / "data/proposals.csv").read_text(encoding="utf-8-sig")))
    titles = {row["id"]: row["title"] for row in rows}
    for i in range(N):
        expected = "'" + h(i) if h(i).startswith(FORMULA_START) else h(i)
        assert titles[f"p-{i}"] == expected
    members = {row["handle"]: row["name"] for row in
               csv.DictReader(io.StringIO((site / "data/members.csv").read_text(encoding="utf-8-sig")))}
    assert members["eve"] == h(6)
    data = json.loads((site / "data/proposals.json").read_text(encoding="utf-8"))
    items = data if isinstance(data, list) else next(v for v in data.values() if isinstance(v, list))
    assert {p["id"]: p["title"] for p in items}[f"p-0"] == h(0)


def test_one_click_templates_are_the_yaml_they_show(hostile):
    """The ballot button's prefilled file is a ballot and nothing else, whatever the labels say."""
    _, site = hostile
    links = [a.get("href") for a in page(site, "polls/vote").iter("a") if "/new/" in (a.get("href") or "")]
    ballot = next(link for link in links if "ballots" in link)
    [content] = parse_qs(urlsplit(ballot).query)["value"]
    assert yaml.safe_load(content) == {"choices": ["o0"]}  # the first option's button
    assert len(content.splitlines()) == N + 1  # its line, a hint, one comment line per other option


def write_unseen(repo: ArchiveRepo):
    for n, (name, value) in enumerate(UNSEEN.items()):
        repo.write(f"proposals/u-{n}/proposal.md",
                   f"---\ntitle: {q(value)}\nproposer: dandi\nproposed: 2020-09-02\n---\n\n{name}\n")
    repo.write("content/meetings/2020-10-09-u/index.md",
               f"---\ntitle: {q(UNSEEN['line feed'])}\nstart: 2020-10-09 19:00\nend: '21:00'\n"
               f"place: {q(UNSEEN['escape'])}\n---\n")
    repo.write("content/meetings/2020-10-08-u/index.md",
               f"---\ntitle: {q(UNSEEN['carriage return'])}\nstart: 2020-10-08 19:00\nend: '21:00'\n"
               "online: https://townhall.kr\n---\n")


@pytest.mark.parametrize("command", ["check", "build"])
def test_unseen_characters_are_refused_at_their_line(tmp_path, command):
    """check and build refuse each line break or control character in a one-line field with its
    file and line, and nothing else: the hostile records that are plain text pass."""
    repo = ArchiveRepo.create(tmp_path / "archive")
    write_hostile(repo)
    write_unseen(repo)
    repo.commit("보이지 않는 문자", author=JAY, when="2020-09-03T10:00:00+09:00")
    done = subprocess.run([sys.executable, str(BUILD_PY), command, str(repo.path), "-d", str(tmp_path / "site")]
                          if command == "build" else [sys.executable, str(BUILD_PY), command, str(repo.path)],
                          capture_output=True, text=True, env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH})
    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr
    lines = [line.removeprefix("ERROR - ") for line in (done.stdout + done.stderr).splitlines()]
    for n in range(len(UNSEEN)):
        assert any(line.startswith(f"proposals/u-{n}/proposal.md:2:") and "unseen-character" in line
                   for line in lines), (n, done.stdout + done.stderr)
    for meeting, line_number in (("2020-10-09-u", 2), ("2020-10-09-u", 5), ("2020-10-08-u", 2)):
        assert any(line.startswith(f"content/meetings/{meeting}/index.md:{line_number}:") for line in lines), done.stdout
    assert not [line for line in lines if line.startswith(("::", "BEGIN", "X-INJECTED"))]
    refused = {line.split(":")[0] for line in lines if "/" in line.split(":")[0] and "오류[" in line}
    assert refused == {f"proposals/u-{n}/proposal.md" for n in range(len(UNSEEN))} | {
        "content/meetings/2020-10-09-u/index.md", "content/meetings/2020-10-08-u/index.md"}, done.stdout


def test_a_file_name_with_line_breaks_is_one_annotation_and_one_log_line(tmp_path):
    """A file name cannot start a workflow command of its own in the check's log."""
    repo = ArchiveRepo.create(tmp_path / "archive")
    repo.propose("p")
    name = "heidi\n::add-mask::secret\r::error file=x::forged,1:2.yml"
    repo.write(f"proposals/p/endorsements/{name}", "comment: 좋아요\n")
    repo.commit("공감")
    done = subprocess.run([sys.executable, str(BUILD_PY), "check", str(repo.path), "--annotate"],
                          capture_output=True, text=True, cwd=repo.path)
    assert "Traceback" not in done.stderr
    commands = [line for line in done.stdout.replace("\r", "\n").splitlines() if line.startswith("::")]
    assert commands and all(line.startswith(("::error file=", "::warning file=")) for line in commands), done.stdout
    assert not [line for line in commands if line.startswith(("::add-mask", "::error file=x"))]
    assert all(line.startswith(("proposals/", "::", "검사 결과")) for line in done.stdout.replace("\r", "\n").splitlines())
    [annotation] = [line for line in commands if "secret" in line]
    assert "%0A%3A%3Aadd-mask%3A%3Asecret%0D%3A%3Aerror file=x%3A%3Aforged%2C1%3A2.yml" in annotation


# --- each format's one function, for any text -------------------------------------------------------

ANY_TEXT = st.text(st.characters(codec="utf-8"), max_size=60) | st.sampled_from(HOSTILE + list(UNSEEN.values()))


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
def test_every_format_function_round_trips_any_text(value):
    line = one_line(value)
    assert "\n" not in line and "\r" not in line
    parsed = html5lib.parseFragment(f'<p title="{html_text(value)}">{html_text(value)}</p>',
                                    namespaceHTMLElements=False)
    [p] = list(parsed)
    assert p.get("title") == line.replace("\x00", "\ufffd") and "".join(p.itertext()) == p.get("title")
    assert len(list(p)) == 0
    assert yaml.safe_load(f"k: {yaml_scalar(value)}  {yaml_comment(value)}\nother: 1\n") == {"k": line, "other": 1}
    cell = spreadsheet_safe(value)
    assert not cell.startswith(FORMULA_START) and cell in (value, "'" + value)
    option = SimpleNamespace(id="o1", label=value)
    poll = SimpleNamespace(multiple=False, max_choices=None, options=[option], other=True, criteria=[option])
    assert yaml.safe_load(polls.ballot_template(poll)) == {"choices": []}
    assert yaml.safe_load(scores.ballot_template(poll)) == {"scores": {"o1": {"o1": None}}}
    assert card_png(value, "모임", value, value).startswith(b"\x89PNG")  # one drawn line, whatever it holds
    entry = page_entries("x/", html_text(value), f"<p>{html_text(value)}</p>")[0]
    assert "".join(html5lib.parseFragment(entry["title"], namespaceHTMLElements=False).itertext()) == \
        line.replace("\x00", "\ufffd")


@settings(max_examples=200, deadline=None)
@given(ANY_TEXT)
@example("외로운 \ud800 서로게이트 \x0c\ufffe")
def test_atom_parses_for_any_text(value):
    from datetime import datetime
    from conftest import madang_settings

    feed = atom(value, "news", "atom.xml", datetime(2020, 9, 1).date(),
                [Entry(value, "news/x", datetime(2020, 9, 1), "x/", f"<p>{html_text(value)}</p>", value, (value,))],
                madang_settings())
    root = ET.fromstring(feed.encode("utf-8"))
    kept = "".join(c for c in value if c in "\t\n\r" or not (c < " " or "\ud800" <= c <= "\udfff" or c in "\ufffe\uffff"))
    assert root.findtext("{http://www.w3.org/2005/Atom}title") == kept.replace("\r\n", "\n").replace("\r", "\n") \
        or root.findtext("{http://www.w3.org/2005/Atom}title") == kept


def test_an_annotation_escapes_its_file_and_message():
    problem = diagnostic("not-text", "a\n::b,c:d%.yml", 3, field="x\r\n::warning::y")
    annotation = github_annotation(problem, problem.path)
    assert "\n" not in annotation and "\r" not in annotation
    assert annotation.startswith("::error file=a%0A%3A%3Ab%2Cc%3Ad%25.yml,line=3,title=madang not-text::")
    assert "\n" not in str(problem) and "\r" not in str(problem)
