"""The rules of DESIGN.md "When an act counts", each proved on a real git history."""

import subprocess
import sys
from datetime import datetime, timezone

import pytest

from madang import pipeline
from conftest import (
    BUILD_PY, DANDI, HEIDI, JAY, MALLORY, MINNI, ArchiveRepo, act, git, record, run,
)

pytestmark = pytest.mark.usefixtures("fixed_today")

P = "2020-09-infant-hours"
BEFORE = "2020-09-20T15:00:00+09:00"
AFTER = "2020-10-05T15:00:00+09:00"
NOREPLY_HEIDI = ("하이디", "123+heidi@users.noreply.github.com")


@pytest.fixture
def proposed(archive) -> ArchiveRepo:
    """An archive with one proposal open for endorsement until 2020-10-02 (KST)."""
    archive.propose(P, endorse_until="2020-10-02")
    archive.commit("Propose infant hours", author=DANDI, when="2020-09-02T10:00:00+09:00")
    return archive


# --- The actor must be the author -----------------------------------------------------


def test_github_noreply_address_verifies_the_handle(tmp_path):
    repo = ArchiveRepo.create(tmp_path / "a", members=None)
    repo.propose(P)
    repo.commit("Propose", author=DANDI, when="2020-09-02T10:00:00+09:00")
    repo.endorse(P, "heidi")
    repo.commit("공감", author=NOREPLY_HEIDI, when=BEFORE)
    heidi = act(run(repo), P, "heidi")
    assert (heidi.counted, heidi.level, heidi.reason) == (True, "verified", None)


def test_noreply_address_of_another_login_does_not_verify(proposed):
    proposed.endorse(P, "heidi")
    proposed.commit("공감", author=("하이디", "123+heidi2@users.noreply.github.com"), when=BEFORE)
    heidi = act(run(proposed), P, "heidi")
    assert (heidi.counted, heidi.level) == (False, "unverified")


def test_members_email_verifies_the_handle(proposed):
    proposed.endorse(P, "heidi")
    proposed.commit("공감", author=HEIDI, when=BEFORE)
    result = run(proposed)
    heidi = act(result, P, "heidi")
    assert (heidi.counted, heidi.level, heidi.reason) == (True, "verified", None)
    assert record(result, P).count == 1


def test_forged_author_is_unverified_and_not_counted(proposed):
    # mallory writes heidi's file under heidi's display name, with her own address
    proposed.endorse(P, "heidi")
    proposed.commit("공감", author=("하이디", MALLORY[1]), when=BEFORE)
    result = run(proposed)
    heidi = act(result, P, "heidi")
    assert (heidi.counted, heidi.level, heidi.reason) == (False, "unverified", "unverified")
    assert record(result, P).count == 0


def test_offline_act_entered_by_maintainer_is_attested(proposed):
    proposed.endorse(P, "minni", "source: offline\ncomment: 종이 명단\n")
    proposed.commit("종이 명단 옮김", author=JAY, when=BEFORE)
    result = run(proposed)
    minni = act(result, P, "minni")
    assert (minni.counted, minni.level, minni.reason) == (True, "attested", None)
    assert record(result, P).count == 1


def test_offline_act_committed_by_maintainer_for_another_author_is_attested(proposed):
    # the maintainer is the committer (e.g. landed a volunteer's transcription) and the file says offline
    proposed.endorse(P, "minni", "source: offline\n")
    proposed.commit("종이 명단 옮김", author=("Volunteer", "volunteer@example.org"), committer=JAY, when=BEFORE)
    minni = act(run(proposed), P, "minni")
    assert (minni.counted, minni.level) == (True, "attested")


def test_offline_act_entered_by_non_maintainer_is_unverified(proposed):
    proposed.endorse(P, "minni", "source: offline\n")
    proposed.commit("종이 명단 옮김", author=MALLORY, when=BEFORE)
    minni = act(run(proposed), P, "minni")
    assert (minni.counted, minni.level, minni.reason) == (False, "unverified", "unverified")


def test_maintainer_entry_without_offline_source_is_unverified(proposed):
    proposed.endorse(P, "minni")
    proposed.commit("대신 입력", author=JAY, when=BEFORE)
    minni = act(run(proposed), P, "minni")
    assert (minni.counted, minni.level) == (False, "unverified")


