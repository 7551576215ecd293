"""Fields a record declares for its acts (`act_fields:`): validated, shown, exported, never warned about.

A public letter's signatures carry a name and a link (issue 15, item 6). One real
archive holds a letter, a poll and a meeting that declare fields, with acts
holding them rightly, wrongly, late and hostile; it is built once with
`build.py build`, and the pages (read with html5lib) and the open data are read
back. What a pull request may declare is judged by `check --pr-author`.
"""

import json
import os
import subprocess
import sys

import html5lib
import pytest

from conftest import BUILD_PY, DANDI, JAY, MINIMAL_MKDOCS, ArchiveRepo
from madang.validate.fields import MAX_LENGTH
from test_review import check_pr, commit, repo  # noqa: F401 (fixture)

HEIDI_GH = ("하이디", "1+heidi@users.noreply.github.com")
MINNI_GH = ("민니", "2+minni@users.noreply.github.com")
DANDI_GH = ("단디", "3+dandi@users.noreply.github.com")
HOSTILE_NAME = '<script>window.__pwned=1</script> 김하이디 *별* [x](javascript:alert(1))'
HEIDI_LINK = "https://example.org/heidi?a=1&b=2#서명"
LETTER = """\
---
title: 작은도서관에 보내는 공개 편지
proposer: dandi
proposed: 2020-09-02
endorse_until: 2020-10-02
act_fields:
  name: {type: text, label: 이름}
  link: {type: url, label: 누리집}
  group: {type: choice, label: 소속, choices: [개인, 단체]}
---

함께 서명해 주세요.
"""
POLL_FIELDS = "act_fields:\n  reason: {type: text, label: 고른 까닭}\n"
MEETING = """\
---
title: 열린토론회
start: 2020-09-22 19:00
end: 21:00
place: 작은도서관
signup_until: 2020-09-21
act_fields:
  page: {type: url, label: 소개}
  seats: {type: choice, label: 함께 오는 사람, choices: ["0", "1", "2"]}
---
"""
EPOCH = "1602288000"  # 2020-10-10 KST: the letter's deadline has passed


