"""The 투표 (polls) board: ballots counted on real git histories, the poll pages and data/polls.json.

A ballot is an act like an endorsement (tests/test_counting.py proves the
shared rules in depth); here each poll rule is proved once: choices counted
as they stood at the close, multiple choice as shares of participants, the
maximum, 기타, a maintainer's `closed:`, and results entered from outside the
archive kept apart from the ballots.
"""

import html
import json
import os
import re
import subprocess
import sys

import pytest

from madang import pipeline
from madang.constants import REASONS
from madang.diagnostics import ERROR, WARNING
from madang.render import navigation
from madang.render.polls import bar, percent
from madang.tally import poll_tally
from conftest import (
    BUILD_PY, DANDI, HEIDI, JAY, MALLORY, MINIMAL_MKDOCS, MINNI, ROOT, ArchiveRepo, act, madang_settings, record, run,
)

pytestmark = pytest.mark.usefixtures("fixed_today")

Q = "team-name"
OPENED = "2020-09-01T12:00:00+09:00"
BEFORE = "2020-09-20T15:00:00+09:00"
AFTER = "2020-09-25T10:00:00+09:00"  # after the 2020-09-22 close
SOURCE_DATE_EPOCH = "1602288000"  # 2020-10-10 09:00 KST


@pytest.fixture
def poll(archive) -> ArchiveRepo:
    """One multiple-choice poll with 기타, closing 2020-09-22 (KST)."""
    archive.open_poll(Q, closes="2020-09-22", multiple=True, other=True)
    archive.commit("투표 열기", author=JAY, when=OPENED)
    return archive


def ballot(result, handle, record_id=Q):
    return act(result, record_id, handle, kind="poll")


def tally_of(result, record_id=Q):
    return poll_tally(result.archive.polls[record_id], record(result, record_id, kind="poll"))


def votes(result, record_id=Q) -> dict:
    return dict(tally_of(result, record_id).votes)


def checked(repo) -> list[tuple[str, str, int, str]]:
    """(slug, severity, line, path) of every diagnostic `check` gives."""
    _, diagnostics = pipeline.check(repo.path, madang_settings())
    return [(d.slug, d.severity, d.line, d.path) for d in diagnostics]


# --- Counting choices ---------------------------------------------------------------------


def test_verified_ballot_counts_its_choices(poll):
    poll.vote(Q, "heidi", ["citizen-partners", "core-group"])
    sha = poll.commit("투표", author=HEIDI, when=BEFORE)
    result = run(poll)
    heidi = ballot(result, "heidi")
    assert (heidi.counted, heidi.level, heidi.commit) == (True, "verified", sha)
    assert heidi.choices == ("citizen-partners", "core-group")
    assert tally_of(result).participants == 1
    assert votes(result) == {"citizen-partners": 1, "core-group": 1, "steering-committee": 0}


def test_ballot_changed_before_close_counts_the_new_choices(poll):
    poll.vote(Q, "heidi", ["citizen-partners"])
    poll.commit("투표", author=HEIDI, when="2020-09-10T10:00:00+09:00")
    poll.vote(Q, "heidi", ["core-group"], other="시민 운영단")
    changed = poll.commit("투표 변경", author=HEIDI, when=BEFORE)
    result = run(poll)
    heidi = ballot(result, "heidi")
    assert (heidi.counted, heidi.commit, heidi.choices, heidi.other) == (True, changed, ("core-group",), "시민 운영단")
    assert heidi.changed_after is None
    assert votes(result) == {"citizen-partners": 0, "core-group": 1, "steering-committee": 0}
    assert tally_of(result).other == ("시민 운영단",)


def test_ballot_edited_after_close_counts_as_it_stood(poll):
    poll.vote(Q, "heidi", ["citizen-partners"])
    cast = poll.commit("투표", author=HEIDI, when=BEFORE)
    poll.vote(Q, "heidi", ["core-group"], other="마감 뒤 생각")
    edited = poll.commit("투표 변경", author=HEIDI, when=AFTER)
    result = run(poll)
    heidi = ballot(result, "heidi")
    assert (heidi.counted, heidi.commit, heidi.choices, heidi.other) == (True, cast, ("citizen-partners",), None)
    assert (heidi.changed_after.change, heidi.changed_after.commit) == ("M", edited)
    assert votes(result)["citizen-partners"] == 1 and votes(result)["core-group"] == 0
    assert tally_of(result).other == ()