def test_count_setting_verified_only_leaves_attested_uncounted(proposed):
    proposed.endorse(P, "minni", "source: offline\n")
    proposed.commit("종이 명단 옮김", author=JAY, when=BEFORE)
    proposed.endorse(P, "dandi")
    proposed.commit("공감", author=DANDI, when=BEFORE)
    result = run(proposed, count=["verified"])
    minni = act(result, P, "minni")
    assert (minni.counted, minni.level, minni.reason) == (False, "attested", "attested")
    assert act(result, P, "dandi").counted
    assert record(result, P).count == 1


# --- The deadline freezes the count ----------------------------------------------------


def test_act_landed_after_deadline_is_late(proposed):
    proposed.endorse(P, "heidi")
    sha = proposed.commit("공감", author=HEIDI, when=AFTER)
    result = run(proposed)
    heidi = act(result, P, "heidi")
    assert (heidi.counted, heidi.reason, heidi.commit) == (False, "late", sha)
    assert heidi.landed == datetime(2020, 10, 5, 6, 0, tzinfo=timezone.utc)
    assert record(result, P).count == 0


def test_act_withdrawn_before_deadline_is_withdrawn(proposed):
    proposed.endorse(P, "heidi")
    proposed.commit("공감", author=HEIDI, when="2020-09-10T10:00:00+09:00")
    proposed.unendorse(P, "heidi")
    removal = proposed.commit("공감 취소", author=HEIDI, when="2020-09-12T10:00:00+09:00")
    result = run(proposed)
    heidi = act(result, P, "heidi")
    assert (heidi.counted, heidi.reason, heidi.commit) == (False, "withdrawn", removal)
    assert record(result, P).count == 0


def test_act_withdrawn_after_deadline_still_counts(proposed):
    proposed.endorse(P, "heidi")
    added = proposed.commit("공감", author=HEIDI, when=BEFORE)
    proposed.unendorse(P, "heidi")
    proposed.commit("공감 취소", author=HEIDI, when=AFTER)
    result = run(proposed)
    heidi = act(result, P, "heidi")
    assert (heidi.counted, heidi.reason, heidi.commit) == (True, None, added)
    assert record(result, P).count == 1


def test_pr_authored_before_deadline_but_merged_after_is_late(proposed):
    proposed.branch("heidi-endorses")
    proposed.endorse(P, "heidi")
    side = proposed.commit("공감", author=HEIDI, when="2020-10-01T12:00:00+09:00")
    proposed.merge_pr("heidi-endorses", 7, AFTER)
    heidi = act(run(proposed), P, "heidi")
    assert (heidi.counted, heidi.reason, heidi.commit, heidi.pr) == (False, "late", side, 7)


def test_deadline_day_ends_at_midnight_in_seoul(proposed):
    # 23:30 KST on the deadline day is still 2020-10-02; 00:30 KST on 10-03 is 15:30 UTC on 10-02
    proposed.endorse(P, "heidi")
    proposed.commit("공감", author=HEIDI, when="2020-10-02T23:30:00+09:00")
    proposed.endorse(P, "minni")
    proposed.commit("공감", author=MINNI, when="2020-10-03T00:30:00+09:00")
    result = run(proposed)
    assert (act(result, P, "heidi").counted, act(result, P, "heidi").reason) == (True, None)
    assert (act(result, P, "minni").counted, act(result, P, "minni").reason) == (False, "late")
    assert record(result, P).count == 1
    assert record(result, P).deadline_end == datetime(2020, 10, 2, 15, 0, tzinfo=timezone.utc)


def test_landing_time_not_author_time_decides(proposed):
    # authored after the deadline, landed (committed) before it: counts
    proposed.endorse(P, "heidi")
    proposed.commit("공감", author=HEIDI, when=AFTER, committer=HEIDI, committer_when=BEFORE)
    assert act(run(proposed), P, "heidi").counted


def test_frozen_at_is_last_landing_before_deadline(proposed):
    proposed.endorse(P, "heidi")
    last_before = proposed.commit("공감", author=HEIDI, when="2020-10-02T20:00:00+09:00")
    proposed.write("content/news.md", "# 소식\n")
    proposed.commit("소식", author=JAY, when=AFTER)
    assert record(run(proposed), P).frozen_at.sha == last_before


