"""Thresholds (`thresholds: {2: 답변, 4: 공론화}`) and BEST on real git histories.

A threshold is reached by the landing that brought the Nth counted
endorsement (in the order their adds landed), whether that landing was a
merge or a squash; a later edit of the same file does not move it. BEST marks
the most-endorsed proposals on the listing and the home page.
"""

import pytest

from madang.render.pages import rank_text
from madang.score import best_proposals, threshold_crossings
from madang.settings import BestRule
from conftest import DANDI, HEIDI, MINNI, ArchiveRepo, run

pytestmark = pytest.mark.usefixtures("fixed_today")

PROPOSAL = """\
---
title: 유아들만 이용할 수 있는 작은도서관
proposer: dandi
proposed: 2020-09-02
endorse_until: 2020-10-02
thresholds: {4: 공론화, 1: 첫 공감, 2: 답변}
---
본문
"""


@pytest.fixture
def repo(tmp_path) -> ArchiveRepo:
    """heidi by merge PR #1, dandi by squash PR #2, minni by merge PR #3, then heidi edits hers (PR #4)."""
    repo = ArchiveRepo.create(tmp_path / "archive")
    repo.write("proposals/infant-hours/proposal.md", PROPOSAL)
    repo.commit("제안", author=DANDI, when="2020-09-02T10:00:00+09:00")
    repo.branch("heidi")
    repo.endorse("infant-hours", "heidi")
    repo.commit("공감", author=HEIDI, when="2020-09-03T10:00:00+09:00")
    repo.merge_pr("heidi", 1, "2020-09-03T11:00:00+09:00")
    repo.branch("dandi")
    repo.endorse("infant-hours", "dandi")
    repo.commit("공감", author=DANDI, when="2020-09-04T10:00:00+09:00")
    repo.squash_pr("dandi", 2, DANDI, "2020-09-04T11:00:00+09:00")
    repo.branch("minni")
    repo.endorse("infant-hours", "minni")
    repo.commit("공감", author=MINNI, when="2020-09-05T10:00:00+09:00")
    repo.merge_pr("minni", 3, "2020-09-05T11:00:00+09:00", user="minni")
    repo.branch("heidi-edit")
    repo.endorse("infant-hours", "heidi", "comment: 꼭 필요해요\n")
    repo.commit("공감 글 고침", author=HEIDI, when="2020-09-06T10:00:00+09:00")
    repo.merge_pr("heidi-edit", 4, "2020-09-06T11:00:00+09:00")
    return repo


def test_each_threshold_is_reached_by_the_landing_of_the_endorsement_that_made_the_count(repo):
    result = run(repo)
    first, answer, forum = threshold_crossings(result.archive, result.counts, result.history)["infant-hours"]
    assert (first.at, first.label, answer.at, answer.label, forum.at, forum.label) == (1, "첫 공감", 2, "답변", 4, "공론화")
    landings = {landing.pr: landing for landing in result.history.landings}
    assert first.act.handle == "heidi" and first.landing == landings[1]  # her add, not her later edit (PR #4)
    assert first.act.pr == 4
    assert answer.act.handle == "dandi" and answer.landing == landings[2]  # the squash commit
    assert answer.landing.sha == repo.sha("HEAD~2")
    assert forum.act is None and forum.landing is None


def test_the_proposal_page_shows_when_each_was_reached_and_the_progress_to_the_next(repo):
    result = run(repo)
    page = {f.path: f.content for f in result.files}["proposals/infant-hours.md"]
    sha = {landing.pr: landing.sha[:7] for landing in result.history.landings}
    assert f"- ✓ **첫 공감** (1명) — 2020.09.03 11:00 도달 · 변경 요청 #1 · `{sha[1]}` (1번째 공감: @heidi)" in page
    assert f"- ✓ **답변** (2명) — 2020.09.04 11:00 도달 · 변경 요청 #2 · `{sha[2]}` (2번째 공감: @dandi)" in page
    assert "- 다음: **공론화** (4명) ▓▓▓▓▓▓▓░░░ 3/4명 · 1명 남음" in page
    assert "1명이면 첫 공감 · 2명이면 답변 · 4명이면 공론화." in page


def test_a_withdrawal_below_a_threshold_makes_it_unreached_again(repo):
    repo.unendorse("infant-hours", "dandi")
    repo.commit("공감 취소", author=DANDI, when="2020-09-07T10:00:00+09:00")
    result = run(repo)
    crossings = threshold_crossings(result.archive, result.counts, result.history)["infant-hours"]
    assert [c.act.handle if c.act else None for c in crossings] == ["heidi", "minni", None]
    assert crossings[1].landing.pr == 3  # now minni's, the second counted endorsement


def test_best_is_the_top_three_ranks_with_a_minimum_ties_together_and_never_zero():
    rule = BestRule()  # top 3, at least 3 endorsements
    assert best_proposals({"a": 5, "b": 4, "c": 3, "d": 3, "e": 9}, rule) == {"e": 1, "a": 2, "b": 3}
    assert best_proposals({"a": 5, "b": 5, "c": 3, "d": 3, "e": 1}, rule) == {"a": 1, "b": 1, "c": 3, "d": 3}
    assert best_proposals({"a": 3, "b": 3, "c": 2, "d": 2, "e": 1}, rule) == {"a": 1, "b": 1}  # the sample's counts
    assert best_proposals({"a": 2, "b": 0}, BestRule(top=3, minimum=0)) == {"a": 1}
    assert best_proposals({"a": 0}, rule) == {} and best_proposals({}, rule) == {}
    assert rank_text(1, [1, 1, 3]) == "공동 1위" and rank_text(3, [1, 1, 3]) == "3위"


def test_best_is_marked_on_the_listing_and_the_home_page(repo):
    for record_id, title in (("storytime", "온라인 책 읽기"), ("quiet", "조용한 시간")):
        repo.propose(record_id, title=title)
    repo.endorse("storytime", "minni")
    repo.commit("제안 둘과 공감", author=MINNI, when="2020-09-07T10:00:00+09:00")
    defaults = {f.path: f.content for f in run(repo).files}
    assert "**BEST** 1위 [유아들만" in defaults["index.md"] and defaults["index.md"].count("**BEST**") == 1
    files = {f.path: f.content for f in run(repo, best={"top": 3, "min": 1}).files}
    listing = files["proposals/index.md"]
    rows = {line.split("](")[1].split(".md")[0]: line for line in listing.splitlines() if line.startswith("| [")}
    assert rows["infant-hours"].endswith("| **BEST** 3명 |") and rows["storytime"].endswith("| **BEST** 1명 |")
    assert rows["quiet"].endswith("| 0명 |")  # no endorsement, no BEST
    home = files["index.md"]
    best = home[home.index("## BEST 제안"):].split("\n## ")[0]
    assert best.count("**BEST**") == 2
    assert best.index("유아들만") < best.index("온라인 책 읽기")  # most endorsed first
