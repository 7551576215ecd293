"""Hostile histories: landings, clocks, re-adds, moves and floods that could miscount.

Each test builds a real git repository (conftest.ArchiveRepo) and asserts what
the whole pipeline counts, for whom, and why.
"""

from datetime import datetime, timezone

import pytest

from conftest import DANDI, HEIDI, JAY, MALLORY, MINNI, ArchiveRepo, act, record, run

pytestmark = pytest.mark.usefixtures("fixed_today")

P = "2020-09-infant-hours"
BEFORE = "2020-09-20T15:00:00+09:00"
AFTER = "2020-10-05T15:00:00+09:00"
LAST_SECOND = "2020-10-02T23:59:59+09:00"
"""The last second of the deadline day 2020-10-02 in Seoul, as the site prints it for `git log --before`."""


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(timezone.utc)


@pytest.fixture
def proposed(archive) -> ArchiveRepo:
    """An archive with one proposal open for endorsement until 2020-10-02 (KST)."""
    archive.propose(P, endorse_until="2020-10-02")
    archive.commit("Propose infant hours", author=DANDI, when="2020-09-02T10:00:00+09:00")
    return archive


def git_tally_point(repo: ArchiveRepo) -> str:
    """The commit `git log --first-parent --before=<last second> -1` names: the published recount rule."""
    return repo.git("log", "--first-parent", f"--before={LAST_SECOND}", "-1", "--format=%H")


# --- Authored before the deadline, landed after -------------------------------------


def test_pull_request_written_before_the_deadline_and_merged_after_is_late(proposed):
    proposed.branch("heidi-endorses")
    proposed.endorse(P, "heidi")
    side = proposed.commit("공감", author=HEIDI, when="2020-10-01T12:00:00+09:00")
    proposed.merge_pr("heidi-endorses", 7, AFTER)
    result = run(proposed)
    heidi = act(result, P, "heidi")
    assert (heidi.counted, heidi.reason, heidi.level, heidi.commit, heidi.pr) == (False, "late", None, side, 7)
    assert heidi.landed == utc(AFTER)
    assert record(result, P).count == 0


def test_backdated_author_date_on_a_late_push_is_late(proposed):
    # the author date says 10-01; the commit landed on main (committer date) on 10-05
    proposed.endorse(P, "heidi")
    sha = proposed.commit("공감", author=HEIDI, when="2020-10-01T12:00:00+09:00", committer=HEIDI, committer_when=AFTER)
    heidi = act(run(proposed), P, "heidi")
    assert (heidi.counted, heidi.reason, heidi.commit, heidi.landed) == (False, "late", sha, utc(AFTER))


# --- Committer clocks ---------------------------------------------------------------


def test_a_landing_whose_clock_ran_backwards_is_the_tally_point_git_log_names(proposed):
    """The tally point is the last first-parent commit before the deadline walking back
    from HEAD (tally.TallyPoints), exactly what `git log --first-parent --before` names.

    A landing dated 09-30 after one dated 10-05 is that point, so minni's endorsement,
    landed on 10-05 but in that commit's tree, counts: the tree decides, not each clock.
    """
    proposed.endorse(P, "heidi")
    proposed.commit("공감", author=HEIDI, when=BEFORE)
    proposed.endorse(P, "minni")
    proposed.commit("공감", author=MINNI, when=AFTER)
    proposed.endorse(P, "dandi")
    backwards = proposed.commit("공감", author=DANDI, when="2020-09-30T12:00:00+09:00")
    proposed.write("content/news.md", "# 소식\n")
    proposed.commit("소식", author=JAY, when="2020-10-06T12:00:00+09:00")
    result = run(proposed)
    assert record(result, P).frozen_at.sha == git_tally_point(proposed) == backwards
    minni = act(result, P, "minni")
    assert (minni.counted, minni.level, minni.landed) == (True, "verified", utc(AFTER))
    assert act(result, P, "dandi").landed == utc("2020-09-30T12:00:00+09:00")
    assert record(result, P).count == 3


