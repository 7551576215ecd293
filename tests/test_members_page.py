"""The members page (참여자), from a real history: who is who, and what each person's counted acts were.

Only counted acts are listed: an unverified, late or withdrawn act is on its
record's audit list instead, so the page never shows an act the counts do not.
"""

import os
import re
import subprocess
import sys

import pytest

from madang.render.paging import PAGE_SIZE
from conftest import BUILD_PY, DANDI, HEIDI, JAY, MALLORY, MINNI, ArchiveRepo, run

pytestmark = pytest.mark.usefixtures("fixed_today")

A, B = "2020-09-infant-hours", "2020-09-reservation"
A_TITLE, B_TITLE = "유아들만 이용할 수 있는 작은도서관", "사전 예약을 도입해주세요"
POLL = "2020-09-team-name"
OUTSIDER = ("Outsider", "4242+outsider@users.noreply.github.com")
"""Not in members.yml, yet verified by the forge's private address."""
BEFORE = "2020-09-20T10:00:00+09:00"
LATE = "2020-10-05T10:00:00+09:00"  # after both proposals' 2020-10-02 deadline


def history(repo: ArchiveRepo) -> ArchiveRepo:
    repo.propose(A, title=A_TITLE, proposer="dandi")
    repo.propose(B, title=B_TITLE, proposer="Dandi")
    repo.commit("제안", author=DANDI, when="2020-09-02T10:00:00+09:00")
    repo.open_poll(POLL, question="실행 단위 이름을 정해요", closes="2020-09-22")
    repo.commit("투표 열기", author=JAY, when="2020-09-03T10:00:00+09:00")
    repo.endorse(A, "heidi")
    repo.write(f"proposals/{A}/opinions/heidi.1.md", "아이와 함께 가고 싶어요.\n")
    repo.commit("공감과 의견", author=HEIDI, when=BEFORE)
    repo.vote(POLL, "minni", ["core-group"])
    repo.commit("투표", author=MINNI, when=BEFORE)
    repo.endorse(A, "outsider")
    repo.commit("공감", author=OUTSIDER, when=BEFORE)
    repo.endorse(A, "namu")
    repo.commit("남의 공감", author=MALLORY, when=BEFORE)  # unverified: not namu's commit
    repo.endorse(B, "heidi")
    repo.commit("늦은 공감", author=HEIDI, when=LATE)
    return repo


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> ArchiveRepo:
    return history(ArchiveRepo.create(tmp_path_factory.mktemp("members") / "archive"))


@pytest.fixture(scope="module")
def page(repo) -> str:
    return members_page(repo)


def generated_members(repo) -> dict[str, str]:
    return {g.path: g.content for g in run(repo).files if re.fullmatch(r"members(-\d+)?\.md", g.path)}


def members_page(repo) -> str:
    return generated_members(repo)["members.md"]


def person_section(page: str, heading: str) -> str:
    """The lines under `### heading`, up to the next heading."""
    start = page.index(f"### {heading}\n")
    following = re.search(r"^##", page[start + 4:], re.M)
    return page[start : start + 4 + following.start()] if following else page[start:]


def test_members_come_in_file_order_with_names_and_korean_roles(page):
    headings = re.findall(r"^### (.+)$", page, re.M)
    assert headings[:5] == ["Jay (@jay)", "김하이디 (@heidi)", "단디 (@dandi)", "민니 (@minni)", "Mallory (@mallory)"]
    assert "역할: 운영자" in person_section(page, "Jay (@jay)")
    assert "역할: 시민 · 시민 제안가" in person_section(page, "단디 (@dandi)")


def test_each_member_lists_proposals_written_and_counted_acts_with_links(page):
    heidi = person_section(page, "김하이디 (@heidi)")
    assert f"- 공감 1건: [{A_TITLE}](proposals/{A}.md)" in heidi  # the late endorsement of B is not counted
    assert f"- 의견 1건: [{A_TITLE}](proposals/{A}.md)" in heidi
    assert B_TITLE not in heidi
    dandi = person_section(page, "단디 (@dandi)")
    assert f"- 제안 2건: [{A_TITLE}](proposals/{A}.md), [{B_TITLE}](proposals/{B}.md)" in dandi
    assert f"- 투표 1건: [실행 단위 이름을 정해요](polls/{POLL}.md)" in person_section(page, "민니 (@minni)")


def test_a_member_with_no_counted_act_says_so(page):
    assert "아직 집계된 참여가 없습니다" in person_section(page, "Mallory (@mallory)")


def test_others_who_acted_are_listed_by_handle_and_unverified_acts_are_not(page):
    assert "## 그 밖에 참여한 사람" in page
    assert "- @outsider — 공감 1건\n" in page
    assert "namu" not in page


def test_others_are_paginated_so_the_page_does_not_grow(archive):
    archive.propose("p", title="제안")
    for number in range(PAGE_SIZE + 3):
        archive.endorse("p", f"guest-{number:03}", "source: offline\n")
    archive.commit("종이 명단", author=JAY, when=BEFORE)
    files = generated_members(archive)
    assert set(files) == {"members.md", "members-2.md"}
    assert files["members.md"].count("- @guest-") == PAGE_SIZE and files["members-2.md"].count("- @guest-") == 3
    assert "[다음 ›](members-2.md)" in files["members.md"] and "## 멤버" not in files["members-2.md"]


def test_long_lists_show_ten_links_and_the_count(archive):
    for number in range(12):
        archive.propose(f"p-{number:02}", title=f"제안 {number}")
        archive.endorse(f"p-{number:02}", "heidi")
    archive.commit("제안과 공감", author=HEIDI, when=BEFORE)
    line = next(line for line in members_page(archive).splitlines() if line.startswith("- 공감"))
    assert line.startswith("- 공감 12건: ")
    assert line.count("](proposals/") == 10 and line.endswith(" 외 2곳")


def test_built_members_page(repo, tmp_path):
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, str(BUILD_PY), "build", str(repo.path), "-d", str(out)],
        cwd=tmp_path, capture_output=True, text=True, env={**os.environ, "SOURCE_DATE_EPOCH": "1602288000"},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    html = (out / "members/index.html").read_text(encoding="utf-8")
    assert "<title>참여자" in html
    assert f'<a href="../proposals/{A}/">{A_TITLE}</a>' in html
    assert '<h3 id="김하이디-heidi">김하이디 (@heidi)</h3>' in html
    start = html.index("md-nav--primary")
    navigation = html[start : html.index("</nav>", start)]
    assert 'href="../news/"' in navigation and "참여자" not in navigation  # linked from 과정, not a tab