def test_ballot_removed_after_close_still_counts(poll):
    poll.vote(Q, "heidi", ["citizen-partners"])
    poll.commit("투표", author=HEIDI, when=BEFORE)
    poll.unvote(Q, "heidi")
    removed = poll.commit("투표 철회", author=HEIDI, when=AFTER)
    heidi = ballot(run(poll), "heidi")
    assert heidi.counted and heidi.choices == ("citizen-partners",)
    assert (heidi.changed_after.change, heidi.changed_after.commit) == ("D", removed)


def test_ballot_withdrawn_before_close_is_not_counted(poll):
    poll.vote(Q, "heidi", ["citizen-partners"])
    poll.commit("투표", author=HEIDI, when="2020-09-10T10:00:00+09:00")
    poll.unvote(Q, "heidi")
    removed = poll.commit("투표 철회", author=HEIDI, when=BEFORE)
    result = run(poll)
    heidi = ballot(result, "heidi")
    assert (heidi.counted, heidi.reason, heidi.commit, heidi.choices) == (False, "withdrawn", removed, ())
    assert tally_of(result).participants == 0


def test_ballot_landed_after_close_is_late(poll):
    poll.vote(Q, "heidi", ["citizen-partners"])
    late = poll.commit("투표", author=HEIDI, when=AFTER)
    result = run(poll)
    heidi = ballot(result, "heidi")
    assert (heidi.counted, heidi.reason, heidi.commit) == (False, "late", late)
    assert heidi.choices == ("citizen-partners",)  # shown for the record, never counted
    assert tally_of(result).participants == 0 and votes(result)["citizen-partners"] == 0


def test_forged_ballot_is_unverified_and_not_counted(poll):
    poll.vote(Q, "heidi", ["steering-committee"])
    poll.commit("투표", author=("하이디", MALLORY[1]), when=BEFORE)
    result = run(poll)
    heidi = ballot(result, "heidi")
    assert (heidi.counted, heidi.reason, heidi.level) == (False, "unverified", "unverified")
    assert votes(result)["steering-committee"] == 0


def test_paper_ballot_entered_by_maintainer_is_attested(poll):
    poll.vote(Q, "minni", ["core-group"], text="source: offline\n")
    poll.commit("투표 용지 옮겨 적기", author=JAY, when=BEFORE)
    result = run(poll)
    minni = ballot(result, "minni")
    assert (minni.counted, minni.level) == (True, "attested")
    assert votes(result)["core-group"] == 1


def test_multiple_choice_percentages_are_shares_of_participants(poll):
    poll.vote(Q, "heidi", ["citizen-partners", "core-group"])
    poll.commit("투표", author=HEIDI, when=BEFORE)
    poll.vote(Q, "dandi", ["citizen-partners"])
    poll.commit("투표", author=DANDI, when=BEFORE)
    poll.vote(Q, "minni", ["core-group", "steering-committee"])
    poll.commit("투표", author=MINNI, when=BEFORE)
    result = run(poll)
    tally = tally_of(result)
    assert tally.participants == 3
    assert votes(result) == {"citizen-partners": 2, "core-group": 2, "steering-committee": 1}
    shares = [percent(n, tally.participants) for _, n in tally.votes]
    assert shares == ["67%", "67%", "33%"]  # of 3 participants; together more than 100%
    page = _page(result, f"polls/{Q}.md")
    assert "| 시민협력가 | 2명 | 67% |" in page and "| 운영위원회 | 1명 | 33% |" in page
    assert "참여자 가운데" in page


def test_percent_and_bar_round_half_up_and_need_participants():
    assert (percent(1, 8), percent(1, 3), percent(2, 3), percent(0, 5), percent(3, 0)) == ("13%", "33%", "67%", "0%", "—")
    assert bar(0, 4) == "" and bar(1, 0) == ""
    assert bar(4, 4).count("▇") == 20 and bar(1, 2).count("▇") == 10
    assert 'aria-hidden="true"' in bar(1, 2)


def test_a_choice_written_twice_counts_once(poll):
    poll.vote(Q, "heidi", ["core-group", "core-group"])
    poll.commit("투표", author=HEIDI, when=BEFORE)
    result = run(poll)
    assert ballot(result, "heidi").counted
    assert votes(result)["core-group"] == 1
    assert checked(poll) == [("duplicate-choice", WARNING, 1, f"polls/{Q}/ballots/heidi.yml")]