def test_a_later_landing_dated_before_the_deadline_does_not_pull_in_acts_after_it(proposed):
    """Acts landed after the backdated tally point stay late, whatever their own dates."""
    proposed.endorse(P, "heidi")
    backwards = proposed.commit("공감", author=HEIDI, when="2020-09-30T12:00:00+09:00",
                                committer=HEIDI, committer_when="2020-09-25T12:00:00+09:00")
    proposed.endorse(P, "minni")
    proposed.commit("공감", author=MINNI, when=AFTER)
    result = run(proposed)
    assert record(result, P).frozen_at.sha == git_tally_point(proposed) == backwards
    assert (act(result, P, "minni").counted, act(result, P, "minni").reason) == (False, "late")
    assert record(result, P).count == 1


def test_the_last_second_of_the_deadline_day_counts_and_the_next_does_not(proposed):
    proposed.endorse(P, "heidi")
    last = proposed.commit("공감", author=HEIDI, when=LAST_SECOND)
    proposed.endorse(P, "minni")
    proposed.commit("공감", author=MINNI, when="2020-10-03T00:00:00+09:00")
    result = run(proposed)
    assert record(result, P).frozen_at.sha == git_tally_point(proposed) == last
    assert act(result, P, "heidi").counted
    assert (act(result, P, "minni").counted, act(result, P, "minni").reason) == (False, "late")


# --- Added, withdrawn, added again ----------------------------------------------------


def withdraw_and_return(repo: ArchiveRepo, back_when: str, back_author=HEIDI) -> str:
    repo.endorse(P, "heidi", "comment: 처음 공감\n")
    repo.commit("공감", author=HEIDI, when="2020-09-10T10:00:00+09:00")
    repo.unendorse(P, "heidi")
    repo.commit("공감 취소", author=HEIDI, when="2020-09-12T10:00:00+09:00")
    repo.endorse(P, "heidi", "comment: 다시 공감\n")
    return repo.commit("다시 공감", author=back_author, when=back_when)


def test_endorsed_withdrawn_and_endorsed_again_counts_once_from_the_return(proposed):
    back = withdraw_and_return(proposed, BEFORE)
    result = run(proposed)
    heidi = act(result, P, "heidi")  # one result for the file, not one per add
    assert (heidi.counted, heidi.level, heidi.commit, heidi.comment) == (True, "verified", back, "다시 공감")
    assert heidi.landed == heidi.added == utc(BEFORE)
    assert record(result, P).count == 1


def test_endorsement_returning_after_the_deadline_is_late_not_withdrawn(proposed):
    back = withdraw_and_return(proposed, AFTER)
    heidi = act(run(proposed), P, "heidi")
    assert (heidi.counted, heidi.reason, heidi.commit, heidi.comment) == (False, "late", back, "다시 공감")


def test_a_return_written_by_someone_else_is_not_verified_by_the_first_add(proposed):
    # heidi's own first add does not vouch for the file mallory put back in her name
    back = withdraw_and_return(proposed, BEFORE, back_author=MALLORY)
    result = run(proposed)
    heidi = act(result, P, "heidi")
    assert (heidi.counted, heidi.level, heidi.reason, heidi.commit) == (False, "unverified", "unverified", back)
    assert record(result, P).count == 0


# --- A proposal renamed (its folder moved) after endorsements --------------------------


@pytest.fixture
def endorsed_then_renamed(archive):
    """`old-name` endorsed by heidi and dandi, then `git mv` to `new-name` by a given author."""

    def rename(renamer) -> tuple[ArchiveRepo, dict, str]:
        archive.propose("old-name")
        archive.commit("Propose", author=DANDI, when="2020-09-02T10:00:00+09:00")
        added = {}
        for handle, person in (("heidi", HEIDI), ("dandi", DANDI)):
            archive.endorse("old-name", handle)
            added[handle] = archive.commit("공감", author=person, when=BEFORE)
        archive.git("mv", "proposals/old-name", "proposals/new-name")
        moved = archive.commit("Rename the proposal", author=renamer, when="2020-09-25T10:00:00+09:00")
        return archive, added, moved

    return rename


