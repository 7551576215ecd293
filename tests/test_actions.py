"""One-click acts: every button's URL parses back into the act's path and content, on each forge.

The pages are built by the real command line; the URLs are read out of the HTML.
"""

import html
import os
import re
import subprocess
import sys
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
import yaml

from conftest import BUILD_PY, DANDI, JAY, MINIMAL_MKDOCS, POLL_OPTIONS, ROOT, ArchiveRepo, act, run

BUTTON = re.compile(r'<a class="md-button[^"]*" data-madang-act[^>]*? href="(?P<url>[^"]+)">(?P<label>[^<]+)</a>')
PLACEHOLDER = "내-아이디"
FORGES = {
    "github": "https://github.com/seoul/library",
    "gitea": "https://codeberg.org/seoul/library",
    "gitlab": "https://gitlab.com/seoul/library",
}


def build(archive: ArchiveRepo, site, env_day="1600000000") -> None:  # 2020-09-13 KST: everything open
    done = subprocess.run([sys.executable, str(BUILD_PY), "build", str(archive.path), "-d", str(site)],
                          capture_output=True, text=True, env={**os.environ, "SOURCE_DATE_EPOCH": env_day})
    assert done.returncode == 0, done.stderr


def buttons(page) -> dict[str, str]:
    found = {}
    for match in BUTTON.finditer(page.read_text(encoding="utf-8")):
        found.setdefault(html.unescape(match["label"]), html.unescape(match["url"]))
    return found


def new_file(url: str, repo_url: str, forge: str) -> tuple[str, str]:
    """(path, content) that a prefilled new-file URL opens the editor with."""
    parts = urlsplit(url)
    prefix = {"github": "/new/main", "gitea": "/_new/main/"}[forge]
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == repo_url + prefix
    query = parse_qs(parts.query, keep_blank_values=True)
    return query["filename"][0], query["value"][0]


@pytest.fixture
def open_archive(tmp_path, request) -> ArchiveRepo:
    """A proposal, a poll and a meeting, all open on 2020-09-13, on the forge named by the test."""
    forge = getattr(request, "param", "github")
    mkdocs = MINIMAL_MKDOCS + (f"repo_url: {FORGES[forge]}\n" if forge else "")
    repo = ArchiveRepo.create(tmp_path / "archive", mkdocs=mkdocs)
    repo.propose("infant-hours", title="유아 전용 시간", endorse_until="2020-10-02")
    repo.open_poll("unit-name", closes="2020-09-22", multiple=True, other=True)
    repo.write("content/meetings/2020-09-22-agenda/index.md", "---\ntitle: 의제 선정 회의\nstart: 2020-09-22 19:00\n"
               "end: '21:00'\nplace: 은평구립도서관\nsignup_until: 2020-09-20\n---\n\n안내\n")
    repo.commit("기록", author=JAY, when="2020-09-05T10:00:00+09:00")
    repo.forge = forge
    return repo


@pytest.mark.parametrize("open_archive", ["github", "gitea"], indirect=True)
def test_buttons_open_the_editor_with_the_act_file(open_archive, tmp_path):
    forge, repo_url = open_archive.forge, FORGES[open_archive.forge]
    build(open_archive, tmp_path / "site")
    proposal = buttons(tmp_path / "site" / "proposals" / "infant-hours" / "index.html")
    poll = buttons(tmp_path / "site" / "polls" / "unit-name" / "index.html")
    meeting = buttons(tmp_path / "site" / "meetings" / "2020-09-22-agenda" / "index.html")
    listing = buttons(tmp_path / "site" / "proposals" / "index.html")

    path, content = new_file(proposal["공감하기"], repo_url, forge)
    assert path == f"proposals/infant-hours/endorsements/{PLACEHOLDER}.yml"
    assert yaml.safe_load(content) == {"comment": None}
    path, content = new_file(proposal["의견 남기기"], repo_url, forge)
    assert path == f"proposals/infant-hours/opinions/{PLACEHOLDER}.1.md" and content.strip()
    path, content = new_file(poll["시민협력가"], repo_url, forge)
    assert path == f"polls/unit-name/ballots/{PLACEHOLDER}.yml"
    assert yaml.safe_load(content) == {"choices": ["citizen-partners"]}
    assert "core-group: 코어그룹" in content and "citizen-partners: 시민협력가" not in content
    path, content = new_file(poll["기타 (직접 적기)"], repo_url, forge)
    assert path == f"polls/unit-name/ballots/{PLACEHOLDER}.yml" and yaml.safe_load(content)["other"] == ""
    path, content = new_file(meeting["참석 신청"], repo_url, forge)
    assert path == f"content/meetings/2020-09-22-agenda/rsvps/{PLACEHOLDER}.yml"
    path, content = new_file(listing["제안하기"], repo_url, forge)
    front = yaml.safe_load(content.split("---\n")[1])
    assert path == "proposals/새-제안/proposal.md" and front["proposer"] == PLACEHOLDER
    assert (front["proposed"].isoformat(), front["endorse_until"].isoformat()) == ("2020-09-13", "2020-10-13")

    edit, delete = ("edit", "delete") if forge == "github" else ("_edit", "_delete")
    mine = f"proposals/infant-hours/endorsements/{PLACEHOLDER}.yml"
    assert unquote(proposal["내 공감 고치기"]) == f"{repo_url}/{edit}/main/{mine}"
    assert unquote(proposal["내 공감 취소하기"]) == f"{repo_url}/{delete}/main/{mine}"