# --- The poll's rules -----------------------------------------------------------------------


def test_ballot_over_max_choices_is_bad_content(archive):
    archive.open_poll(Q, closes="2020-09-22", multiple=True, max_choices=2, other=True)
    archive.commit("투표 열기", author=JAY, when=OPENED)
    archive.vote(Q, "heidi", ["citizen-partners", "core-group"])
    archive.vote(Q, "dandi", ["citizen-partners", "core-group", "steering-committee"])
    archive.vote(Q, "minni", ["citizen-partners", "core-group"], other="둘 다 좋아요")
    archive.commit("투표 셋", author=JAY, when=BEFORE, committer=JAY)
    diagnostics = checked(archive)
    assert ("too-many-choices", ERROR, 1, f"polls/{Q}/ballots/dandi.yml") in diagnostics
    assert ("too-many-with-other", ERROR, 2, f"polls/{Q}/ballots/minni.yml") in diagnostics
    assert not [d for d in diagnostics if d[3].endswith("heidi.yml")]
    # Committed anyway (the tally never trusts check): the two broken ballots are bad content.
    for handle in ("dandi", "minni"):
        archive.write(f"polls/{Q}/ballots/{handle}.yml", "choices: [core-group]\n")
    result = run(archive)  # the working tree is valid again; the history still holds the broken ballots
    reasons = {a.handle: a.reason for a in record(result, Q, kind="poll").acts}
    assert reasons["dandi"] == reasons["minni"] == "bad-content"


def test_single_choice_takes_one_answer_and_other_counts_as_one(archive):
    archive.open_poll(Q, other=True)
    archive.vote(Q, "heidi", ["core-group"], other="둘 다")
    archive.vote(Q, "dandi", other="시민 운영단")
    assert checked(archive) == [("too-many-with-other", ERROR, 2, f"polls/{Q}/ballots/heidi.yml")]


def test_other_answer_needs_a_poll_that_allows_it(archive):
    archive.open_poll(Q)
    archive.vote(Q, "heidi", ["core-group"], other="다른 이름")
    assert [d[0] for d in checked(archive)] == ["other-not-allowed"]


def test_max_choices_on_a_single_choice_poll_is_a_warning(archive):
    archive.open_poll(Q, max_choices=2)
    assert checked(archive) == [("max-choices-ignored", WARNING, 4, f"polls/{Q}/poll.yml")]


def test_other_answers_of_counted_ballots_only(poll):
    poll.vote(Q, "heidi", other="시민 운영단")
    poll.commit("투표", author=HEIDI, when=BEFORE)
    poll.vote(Q, "dandi", ["core-group"], other="작은도서관 지기")
    poll.commit("투표", author=DANDI, when=BEFORE)
    poll.vote(Q, "namu", other="위조된 답")
    poll.commit("투표", author=MALLORY, when=BEFORE)
    result = run(poll)
    tally = tally_of(result)
    assert tally.participants == 2
    assert tally.other == ("작은도서관 지기", "시민 운영단")  # in the order of the files: dandi, heidi
    page = _page(result, f"polls/{Q}.md")
    other_section = page.split("## 기타 답", 1)[1].split("\n## ", 1)[0]
    assert "“시민 운영단” — 김하이디 (@heidi)" in other_section
    assert "위조된 답" not in other_section
    assert "| 기타 | 2명 | 100% |" in page


# --- Closing ---------------------------------------------------------------------------------


def test_maintainer_writing_closed_freezes_the_tally(archive):
    archive.open_poll(Q, multiple=True)  # no closing day: 토론 정리 시 종료
    archive.commit("투표 열기", author=JAY, when=OPENED)
    archive.vote(Q, "heidi", ["citizen-partners"])
    cast = archive.commit("투표", author=HEIDI, when="2020-09-10T10:00:00+09:00")
    archive.vote(Q, "dandi", ["core-group"])
    archive.commit("투표", author=DANDI, when="2020-09-16T10:00:00+09:00")
    archive.vote(Q, "heidi", ["steering-committee"])
    archive.commit("투표 변경", author=HEIDI, when="2020-09-17T10:00:00+09:00")
    still_open = run(archive)
    assert tally_of(still_open).participants == 2
    assert ballot(still_open, "heidi").choices == ("steering-committee",)
    assert record(still_open, Q, kind="poll").deadline_end is None
    # The discussion wrapped up on 09-15; a maintainer records it afterwards.
    archive.open_poll(Q, multiple=True, closed="2020-09-15")
    archive.commit("토론 정리: 투표 종료", author=JAY, when="2020-09-18T10:00:00+09:00")
    closed = run(archive)
    heidi, dandi = ballot(closed, "heidi"), ballot(closed, "dandi")
    assert (heidi.counted, heidi.commit, heidi.choices) == (True, cast, ("citizen-partners",))
    assert heidi.changed_after is not None
    assert (dandi.counted, dandi.reason) == (False, "late")
    assert record(closed, Q, kind="poll").frozen_at.sha == cast
    assert votes(closed) == {"citizen-partners": 1, "core-group": 0, "steering-committee": 0}