def test_renamed_proposal_leaves_orphans_and_its_acts_belong_to_whoever_moved_them(endorsed_then_renamed):
    """What happens today: the old paths' acts are orphans, listed on the data page; under
    the new path each act was added by the rename commit, so it is the renamer's
    (the maintainer's here), unverified for heidi and dandi, and nothing counts."""
    repo, added, moved = endorsed_then_renamed(JAY)
    result = run(repo)
    assert ("proposal", "old-name") not in result.counts.records
    orphans = {(e.path, e.change, e.commit) for e in result.counts.orphans}
    assert orphans == {
        ("proposals/old-name/endorsements/heidi.yml", "A", added["heidi"]),
        ("proposals/old-name/endorsements/dandi.yml", "A", added["dandi"]),
        ("proposals/old-name/endorsements/heidi.yml", "D", moved),
        ("proposals/old-name/endorsements/dandi.yml", "D", moved),
    }
    for handle in ("heidi", "dandi"):
        moved_act = act(result, "new-name", handle)
        assert (moved_act.counted, moved_act.level, moved_act.reason, moved_act.commit) == (
            False, "unverified", "unverified", moved)
    assert record(result, "new-name").count == 0
    data_page = next(f.content for f in result.files if f.path == "data/index.md")
    assert "proposals/old-name/endorsements/heidi.yml" in data_page
    assert "proposals/old-name/endorsements/dandi.yml" in data_page


def test_a_rename_by_an_endorser_verifies_only_that_endorsers_act(endorsed_then_renamed):
    repo, _, moved = endorsed_then_renamed(DANDI)
    result = run(repo)
    dandi, heidi = act(result, "new-name", "dandi"), act(result, "new-name", "heidi")
    assert (dandi.counted, dandi.level, dandi.commit) == (True, "verified", moved)
    assert (heidi.counted, heidi.level, heidi.commit) == (False, "unverified", moved)
    assert record(result, "new-name").count == 1


# --- A submodule where an act file belongs ---------------------------------------------


def test_a_gitlink_once_committed_at_an_act_path_does_not_crash_the_count(proposed):
    # committed, then removed: the working tree is clean and check passes, but history holds it
    path = f"proposals/{P}/endorsements/heidi.yml"
    proposed.git("update-index", "--add", "--cacheinfo", f"160000,{'1' * 40},{path}")
    when = {"GIT_AUTHOR_DATE": "2020-09-10T10:00:00+09:00", "GIT_COMMITTER_DATE": "2020-09-10T10:00:00+09:00"}
    proposed.git("commit", "-q", "-m", "서브모듈", env=when)  # not ArchiveRepo.commit: `add -A` would drop it
    proposed.git("rm", "-q", "--cached", path)
    proposed.commit("서브모듈 삭제", author=JAY, when="2020-09-11T10:00:00+09:00")
    assert proposed.git("log", "--format=%s", "--", path).splitlines() == ["서브모듈 삭제", "서브모듈"]
    heidi = act(run(proposed), P, "heidi")
    assert (heidi.counted, heidi.reason) == (False, "removed")  # the maintainer removed it


# --- Thousands of act files in one pull request -----------------------------------------

FLOOD = 3000


def test_thousands_of_endorsements_in_one_pull_request_count_only_the_authors_own(proposed):
    """mallory adds 3,000 endorsement files in one merged pull request: every file is
    judged and listed, and only her own counts. (Its speed is measured by `make bench`, not here.)"""
    proposed.branch("flood")
    for number in range(FLOOD):
        proposed.endorse(P, f"citizen-{number:04}")
    proposed.endorse(P, "heidi")
    proposed.endorse(P, "mallory")
    side = proposed.commit("공감 3000개", author=MALLORY, when="2020-09-20T10:00:00+09:00")
    proposed.merge_pr("flood", 77, BEFORE, user="mallory")
    result = run(proposed)
    acts = record(result, P).acts
    assert len(acts) == FLOOD + 2
    assert {(a.commit, a.pr) for a in acts} == {(side, 77)}
    assert [a.handle for a in acts if a.counted] == ["mallory"]
    assert {a.reason for a in acts if a.handle != "mallory"} == {"unverified"}
    assert act(result, P, "heidi").level == "unverified"
    assert record(result, P).count == 1