def test_record_without_deadline_is_tallied_at_head(archive):
    archive.propose(P, endorse_until=None)
    archive.commit("Propose", author=DANDI, when="2020-09-02T10:00:00+09:00")
    archive.endorse(P, "heidi")
    head = archive.commit("공감", author=HEIDI, when="2021-05-01T10:00:00+09:00")
    result = run(archive)
    assert act(result, P, "heidi").counted
    assert record(result, P).count == 1
    assert record(result, P).deadline_end is None
    assert record(result, P).frozen_at.sha == head


def test_endorsement_edited_after_deadline_counts_as_it_stood(proposed):
    proposed.endorse(P, "heidi", "comment: 처음 생각\n")
    before = proposed.commit("공감", author=HEIDI, when=BEFORE)
    proposed.endorse(P, "heidi", "comment: 마감 뒤에 고친 생각\n")
    proposed.commit("공감 수정", author=HEIDI, when=AFTER)
    heidi = act(run(proposed), P, "heidi")
    assert (heidi.counted, heidi.comment, heidi.commit) == (True, "처음 생각", before)


def test_ballot_edited_after_close_counts_as_it_stood(archive):
    archive.write("polls/unit-name/poll.yml", (
        "question: 실행 단위 이름\nauthor: jay\nopened: 2020-09-01\ncloses: 2020-09-22\n"
        "options:\n  - {id: citizen-partners, label: 시민협력가}\n  - {id: core-group, label: 코어그룹}\n"
    ))
    archive.commit("Open a poll", author=JAY, when="2020-09-01T12:00:00+09:00")
    archive.write("polls/unit-name/ballots/heidi.yml", "choices: [citizen-partners]\n")
    cast = archive.commit("투표", author=HEIDI, when="2020-09-21T12:00:00+09:00")
    archive.write("polls/unit-name/ballots/heidi.yml", "choices: [core-group]\n")
    archive.commit("투표 변경", author=HEIDI, when="2020-09-23T12:00:00+09:00")
    result = run(archive)
    heidi = act(result, "unit-name", "heidi", kind="poll")
    assert (heidi.counted, heidi.commit) == (True, cast)
    assert record(result, "unit-name", kind="poll").frozen_at.sha == cast


# --- Landings: commit and pull request -------------------------------------------------


def test_merge_commit_gives_side_commit_that_added_the_file_and_pr(proposed):
    proposed.branch("heidi-endorses")
    proposed.endorse(P, "heidi", "comment: 공감합니다\n")
    added = proposed.commit("공감", author=HEIDI, when="2020-09-20T10:00:00+09:00")
    proposed.write("content/heidi.md", "# 하이디의 메모\n")
    proposed.commit("메모", author=HEIDI, when="2020-09-20T10:05:00+09:00")
    merge = proposed.merge_pr("heidi-endorses", 12, BEFORE)
    heidi = act(run(proposed), P, "heidi")
    assert heidi.commit == added != merge
    assert (heidi.pr, heidi.counted, heidi.level) == (12, True, "verified")
    assert heidi.landed == datetime(2020, 9, 20, 6, 0, tzinfo=timezone.utc)


def test_merge_commit_by_maintainer_does_not_verify_a_forged_side_commit(proposed):
    proposed.branch("fake")
    proposed.endorse(P, "heidi")
    proposed.commit("공감", author=MALLORY, when="2020-09-20T10:00:00+09:00")
    proposed.merge_pr("fake", 13, BEFORE, user="mallory")
    heidi = act(run(proposed), P, "heidi")
    assert (heidi.counted, heidi.level, heidi.pr) == (False, "unverified", 13)


def test_squash_landing_gives_the_squash_commit_and_pr(proposed):
    proposed.branch("heidi-endorses")
    proposed.endorse(P, "heidi")
    side = proposed.commit("공감", author=HEIDI, when="2020-09-20T10:00:00+09:00")
    squash = proposed.squash_pr("heidi-endorses", 21, HEIDI, BEFORE)
    heidi = act(run(proposed), P, "heidi")
    assert heidi.commit == squash != side
    assert (heidi.pr, heidi.counted) == (21, True)


def test_gitlab_merge_request_number(proposed):
    proposed.branch("heidi-endorses")
    proposed.endorse(P, "heidi")
    proposed.commit("공감", author=HEIDI, when="2020-09-20T10:00:00+09:00")
    proposed.merge_pr("heidi-endorses", 34, BEFORE, style="gitlab")
    heidi = act(run(proposed), P, "heidi")
    assert (heidi.pr, heidi.counted) == (34, True)