def test_closed_overrides_the_planned_closing_day(archive):
    archive.open_poll(Q, closes="2020-09-30", closed="2020-09-15")
    archive.commit("투표 열기", author=JAY, when=OPENED)
    archive.vote(Q, "heidi", ["core-group"])
    archive.commit("투표", author=HEIDI, when=BEFORE)
    result = run(archive)
    assert ballot(result, "heidi").reason == "late"
    page = _page(result, f"polls/{Q}.md")
    assert "| 마감 | 2020.09.15 (토론 정리로 종료) |" in page
    assert "| 처음 정한 마감 | 2020.09.30 |" in page


def untagged(markup: str) -> str:
    """The text without tags: live dates wrap D-days and statuses in <time>/<span> (render/format.py)."""
    return re.sub(r"<[^>]+>", "", markup)


def test_listing_shows_status_and_closing(archive):
    archive.open_poll("no-date", question="날짜 없는 투표")
    archive.open_poll("dated", question="날짜 있는 투표", opened="2020-10-01", closes="2020-10-20")
    archive.open_poll("done", question="끝난 투표", closes="2020-09-22")
    archive.open_poll("later", question="곧 열 투표", opened="2020-11-01")
    archive.commit("투표 넷", author=JAY, when=OPENED)
    result = run(archive)
    index = _page(result, "polls/index.md")
    rows = {line.split("](")[1].split(".md")[0]: line for line in index.splitlines() if line.startswith("| [")}
    assert "| 토론 정리 시 종료 | 진행중 |" in rows["no-date"]
    assert "| 2020.10.20 (D-10) | 진행중 |" in untagged(rows["dated"])
    assert "| 2020.09.22 | 마감 |" in rows["done"]
    assert "| 예정 |" in rows["later"]
    home = _page(result, "index.md")
    open_polls = home.split("## 진행중인 투표", 1)[1].split("\n## ", 1)[0]
    assert "[날짜 없는 투표](polls/no-date.md)" in open_polls and "토론 정리 시 종료" in open_polls
    assert "[날짜 있는 투표](polls/dated.md) — 참여 0명 · 2020.10.20 (D-10)" in untagged(open_polls)
    assert "끝난 투표" not in open_polls and "곧 열 투표" not in open_polls


# --- Results from outside the archive -----------------------------------------------------

OFFLINE = """\
offline_results:
  - source: 열린토론회 현장 투표
    date: 2020-09-25
    participants: 20
    counts: {citizen-partners: 12, core-group: 6}
    other: [시민 운영단]
"""


def test_offline_results_are_shown_with_their_source_and_never_added(archive):
    archive.open_poll(Q, closes="2020-09-22", multiple=True, other=True, extra=OFFLINE)
    archive.commit("투표 열기", author=JAY, when=OPENED)
    archive.vote(Q, "heidi", ["citizen-partners"])
    archive.commit("투표", author=HEIDI, when=BEFORE)
    assert checked(archive) == []
    result = run(archive)
    offline = result.archive.polls[Q].offline_results
    assert [(r.source, r.participants, r.counts, r.other) for r in offline] == [
        ("열린토론회 현장 투표", 20,
         (("citizen-partners", 12), ("core-group", 6), ("steering-committee", 0)), ("시민 운영단",)),
    ]
    assert tally_of(result).participants == 1
    assert votes(result) == {"citizen-partners": 1, "core-group": 0, "steering-committee": 0}
    page = _page(result, f"polls/{Q}.md")
    results, outside = page.split("## 결과", 1)[1].split("## 현장 집계", 1)
    assert "| 시민협력가 | 1명 | 100% |" in results and "12" not in results
    assert "### 열린토론회 현장 투표 (2020.09.25)" in outside
    assert "| 시민협력가 | 12표 | 60% |" in outside and "| 운영위원회 | 0표 | 0% |" in outside
    assert "| 기타 | 1표 | 5% |" in outside and "“시민 운영단”" in outside
    assert "더하지 않았습니다" in outside