def land(repo, branch, number, author, when, landed, write):
    """One pull request from `author`'s account, merged on the forge."""
    repo.branch(branch)
    write()
    repo.commit(branch, author=author, when=when)
    return repo.merge_pr(branch, number, landed, user=branch.split("-")[0])


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The archive, its `build` output, and the built site."""
    root = tmp_path_factory.mktemp("act-fields")
    repo = ArchiveRepo.create(root / "archive", mkdocs=MINIMAL_MKDOCS)
    repo.write("proposals/letter/proposal.md", LETTER)
    repo.open_poll("name", closes="2020-09-30", extra=POLL_FIELDS)
    repo.write("content/meetings/forum/index.md", MEETING)
    repo.commit("편지, 투표, 모임", author=JAY, when="2020-09-02T10:00:00+09:00")
    land(repo, "heidi-sign", 1, HEIDI_GH, "2020-09-03T10:00:00+09:00", "2020-09-03T11:00:00+09:00", lambda: (
        repo.endorse("letter", "heidi", f"name: {json.dumps(HOSTILE_NAME)}\nlink: {HEIDI_LINK}\ngroup: 개인\n"),
        repo.vote("name", "heidi", ["core-group"], text="reason: 짧아서 <좋아요>\n"),
        repo.write("content/meetings/forum/rsvps/heidi.yml", "page: https://heidi.example/about\nseats: 1\n"),
    ))
    land(repo, "minni-sign", 2, MINNI_GH, "2020-09-04T10:00:00+09:00", "2020-09-04T11:00:00+09:00",
         lambda: repo.endorse("letter", "minni", "name: 민니\nlink: javascript:alert(1)\n"))
    land(repo, "dandi-sign", 3, DANDI_GH, "2020-10-05T10:00:00+09:00", "2020-10-05T11:00:00+09:00",
         lambda: repo.endorse("letter", "dandi", "name: 단디\nlink: javascript:alert(2)\n"))
    # after the deadline both fix their link: the count keeps minni's file as it stood, dandi's as it landed
    land(repo, "minni-fix", 4, MINNI_GH, "2020-10-06T10:00:00+09:00", "2020-10-06T11:00:00+09:00",
         lambda: repo.endorse("letter", "minni", "name: 민니\nlink: https://minni.example\n"))
    land(repo, "dandi-fix", 5, DANDI_GH, "2020-10-06T12:00:00+09:00", "2020-10-06T13:00:00+09:00",
         lambda: repo.endorse("letter", "dandi", "name: 단디\nlink: https://dandi.example\n"))
    site = root / "site"
    done = subprocess.run([sys.executable, str(BUILD_PY), "build", str(repo.path), "-d", str(site)],
                          capture_output=True, text=True, env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH})
    assert done.returncode == 0, done.stderr
    return repo, done, site


def page(site, path) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def data(site, name):
    return json.loads((site / "data" / f"{name}.json").read_text(encoding="utf-8"))


def acts_list(html: str) -> list:
    """The <li> of every counted act on a page (render.format.act_list)."""
    tree = html5lib.parse(html, namespaceHTMLElements=False)
    return [item for ul in tree.iter("ul") if ul.get("class") == "madang-acts" for item in ul.iter("li")]


def test_declared_fields_are_not_unknown_fields(built):
    _, done, _ = built
    assert "unknown-field" not in done.stderr


def test_the_letter_shows_each_signers_declared_fields_escaped_and_links_made_safe(built):
    _, _, site = built
    html = page(site, "proposals/letter")
    items = acts_list(html)
    assert len(items) == 1  # minni's was bad content at the deadline, dandi's late
    text = "".join(items[0].itertext())
    assert f"이름: {HOSTILE_NAME}" in text and "소속: 개인" in text
    assert "<script>window.__pwned" not in html
    (link,) = [a for a in items[0].iter("a") if a.get("href") == HEIDI_LINK]
    assert set(link.get("rel").split()) == {"nofollow", "ugc", "noopener"}
    assert link.text == "example.org" and "누리집: example.org" in text
    assert "javascript:" not in "".join(a.get("href", "") for a in html5lib.parse(html).iter("{*}a"))


def test_the_act_file_to_fill_in_lists_the_declared_fields(tmp_path):
    repo = ArchiveRepo.create(tmp_path / "archive")
    repo.write("proposals/letter/proposal.md", LETTER.replace("endorse_until: 2020-10-02\n", ""))
    repo.commit("편지", author=JAY, when="2020-09-02T10:00:00+09:00")
    site = tmp_path / "site"
    done = subprocess.run([sys.executable, str(BUILD_PY), "build", str(repo.path), "-d", str(site)],
                          capture_output=True, text=True, env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH})
    assert done.returncode == 0, done.stderr
    tree = html5lib.parse(page(site, "proposals/letter"), namespaceHTMLElements=False)
    (template,) = [pre for pre in tree.iter("pre") if "comment:" in "".join(pre.itertext())]
    assert "".join(template.itertext()).splitlines() == [
        "comment: ", "name:   # 이름", "link:   # 누리집 (https://…)", "group:   # 소속: 개인, 단체",
    ]


def test_a_poll_and_a_meeting_show_what_their_acts_declare(built):
    _, _, site = built
    (ballot,) = acts_list(page(site, "polls/name"))
    assert "고른 까닭: 짧아서 <좋아요>" in "".join(ballot.itertext())
    tree = html5lib.parse(page(site, "meetings/forum"), namespaceHTMLElements=False)
    (signup,) = [li for li in tree.iter("li") if "함께 오는 사람" in "".join(li.itertext())]
    assert "함께 오는 사람: 1" in "".join(signup.itertext())
    (link,) = [a for a in signup.iter("a") if a.get("href") == "https://heidi.example/about"]
    assert link.get("rel") == "nofollow noopener ugc" and link.text == "heidi.example"


def test_open_data_holds_the_declaration_and_every_acts_values(built):
    _, _, site = built
    (letter,) = data(site, "proposals")
    assert letter["act_fields"] == [
        {"name": "name", "type": "text", "label": "이름", "choices": []},
        {"name": "link", "type": "url", "label": "누리집", "choices": []},
        {"name": "group", "type": "choice", "label": "소속", "choices": ["개인", "단체"]},
    ]
    acts = {act["handle"]: act for act in letter["acts"]}
    assert acts["heidi"]["fields"] == {"name": HOSTILE_NAME, "link": HEIDI_LINK, "group": "개인"}
    assert (acts["minni"]["reason"], acts["minni"]["fields"]) == ("bad-content", {"name": None, "link": None, "group": None})
    # late: shown as it landed, and a value not of its type is never published
    assert (acts["dandi"]["reason"], acts["dandi"]["fields"]) == ("late", {"name": "단디", "link": None, "group": None})
    assert [row["fields"] for row in data(site, "endorsements")] == [act["fields"] for act in letter["acts"]]
    (poll,) = data(site, "polls")
    assert poll["act_fields"][0]["name"] == "reason" and poll["acts"][0]["fields"] == {"reason": "짧아서 <좋아요>"}
    assert data(site, "ballots")[0]["fields"] == {"reason": "짧아서 <좋아요>"}
    assert [f["name"] for f in data(site, "meetings")[0]["act_fields"]] == ["page", "seats"]
    assert data(site, "signups")[0]["fields"] == {"page": "https://heidi.example/about", "seats": "1"}


def test_a_record_that_declares_nothing_exports_empty_fields(tmp_path):
    repo = ArchiveRepo.create(tmp_path / "archive")
    repo.propose("plain")
    repo.endorse("plain", "dandi", "comment: 좋아요\n")
    repo.commit("제안과 공감", author=DANDI, when="2020-09-02T10:00:00+09:00")
    site = tmp_path / "site"
    done = subprocess.run([sys.executable, str(BUILD_PY), "build", str(repo.path), "-d", str(site)],
                          capture_output=True, text=True, env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH})
    assert done.returncode == 0, done.stderr
    (plain,) = data(site, "proposals")
    assert plain["act_fields"] == [] and plain["acts"][0]["fields"] == {}


def test_check_reads_each_declared_field_by_its_type_and_length_bound(tmp_path):
    repo = ArchiveRepo.create(tmp_path / "archive")
    repo.write("proposals/letter/proposal.md", LETTER)
    limit = MAX_LENGTH[False]
    repo.endorse("letter", "heidi", f"name: {'가' * (limit + 1)}\nlink: https://example.org/{'a' * limit}\n")
    repo.endorse("letter", "dandi", "group: 단체\nlink: ftp://example.org/x\nnickname: 단디\n")
    done = subprocess.run([sys.executable, str(BUILD_PY), "check", str(repo.path)], capture_output=True, text=True)
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert lines[:-1] == [
        "proposals/letter/endorsements/dandi.yml:2: 오류[not-a-web-address] 'link'의 값 'ftp://example.org/x'은(는) "
        "인터넷 주소가 아닙니다. http:// 또는 https://로 시작하는 주소를 빈칸, 따옴표, '아이디@' 없이 적어 주세요 / "
        "'link' value 'ftp://example.org/x' is not a web address; write one starting with http:// or https://, "
        "without spaces, quotes or 'user@'",
        "proposals/letter/endorsements/dandi.yml:3: 경고[unknown-field] 알 수 없는 항목 'nickname'은(는) 무시됩니다 / "
        "unknown field 'nickname' is ignored",
        f"proposals/letter/endorsements/heidi.yml:1: 오류[text-too-long] 'name'이(가) 너무 깁니다 ({limit + 1}자, "
        f"최대 {limit}자) / 'name' is too long ({limit + 1} characters, at most {limit})",
        f"proposals/letter/endorsements/heidi.yml:2: 오류[text-too-long] 'link'이(가) 너무 깁니다 ({limit + 20}자, "
        f"최대 {limit}자) / 'link' is too long ({limit + 20} characters, at most {limit})",
    ]


def test_only_a_maintainer_declares_what_acts_carry(repo):  # noqa: F811 (fixture)
    proposal = repo.path / "proposals/infant-hours/proposal.md"
    declared = proposal.read_text(encoding="utf-8").replace("---\n\n", "act_fields: {name: text}\n---\n\n", 1)
    proposal.write_text(declared, encoding="utf-8")
    commit(repo, DANDI)
    status, found, output = check_pr(repo, "dandi")
    assert (status, found) == (1, ["proposals/infant-hours/proposal.md: pr-maintainer-field"])
    assert "proposals/infant-hours/proposal.md:6: 오류[pr-maintainer-field] 'act_fields'" in output
    commit(repo, JAY)
    assert check_pr(repo, "jay")[:2] == (0, [])