def test_gitea_pull_number(proposed):
    proposed.branch("heidi-endorses")
    proposed.endorse(P, "heidi")
    proposed.commit("공감", author=HEIDI, when="2020-09-20T10:00:00+09:00")
    proposed.merge_pr("heidi-endorses", 56, BEFORE, style="gitea")
    heidi = act(run(proposed), P, "heidi")
    assert (heidi.pr, heidi.counted) == (56, True)


def test_rebase_landing_keeps_author_and_has_no_pr(proposed):
    proposed.branch("heidi-endorses")
    proposed.endorse(P, "heidi")
    original = proposed.commit("공감", author=HEIDI, when="2020-09-20T10:00:00+09:00")
    [landed] = proposed.rebase_pr("heidi-endorses", BEFORE)
    heidi = act(run(proposed), P, "heidi")
    assert heidi.commit == landed != original
    assert (heidi.pr, heidi.counted, heidi.level) == (None, True, "verified")
    assert heidi.landed == datetime(2020, 9, 20, 6, 0, tzinfo=timezone.utc)


def test_rebase_landing_after_deadline_is_late_even_if_authored_before(proposed):
    proposed.branch("heidi-endorses")
    proposed.endorse(P, "heidi")
    proposed.commit("공감", author=HEIDI, when="2020-10-01T10:00:00+09:00")
    proposed.rebase_pr("heidi-endorses", AFTER)
    heidi = act(run(proposed), P, "heidi")
    assert (heidi.counted, heidi.reason) == (False, "late")


def test_direct_push_has_no_pr(proposed):
    proposed.endorse(P, "heidi")
    sha = proposed.commit("공감 (메모 #3 참고)", author=HEIDI, when=BEFORE)
    heidi = act(run(proposed), P, "heidi")
    assert (heidi.commit, heidi.pr) == (sha, None)


def test_pr_landings_in_one_history_keep_their_own_numbers(proposed):
    proposed.branch("heidi-endorses")
    proposed.endorse(P, "heidi")
    proposed.commit("공감", author=HEIDI, when="2020-09-20T10:00:00+09:00")
    proposed.branch("minni-endorses", "main")
    proposed.endorse(P, "minni")
    proposed.commit("공감", author=MINNI, when="2020-09-20T11:00:00+09:00")
    proposed.merge_pr("heidi-endorses", 1, "2020-09-21T10:00:00+09:00")
    proposed.merge_pr("minni-endorses", 2, "2020-09-22T10:00:00+09:00", user="minni")
    result = run(proposed)
    assert (act(result, P, "heidi").pr, act(result, P, "minni").pr) == (1, 2)
    assert record(result, P).count == 2


# --- Handles ---------------------------------------------------------------------------


def test_file_name_case_matches_members_key(proposed):
    proposed.endorse(P, "Heidi")
    proposed.commit("공감", author=HEIDI, when=BEFORE)
    result = run(proposed)
    heidi = act(result, P, "Heidi")
    assert (heidi.counted, heidi.level) == (True, "verified")
    assert record(result, P).count == 1


def test_author_email_check_is_case_insensitive(proposed):
    proposed.endorse(P, "heidi")
    proposed.commit("공감", author=("하이디", "Heidi@Example.ORG"), when=BEFORE)
    proposed.endorse(P, "minni")
    proposed.commit("공감", author=("민니", "77+Minni@users.noreply.github.com"), when=BEFORE)
    result = run(proposed)
    assert (act(result, P, "heidi").counted, act(result, P, "heidi").level) == (True, "verified")
    assert (act(result, P, "minni").counted, act(result, P, "minni").level) == (True, "verified")


def test_members_email_listed_in_mixed_case_verifies(tmp_path):
    repo = ArchiveRepo.create(tmp_path / "a", members="heidi:\n  emails: [Heidi.Kim@Example.org]\n")
    repo.propose(P)
    repo.commit("Propose", author=DANDI, when="2020-09-02T10:00:00+09:00")
    repo.endorse(P, "heidi")
    repo.commit("공감", author=("하이디", "heidi.kim@example.org"), when=BEFORE)
    assert act(run(repo), P, "heidi").level == "verified"