def test_offline_results_without_participants_on_single_choice_use_the_total(archive):
    archive.open_poll(Q, extra="offline_results:\n  - source: 종이 집계\n    counts: {citizen-partners: 3, core-group: 1}\n")
    page = _page(run(archive), f"polls/{Q}.md")
    assert "| 시민협력가 | 3표 | 75% |" in page


def test_offline_results_diagnostics(archive):
    archive.open_poll(Q, multiple=True, extra=(
        "offline_results:\n"
        "  - source: 현장 투표\n"               # 10
        "    participants: 5\n"                # 11
        "    counts:\n"                        # 12
        "      citizen-partners: 6\n"          # 13
        "      core-groop: 2\n"                # 14
        "      steering-committee: 두 표\n"    # 15
        "    other: [기타 답]\n"               # 16
        "  - counts: {core-group: -1}\n"       # 17
        "  - source: 손들기\n"                  # 18
        "    counts: [3, 2]\n"                 # 19
    ))
    path = f"polls/{Q}/poll.yml"
    assert sorted(checked(archive)) == sorted([
        ("unknown-option", ERROR, 14, path),
        ("bad-count", ERROR, 15, path),
        ("other-not-allowed", ERROR, 16, path),
        ("missing-field", ERROR, 17, path),
        ("bad-count", ERROR, 17, path),
        ("not-a-mapping", ERROR, 19, path),
    ])
    archive.open_poll(Q, multiple=True, extra=(
        "offline_results:\n  - source: 현장 투표\n    participants: 5\n    counts: {citizen-partners: 6}\n"
    ))
    assert checked(archive) == [("count-over-participants", ERROR, 11, path)]
    archive.open_poll(Q, extra="offline_results: 현장 투표 12표\n")
    assert checked(archive) == [("not-a-list", ERROR, 8, path)]
    archive.open_poll(Q, extra="offline_results:\n  - 현장 투표 12표\n")
    assert checked(archive) == [("not-a-mapping", ERROR, 9, path)]


def test_diagnostic_messages_are_korean_and_english(archive):
    archive.open_poll(Q, extra="offline_results:\n  - source: 현장\n    counts: {core-group: 많이}\n")
    _, diagnostics = pipeline.check(archive.path, madang_settings())
    text = str(diagnostics[0])
    assert "'core-group'의 표 수 '많이'은(는) 0 이상의 정수여야 합니다" in text
    assert "must be a whole number" in text


# --- The built site -------------------------------------------------------------------------

U = "2020-09-team-name"
U_QUESTION = "거버넌스 프로젝트 실행 단위 이름을 함께 정해봐요"
O = "2020-10-meeting-day"
O_QUESTION = "다음 모임 요일"


def _page(result, path) -> str:
    return {f.path: f.content for f in result.files}[path]


def cells(fragment) -> list[list[str]]:
    """The text of every table row's cells in an HTML fragment."""
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", fragment, re.S):
        found = re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)
        rows.append([html.unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in found])
    return rows


def between(page, start_id, end_id=None) -> str:
    start = page.index(f'id="{start_id}"')
    return page[start:page.index(f'id="{end_id}"', start)] if end_id else page[start:]


