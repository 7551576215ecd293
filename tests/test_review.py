"""`build.py check --pr-author LOGIN --base REV`: what a pull request may change, on real git branches.

Each test makes a pull request branch off `main` in a real repository, leaves
it checked out (as a forge's CI does) and runs the real command line.
"""

import os
import re
import subprocess
import sys

import pytest

from conftest import BUILD_PY, DANDI, HEIDI, JAY, ArchiveRepo

LINE = re.compile(r"^(?P<path>[^:\n]+):(?P<line>\d+): (?:오류|경고)\[(?P<slug>[a-z0-9-]+)\] ", re.M)
DEADLINE_PASSED = {"SOURCE_DATE_EPOCH": "1602288000"}  # 2020-10-10 KST
BEFORE_DEADLINE = {"SOURCE_DATE_EPOCH": "1600000000"}  # 2020-09-13 KST


def check_pr(repo: ArchiveRepo, author: str, *extra, env=None) -> tuple[int, list[str], str]:
    """Exit status, `path: slug` of every diagnostic, and the whole output."""
    full_env = {**os.environ, **(env or BEFORE_DEADLINE)}
    done = subprocess.run(
        [sys.executable, str(BUILD_PY), "check", str(repo.path), "--pr-author", author, "--base", "main", *extra],
        capture_output=True, text=True, env=full_env,
    )
    assert "Traceback" not in done.stderr + done.stdout, done.stderr
    found = [f"{m['path']}: {m['slug']}" for m in LINE.finditer(done.stdout)]
    return done.returncode, found, done.stdout + done.stderr


@pytest.fixture
def repo(tmp_path) -> ArchiveRepo:
    """main: dandi's proposal (deadline 2020-10-02) endorsed by heidi, jay's offline act for minni, and a poll."""
    repo = ArchiveRepo.create(tmp_path / "archive")
    repo.propose("infant-hours", title="유아 전용 시간", proposer="dandi", endorse_until="2020-10-02")
    repo.commit("제안", author=DANDI, when="2020-09-02T10:00:00+09:00")
    repo.endorse("infant-hours", "heidi")
    repo.commit("공감", author=HEIDI, when="2020-09-03T10:00:00+09:00")
    repo.endorse("infant-hours", "minni", "source: offline\n")
    repo.commit("종이 명단", author=JAY, when="2020-09-04T10:00:00+09:00")
    repo.open_poll("unit-name")
    repo.vote("unit-name", "dandi", ["core-group"])
    repo.commit("투표", author=DANDI, when="2020-09-05T10:00:00+09:00")
    repo.branch("pr")
    return repo


def commit(repo, author=HEIDI):
    repo.commit("pull request", author=author, when="2020-09-10T10:00:00+09:00")


def test_an_own_endorsement_passes(repo):
    repo.endorse("infant-hours", "dandi")
    commit(repo, DANDI)
    status, found, _ = check_pr(repo, "dandi")
    assert (status, found) == (0, [])


def test_an_act_for_someone_else_is_rejected_with_what_to_do(repo):
    repo.endorse("infant-hours", "dandi")
    commit(repo)
    status, found, output = check_pr(repo, "heidi")
    assert status == 1
    assert found == ["proposals/infant-hours/endorsements/dandi.yml: pr-act-for-someone-else"]
    assert "heidi.yml" in output and "source: offline" in output


def test_a_maintainer_may_enter_a_paper_act_but_only_marked_offline(repo):
    repo.endorse("infant-hours", "dandi", "source: offline\n")
    commit(repo, JAY)
    assert check_pr(repo, "jay")[:2] == (0, [])
    repo.branch("not-on-paper")
    repo.endorse("infant-hours", "dandi", "comment: 대신 공감\n")
    commit(repo, JAY)
    assert check_pr(repo, "jay")[1] == ["proposals/infant-hours/endorsements/dandi.yml: pr-act-for-someone-else"]


def test_editing_or_deleting_someone_elses_act_is_rejected(repo):
    repo.vote("unit-name", "dandi", ["citizen-partners"])
    repo.unendorse("infant-hours", "heidi")
    commit(repo, DANDI)
    status, found, _ = check_pr(repo, "dandi")
    assert status == 1
    assert found == ["proposals/infant-hours/endorsements/heidi.yml: pr-others-act"]
    status, found, _ = check_pr(repo, "heidi")
    assert found == ["polls/unit-name/ballots/dandi.yml: pr-others-act"]