@pytest.mark.parametrize("open_archive", ["gitlab", None], indirect=True)
def test_without_a_prefilling_forge_the_page_shows_the_file_to_create(open_archive, tmp_path):
    build(open_archive, tmp_path / "site")
    page = (tmp_path / "site" / "proposals" / "infant-hours" / "index.html").read_text(encoding="utf-8")
    assert "/new/" not in page and "_new" not in page
    assert f"<code data-madang-act>proposals/infant-hours/endorsements/{PLACEHOLDER}.yml</code>" in page
    assert "comment:" in page
    edits = buttons(tmp_path / "site" / "proposals" / "infant-hours" / "index.html")
    if open_archive.forge == "gitlab":
        assert "/-/edit/main/proposals/infant-hours/endorsements/" in unquote(edits["내 공감 고치기"])
    else:
        assert edits == {}


def test_closed_records_offer_no_act_only_an_opinion(open_archive, tmp_path):
    build(open_archive, tmp_path / "site", env_day="1602288000")  # 2020-10-10: all closed
    assert set(buttons(tmp_path / "site" / "proposals" / "infant-hours" / "index.html")) == {"의견 남기기"}
    assert set(buttons(tmp_path / "site" / "polls" / "unit-name" / "index.html")) == {"의견 남기기"}
    assert buttons(tmp_path / "site" / "meetings" / "2020-09-22-agenda" / "index.html") == {}


def test_a_hostile_record_id_or_title_never_reaches_a_link_unescaped(open_archive, tmp_path):
    open_archive.propose("quotes", title="'\"><script>alert(1)</script> & 제안'", endorse_until="2020-10-02")
    open_archive.commit("제안", author=DANDI, when="2020-09-06T10:00:00+09:00")
    build(open_archive, tmp_path / "site")
    page = (tmp_path / "site" / "proposals" / "quotes" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in page
    for url in buttons(tmp_path / "site" / "proposals" / "quotes" / "index.html").values():
        assert not set(urlsplit(url).query) & set('"<> ')


def test_the_sample_sites_buttons_parse_back(tmp_path):
    site = tmp_path / "site"
    done = subprocess.run([sys.executable, str(BUILD_PY), "build", str(ROOT), "-d", str(site)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    repo_url = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("theme:")[0])["repo_url"]
    found = buttons(site / "proposals" / "2020-09-infant-hours" / "index.html")
    path, content = new_file(found["의견 남기기"], repo_url, "github")
    assert path == f"proposals/2020-09-infant-hours/opinions/{PLACEHOLDER}.1.md" and content
    path, _ = new_file(buttons(site / "proposals" / "index.html")["제안하기"], repo_url, "github")
    assert path.endswith("/proposal.md")
    assert (site / "assets" / "madang.js").read_text(encoding="utf-8").count(PLACEHOLDER) == 2


def landed_ballot(repo: ArchiveRepo, path: str, content: str, handle: str = "heidi") -> tuple[tuple[str, ...], str | None]:
    """A prefilled ballot, saved under `handle` as the forge would and landed: (choices, 기타) as the tally
    judged it with madang's own ballot rules; fails when it did not count."""
    repo.write(path.replace(PLACEHOLDER, handle), content)
    repo.commit(f"{handle}의 표", author=(handle, f"{handle}@example.org"), when="2020-09-10T10:00:00+09:00")
    ballot = act(run(repo), path.split("/")[1], handle, "poll")
    repo.remove(path.replace(PLACEHOLDER, handle))
    repo.commit("표 지움", author=JAY, when="2020-09-10T11:00:00+09:00")
    assert ballot.counted, ballot.reason
    return ballot.choices, ballot.other


@pytest.mark.parametrize("multiple", [False, True])
def test_each_option_button_lands_a_valid_ballot_for_that_option(tmp_path, monkeypatch, multiple):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1600000000")
    repo = ArchiveRepo.create(tmp_path / "archive", mkdocs=MINIMAL_MKDOCS + f"repo_url: {FORGES['github']}\n")
    repo.open_poll("unit-name", closes="2020-09-22", multiple=multiple, other=True)
    repo.commit("투표", author=JAY, when="2020-09-05T10:00:00+09:00")
    build(repo, tmp_path / "site")
    found = buttons(tmp_path / "site" / "polls" / "unit-name" / "index.html")
    for option_id, label in POLL_OPTIONS:
        path, content = new_file(found[label], FORGES["github"], "github")
        assert landed_ballot(repo, path, content) == ((option_id,), None)
    path, content = new_file(found["기타 (직접 적기)"], FORGES["github"], "github")
    assert landed_ballot(repo, path, content.replace('""', '"시민 운영단"')) == ((), "시민 운영단")
    if multiple:  # the other options are listed, ready to add
        path, content = new_file(found["시민협력가"], FORGES["github"], "github")
        assert landed_ballot(repo, path, content.replace("[citizen-partners]", "[citizen-partners, core-group]")) == (
            ("citizen-partners", "core-group"), None)