class Site:
    def __init__(self, root, shas):
        self.root = root
        self.shas = shas

    def html(self, path):
        return (self.root / path).read_text(encoding="utf-8")

    def polls(self):
        return {p["id"]: p for p in json.loads(self.html("data/polls.json"))}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Site:
    """Two polls, built once through the real command line."""
    base = tmp_path_factory.mktemp("polls-site")
    repo = ArchiveRepo.create(base / "archive", mkdocs=MINIMAL_MKDOCS + "repo_url: https://github.com/o/r\n")
    repo.open_poll(U, question=U_QUESTION, multiple=True, other=True, extra=OFFLINE)
    repo.open_poll(O, question=O_QUESTION, opened="2020-10-01", closes="2020-10-31",
                   options=(("sat", "토요일"), ("sun", "일요일")))
    repo.commit("투표 열기", author=JAY, when=OPENED)
    shas = {}
    repo.branch("heidi-votes")
    repo.vote(U, "heidi", ["citizen-partners", "core-group"], other="시민 운영단")
    shas["heidi"] = repo.commit("투표", author=HEIDI, when="2020-09-09T10:00:00+09:00")
    repo.merge_pr("heidi-votes", 7, "2020-09-09T15:00:00+09:00")
    repo.vote(U, "dandi", ["citizen-partners"])
    shas["dandi"] = repo.commit("투표", author=DANDI, when="2020-09-10T10:00:00+09:00")
    repo.vote(U, "minni", ["steering-committee"], text="source: offline\n")
    shas["minni"] = repo.commit("투표 용지 옮겨 적기", author=JAY, when="2020-09-11T10:00:00+09:00")
    repo.vote(U, "namu", ["steering-committee"])
    shas["namu"] = repo.commit("투표", author=MALLORY, when="2020-09-12T10:00:00+09:00")
    repo.open_poll(U, question=U_QUESTION, multiple=True, other=True, closed="2020-09-15", extra=OFFLINE)
    repo.commit("토론 정리: 투표 종료", author=JAY, when="2020-09-15T18:00:00+09:00")
    repo.vote(U, "jay", ["core-group"])
    shas["jay"] = repo.commit("투표", author=JAY, when="2020-09-16T10:00:00+09:00")
    repo.vote(O, "heidi", ["sat"])
    repo.commit("투표", author=HEIDI, when="2020-10-05T10:00:00+09:00")
    out = base / "out"
    done = subprocess.run(
        [sys.executable, str(BUILD_PY), "build", str(repo.path), "-d", str(out)],
        cwd=base, capture_output=True, text=True, env={**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return Site(out, shas)


def test_poll_page_title_rules_and_participants(site):
    page = site.html(f"polls/{U}/index.html")
    assert f"<title>{U_QUESTION}" in page
    assert f"<h1 id=\"{U_QUESTION.replace(' ', '-')}\">{U_QUESTION}</h1>" in page
    facts = dict(row for row in cells(between(page, U_QUESTION.replace(" ", "-"), "결과")) if len(row) == 2)
    assert facts["방식"] == "복수응답가능 · 기타 허용"
    assert facts["시작"] == "2020.09.01"
    assert facts["마감"] == "2020.09.15 (토론 정리로 종료)"
    assert facts["상태"] == "마감"
    assert facts["참여"] == "3명"
    assert facts["작성자"] == "Jay (@jay)"


def test_poll_page_bars_and_percentages(site):
    results = between(site.html(f"polls/{U}/index.html"), "결과", "기타-답")
    rows = {row[0]: row[1:3] for row in cells(results) if row and row[0] != "선택지"}
    assert rows == {
        "시민협력가": ["2명", "67%"], "코어그룹": ["1명", "33%"], "운영위원회": ["1명", "33%"], "기타": ["1명", "33%"],
    }
    assert results.count("▇") == 13 + 7 + 7 + 7  # 20 blocks would be 100%
    assert 'aria-hidden="true"' in results


def test_poll_page_other_answers_offline_voters_and_audit(site):
    page = site.html(f"polls/{U}/index.html")
    assert "“시민 운영단” — 김하이디 (@heidi)" in between(page, "기타-답", "현장-집계")
    outside = between(page, "현장-집계", "투표한-사람")
    assert "열린토론회 현장 투표" in outside and "12표" in outside and "60%" in outside
    voters = between(page, "투표한-사람", "집계-내역")
    assert "김하이디 (@heidi)" in voters and "시민협력가, 코어그룹, 기타: “시민 운영단”" in voters
    assert 'href="https://github.com/o/r/pull/7"' in voters
    assert "민니 (@minni)" in voters and "운영자 대리 입력" in voters
    assert "@namu" not in voters and "Jay (@jay)" not in voters
    audit = between(page, "집계-내역")
    reasons = {row[0]: row[1] for row in cells(audit) if row and row[0].startswith("@")}
    assert reasons == {"@jay": REASONS["late"], "@namu": REASONS["unverified"]}
    assert "--before=2020-09-15T23:59:59+09:00" in audit


def test_polls_index_and_navigation(site):
    index = site.html("polls/index.html")
    rows = {row[0]: row for row in cells(index) if row and row[0] != "질문"}
    assert rows[U_QUESTION][1:] == ["@jay", "2020.09.01", "2020.09.15 (토론 정리로 종료)", "마감", "3명"]
    assert rows[O_QUESTION][1:] == ["@jay", "2020.10.01", "2020.10.31 (D-21)", "진행중", "1명"]
    assert f'href="../polls/{U}/"' not in site.html("process/index.html")  # record pages are not in the nav
    nav = site.html("process/index.html")
    nav = nav[nav.index('md-nav--primary'):]
    labels = [label for label in re.findall(r'class="md-nav__link[^"]*"[^>]*>\s*(?:<span[^>]*>)?\s*([^<\s][^<]*?)\s*<', nav)]
    tabs = [label for label in labels if label in ("홈", "제안", "투표", "과정", "자료")]
    assert list(dict.fromkeys(tabs)) == ["홈", "제안", "투표", "과정", "자료"]
    home = site.html("index.html")
    assert O_QUESTION in home and f'href="polls/{O}/"' in home and U_QUESTION not in home


def test_polls_json(site):
    polls = site.polls()
    assert set(polls) == {U, O}
    u = polls[U]
    for key in ("id", "question", "participants", "options", "other", "acts"):
        assert key in u
    assert (u["question"], u["participants"], u["status"], u["closed"], u["closes"]) == (
        U_QUESTION, 3, "closed", "2020-09-15", None)
    assert u["options"] == [
        {"id": "citizen-partners", "label": "시민협력가", "votes": 2},
        {"id": "core-group", "label": "코어그룹", "votes": 1},
        {"id": "steering-committee", "label": "운영위원회", "votes": 1},
    ]
    assert u["other"] == ["시민 운영단"]
    assert (u["multiple"], u["max_choices"], u["allows_other"]) == (True, None, True)
    assert u["offline_results"] == [{
        "source": "열린토론회 현장 투표", "date": "2020-09-25", "participants": 20,
        "options": [
            {"id": "citizen-partners", "label": "시민협력가", "votes": 12},
            {"id": "core-group", "label": "코어그룹", "votes": 6},
            {"id": "steering-committee", "label": "운영위원회", "votes": 0},
        ],
        "other": ["시민 운영단"],
    }]
    acts = {a["handle"]: a for a in u["acts"]}
    assert {h: (a["counted"], a["reason"], a["level"]) for h, a in acts.items()} == {
        "heidi": (True, None, "verified"), "dandi": (True, None, "verified"), "minni": (True, None, "attested"),
        "namu": (False, "unverified", "unverified"), "jay": (False, "late", None),
    }
    assert {h: a["commit"] for h, a in acts.items()} == site.shas
    assert set(acts["heidi"]) == {
        "handle", "counted", "reason", "level", "commit", "pr", "landed", "choices", "other", "fields",
    }
    assert (acts["heidi"]["pr"], acts["heidi"]["landed"]) == (7, "2020-09-09T15:00:00+09:00")
    assert (acts["heidi"]["choices"], acts["heidi"]["other"]) == (["citizen-partners", "core-group"], "시민 운영단")
    assert polls[O]["status"] == "open" and polls[O]["frozen_at"] is not None


def test_every_polls_json_key_is_documented(site):
    """docs/data.md lists every key polls.json carries, so the contract cannot drift from the code."""
    docs = (ROOT / "docs" / "data.md").read_text(encoding="utf-8").split("## `data/polls.json`", 1)[1]
    documented = set(re.findall(r"^\| `([^`]+)` \|", docs, re.M))
    poll = site.polls()[U]
    keys = set(poll)
    keys |= {f"options[].{k}" for k in poll["options"][0]}
    keys |= {f"offline_results[].{k}" for k in poll["offline_results"][0]}
    keys |= {f"acts[].{k}" for k in ("choices", "other", "fields")}
    assert keys <= documented, keys - documented


def test_data_page_documents_polls_json(site):
    page = site.html("data/index.html")
    assert 'href="polls.json"' in page
    for key in ("question", "participants", "options[]", "offline_results[]", "allows_other"):
        assert f"<code>{key}</code>" in page, key


def test_navigation_puts_the_archive_pages_after_the_boards():
    assert navigation(["about.md"]) == [
        {"홈": "index.md"}, {"제안": "proposals/index.md"}, {"투표": "polls/index.md"},
        {"모임": "meetings/index.md"}, {"소식": "news/index.md"}, {"실험장": "experiments/index.md"},
        "about.md", {"과정": "process.md"}, {"자료": "data/index.md"},
    ]