def test_withdrawing_ones_own_act_passes_and_a_maintainer_withdraws_a_paper_act(repo):
    repo.unendorse("infant-hours", "heidi")
    commit(repo)
    assert check_pr(repo, "heidi")[:2] == (0, [])
    repo.branch("paper-withdrawal")
    repo.unendorse("infant-hours", "minni")
    commit(repo, JAY)
    assert check_pr(repo, "jay")[:2] == (0, [])


def test_two_acts_for_one_person_are_rejected(repo):
    repo.write("proposals/infant-hours/endorsements/Dandi.yml", "")
    repo.endorse("infant-hours", "dandi")
    commit(repo, DANDI)
    status, found, _ = check_pr(repo, "dandi")
    assert status == 1 and any(item.endswith(": duplicate-handle") for item in found)


def test_renaming_a_record_is_rejected_with_what_to_do(repo):
    repo.git("mv", "proposals/infant-hours", "proposals/infant-only-hours")
    commit(repo, DANDI)
    status, found, output = check_pr(repo, "dandi")
    assert status == 1
    assert "proposals/infant-only-hours/proposal.md: pr-record-renamed" in found
    assert "proposals/infant-hours/proposal.md: pr-record-removed" in found
    assert "title" in output


def test_generated_output_is_rejected(repo):
    repo.write("site/index.html", "<html></html>")
    commit(repo)
    assert check_pr(repo, "heidi")[1] == ["site/index.html: pr-generated-output"]


def test_the_proposer_edits_before_the_deadline_but_not_after(repo):
    repo.propose("infant-hours", title="유아 전용 시간 (고침)", proposer="dandi", endorse_until="2020-10-02")
    commit(repo, DANDI)
    assert check_pr(repo, "dandi", env=BEFORE_DEADLINE)[:2] == (0, [])
    status, found, output = check_pr(repo, "dandi", env=DEADLINE_PASSED)
    assert found == ["proposals/infant-hours/proposal.md: pr-record-after-deadline"]
    assert "2020-10-02" in output
    assert check_pr(repo, "jay", env=DEADLINE_PASSED)[:2] == (0, [])


def test_someone_elses_proposal_cannot_be_edited_or_proposed_in_their_name(repo):
    repo.propose("infant-hours", title="바꿔치기", proposer="dandi", endorse_until="2020-10-02")
    repo.propose("new-idea", title="새 제안", proposer="dandi")
    commit(repo)
    status, found, _ = check_pr(repo, "heidi")
    assert status == 1
    assert found == [
        "proposals/infant-hours/proposal.md: pr-others-record",
        "proposals/new-idea/proposal.md: pr-others-record",
    ]


def test_a_pull_request_cannot_make_its_author_a_maintainer(repo):
    members = (repo.path / "members.yml").read_text(encoding="utf-8")
    repo.write("members.yml", members.replace("roles: [citizen]\n  public: [name, roles]\ndandi",
                                            "roles: [citizen, maintainer]\n  public: [name, roles]\ndandi", 1))
    repo.endorse("infant-hours", "dandi", "source: offline\n")
    commit(repo)
    status, found, _ = check_pr(repo, "heidi")
    assert status == 1
    assert found == [
        "members.yml: pr-members-file",
        "proposals/infant-hours/endorsements/dandi.yml: pr-act-for-someone-else",
    ]


def test_schema_errors_fail_the_check_and_lines_become_annotations(repo):
    repo.write("polls/unit-name/ballots/heidi.yml", "choices: [no-such-option]\n")
    commit(repo)
    status, found, output = check_pr(repo, "heidi", "--annotate")
    assert status == 1
    assert found == ["polls/unit-name/ballots/heidi.yml: unknown-option"]
    assert re.search(r"^::error file=.*polls/unit-name/ballots/heidi\.yml,line=1,title=madang unknown-option::", output, re.M)


def test_a_base_that_does_not_exist_is_one_sentence(repo):
    done = subprocess.run(
        [sys.executable, str(BUILD_PY), "check", str(repo.path), "--pr-author", "heidi", "--base", "nope"],
        capture_output=True, text=True,
    )
    assert done.returncode == 1 and "nope" in done.stderr and "Traceback" not in done.stderr