# --- Nothing is dropped silently -------------------------------------------------------


def test_act_on_removed_proposal_is_an_orphan(proposed):
    proposed.propose("2020-09-dropped")
    proposed.commit("Propose another", author=DANDI, when="2020-09-03T10:00:00+09:00")
    proposed.endorse("2020-09-dropped", "heidi")
    added = proposed.commit("공감", author=HEIDI, when=BEFORE)
    proposed.git("rm", "-q", "-r", "proposals/2020-09-dropped")
    proposed.commit("Drop the proposal", author=JAY, when="2020-09-25T10:00:00+09:00")
    result = run(proposed)
    assert ("proposal", "2020-09-dropped") not in result.counts.records
    orphans = [(e.path, e.change, e.commit) for e in result.counts.orphans]
    assert ("proposals/2020-09-dropped/endorsements/heidi.yml", "A", added) in orphans
    assert {e.record_id for e in result.counts.orphans} == {"2020-09-dropped"}


def test_uncommitted_act_file_is_listed_as_uncommitted(proposed):
    proposed.endorse(P, "heidi")  # in the working tree only
    result = run(proposed)
    heidi = act(result, P, "heidi")
    assert (heidi.counted, heidi.reason, heidi.commit, heidi.pr) == (False, "uncommitted", None, None)
    assert record(result, P).count == 0


# --- Where the archive lives -----------------------------------------------------------


def test_archive_in_a_subdirectory_of_the_repository(tmp_path):
    repo = ArchiveRepo.create(tmp_path / "repo", subdir="site-src")
    repo.root.joinpath("README.md").write_text("outside the archive\n")
    repo.propose(P)
    repo.commit("Propose", author=DANDI, when="2020-09-02T10:00:00+09:00")
    repo.branch("heidi-endorses")
    repo.endorse(P, "heidi")
    side = repo.commit("공감", author=HEIDI, when="2020-09-20T10:00:00+09:00")
    repo.merge_pr("heidi-endorses", 9, BEFORE)
    assert (repo.root / "site-src" / "mkdocs.yml").is_file()
    result = run(repo)
    heidi = act(result, P, "heidi")
    assert (heidi.counted, heidi.commit, heidi.pr) == (True, side, 9)
    assert heidi.path == f"proposals/{P}/endorsements/heidi.yml"


def test_acts_outside_the_archive_subdirectory_are_ignored(tmp_path):
    repo = ArchiveRepo.create(tmp_path / "repo", subdir="site-src")
    repo.propose(P)
    repo.commit("Propose", author=DANDI, when="2020-09-02T10:00:00+09:00")
    # the same layout one level up, outside the archive: not this archive's acts
    (repo.root / "proposals" / P / "endorsements").mkdir(parents=True)
    (repo.root / "proposals" / P / "endorsements" / "minni.yml").write_text("")
    repo.commit("Stray", author=MINNI, when=BEFORE)
    result = run(repo)
    assert record(result, P).acts == ()
    assert result.counts.orphans == ()


# --- Shallow clones --------------------------------------------------------------------


@pytest.fixture
def shallow_clone(proposed, tmp_path):
    proposed.endorse(P, "heidi")
    proposed.commit("공감", author=HEIDI, when=BEFORE)
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", proposed.root.as_uri(), str(clone))
    assert git(clone, "rev-parse", "--is-shallow-repository") == "true"
    return clone


def test_shallow_clone_refuses_to_count(shallow_clone):
    with pytest.raises(pipeline.ArchiveError, match="git fetch --unshallow"):
        run(ArchiveRepo(shallow_clone))


def _cli(*args, cwd):
    return subprocess.run([sys.executable, str(BUILD_PY), *args], cwd=cwd, capture_output=True, text=True)


def test_shallow_clone_build_fails_with_the_fix(shallow_clone, tmp_path):
    done = _cli("build", str(shallow_clone), "-d", str(tmp_path / "out"), cwd=tmp_path)
    assert done.returncode != 0
    assert "git fetch --unshallow" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "out" / "index.html").exists()


def test_shallow_clone_check_only_warns(shallow_clone, tmp_path):
    done = _cli("check", str(shallow_clone), cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "shallow-history" in done.stdout
    assert "git fetch --unshallow" in done.stdout
