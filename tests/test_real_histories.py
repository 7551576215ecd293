"""Histories as real archives grow them (issue 15): nested merges judged by git's combined diff, the
forge's own record of who opened a pull request, act files named after people rather than logins,
renames and removals by maintainers, and a bad act name that must not stop the site."""

import json
import subprocess
import sys

import pytest

from madang import pipeline
from madang.diagnostics import ERROR
from madang.history import forge_login, read_history
from conftest import BUILD_PY, DANDI, GITHUB, HEIDI, JAY, MALLORY, ArchiveRepo, _identity_env, act, madang_settings, record, run

pytestmark = pytest.mark.usefixtures("fixed_today")

P = "letter"
BEFORE = "2020-09-20T15:00:00+09:00"
HEIDI_AT_HOME = ("하이디", "heidi@home.example")
"""An address members.yml does not list: only the forge's record can say the commit is heidi's."""


@pytest.fixture
def letter(archive) -> ArchiveRepo:
    archive.propose(P, endorse_until="2020-10-02")
    archive.commit("편지", author=DANDI, when="2020-09-02T10:00:00+09:00")
    return archive


def endorsement(handle: str) -> str:
    return f"proposals/{P}/endorsements/{handle}.yml"


def merge(repo: ArchiveRepo, into: str, branch: str, message: str, when: str, who=JAY, committer=None) -> str:
    """A merge commit of `branch` into `into`, made by `who` (a forge's button, or a maintainer's `git pull`)."""
    repo.checkout(into)
    repo.git("merge", "-q", "--no-ff", "-m", message, branch, env=_identity_env(who, when, committer or who))
    return repo.sha()


# --- 1. side merges judged by git's combined diff ---------------------------------------------


def test_a_maintainers_pull_of_the_forges_main_credits_the_signer_not_the_merger(letter):
    # heidi's pull request is merged on the forge; the maintainer then merges the forge's main locally
    letter.branch("forge", "main")
    letter.branch("patch-1", "forge")
    letter.endorse(P, "heidi", "comment: 함께해요\n")
    signed = letter.commit("서명", author=HEIDI, when=BEFORE)
    merge(letter, "forge", "patch-1", "Merge pull request #5 from heidi/patch-1", "2020-09-21T10:00:00+09:00",
          committer=GITHUB)
    letter.checkout("main")
    letter.write("content/about.md", "# 소개\n")
    letter.commit("소개", author=JAY, when="2020-09-21T11:00:00+09:00")
    landing = merge(letter, "main", "forge", "Merge branch 'main' of github.com:seoul/letter", "2020-09-21T12:00:00+09:00")
    heidi = act(run(letter), P, "heidi")
    assert (heidi.counted, heidi.level, heidi.commit) == (True, "verified", signed)
    assert heidi.commit != landing


def test_a_pull_request_merged_into_another_pull_requests_branch_keeps_each_signers_commit(letter):
    letter.branch("bob-branch", "main")
    letter.endorse(P, "dandi")
    dandi_commit = letter.commit("서명", author=DANDI, when=BEFORE)
    letter.branch("heidi-branch", "bob-branch")
    letter.endorse(P, "heidi")
    heidi_commit = letter.commit("서명", author=HEIDI, when=BEFORE)
    merge(letter, "bob-branch", "heidi-branch", "Merge pull request #3 from heidi/heidi-branch",
          "2020-09-21T10:00:00+09:00", who=DANDI, committer=GITHUB)
    letter.merge_pr("bob-branch", 4, "2020-09-22T10:00:00+09:00", user="dandi")
    result = run(letter)
    assert act(result, P, "heidi").commit == heidi_commit
    assert act(result, P, "dandi").commit == dandi_commit
    assert record(result, P).count == 2


def test_merging_main_into_my_branch_does_not_make_the_merge_the_author_of_mains_files(letter):
    letter.endorse(P, "dandi")
    dandi_commit = letter.commit("서명", author=DANDI, when="2020-09-10T10:00:00+09:00")  # on main, before the branch
    letter.git("reset", "-q", "--hard", "HEAD~1")
    letter.branch("patch-1", "main")
    letter.endorse(P, "heidi")
    heidi_commit = letter.commit("서명", author=HEIDI, when="2020-09-11T10:00:00+09:00")
    letter.checkout("main")
    letter.git("cherry-pick", dandi_commit, env=_identity_env(DANDI, "2020-09-12T10:00:00+09:00"))
    on_main = letter.sha()
    merge(letter, "patch-1", "main", "Merge branch 'main' into patch-1", "2020-09-13T10:00:00+09:00", who=MALLORY)
    letter.merge_pr("patch-1", 6, "2020-09-14T10:00:00+09:00", user="heidi")
    result = run(letter)
    assert act(result, P, "heidi").commit == heidi_commit
    assert (act(result, P, "dandi").commit, act(result, P, "dandi").level) == (on_main, "verified")


def test_an_octopus_merge_on_a_branch_changes_only_what_it_resolved(letter):
    heads = []
    for handle, who in (("heidi", HEIDI), ("dandi", DANDI)):
        letter.branch(f"sign-{handle}", "main")
        letter.endorse(P, handle)
        heads.append(letter.commit("서명", author=who, when=BEFORE))
    letter.branch("bundle", "main")
    letter.git("merge", "-q", "--no-ff", "-m", "octopus", "sign-heidi", "sign-dandi",
               env=_identity_env(MALLORY, "2020-09-21T10:00:00+09:00"))
    letter.merge_pr("bundle", 7, "2020-09-22T10:00:00+09:00", user="mallory")
    result = run(letter)
    assert [act(result, P, h).commit for h in ("heidi", "dandi")] == heads
    assert [act(result, P, h).level for h in ("heidi", "dandi")] == ["verified", "verified"]


def test_a_merge_that_resolves_a_conflict_on_an_act_is_that_acts_commit(letter):
    letter.endorse(P, "heidi", "comment: 하나\n")
    letter.commit("서명", author=HEIDI, when="2020-09-10T10:00:00+09:00")
    letter.branch("edit", "main")
    letter.endorse(P, "heidi", "comment: 둘\n")
    letter.commit("고침", author=HEIDI, when="2020-09-11T10:00:00+09:00")
    letter.checkout("main")
    letter.endorse(P, "heidi", "comment: 셋\n")
    letter.commit("고침", author=HEIDI, when="2020-09-12T10:00:00+09:00")
    letter.branch("resolve", "edit")
    done = subprocess.run(["git", "merge", "-q", "main"], cwd=letter.root, capture_output=True,
                          env={**_identity_env(MALLORY, "2020-09-13T10:00:00+09:00"), "PATH": "/usr/bin:/bin"})
    assert done.returncode != 0  # a conflict
    letter.endorse(P, "heidi", "comment: mallory가 고침\n")
    resolved = letter.commit("Merge branch 'main' into resolve", author=MALLORY, when="2020-09-13T10:00:00+09:00")
    letter.merge_pr("resolve", 8, "2020-09-14T10:00:00+09:00", user="mallory")
    heidi = act(run(letter), P, "heidi")
    assert (heidi.commit, heidi.level, heidi.counted) == (resolved, "unverified", False)


# --- 2. the forge's record of who opened the pull request ----------------------------------------


@pytest.mark.parametrize("style", ["github", "gitea"])
def test_a_pull_request_from_the_signers_own_account_counts_at_the_forge_level(letter, style):
    letter.branch("patch-1")
    letter.endorse(P, "heidi")
    letter.commit("서명", author=HEIDI_AT_HOME, when=BEFORE)
    letter.merge_pr("patch-1", 5, "2020-09-21T10:00:00+09:00", style=style, user="heidi")
    heidi = act(run(letter), P, "heidi")
    assert (heidi.counted, heidi.level, heidi.reason) == (True, "forge", None)
    assert act(run(letter, count=["verified", "attested"]), P, "heidi").reason == "forge"


def test_a_pull_request_from_another_account_stays_unverified(letter):
    letter.branch("patch-1")
    letter.endorse(P, "heidi")
    letter.commit("서명", author=HEIDI_AT_HOME, when=BEFORE)
    letter.merge_pr("patch-1", 5, "2020-09-21T10:00:00+09:00", user="mallory")
    assert act(run(letter), P, "heidi").level == "unverified"


def test_gitlabs_merge_subject_names_no_account_but_a_squash_author_does(letter):
    letter.branch("patch-1")
    letter.endorse(P, "heidi")
    letter.commit("서명", author=HEIDI_AT_HOME, when=BEFORE)
    letter.merge_pr("patch-1", 5, "2020-09-21T10:00:00+09:00", style="gitlab")
    assert act(run(letter), P, "heidi").level == "unverified"
    letter.git("reset", "-q", "--hard", "HEAD~1")
    letter.squash_pr("patch-1", 5, ("heidi", "heidi@home.example"), "2020-09-21T10:00:00+09:00")
    assert act(run(letter), P, "heidi").level == "forge"


def test_a_merge_subject_typed_inside_a_branch_proves_nothing(letter):
    # mallory's own branch holds a merge she wrote, with a forge's subject naming heidi
    letter.branch("fake-heidi")
    letter.endorse(P, "heidi")
    letter.commit("서명", author=HEIDI_AT_HOME, when=BEFORE)
    letter.branch("mallory", "main")
    letter.write("content/m.md", "# m\n")
    letter.commit("m", author=MALLORY, when=BEFORE)
    merge(letter, "mallory", "fake-heidi", "Merge pull request #9 from heidi/patch", "2020-09-21T09:00:00+09:00",
          who=MALLORY, committer=GITHUB)
    letter.merge_pr("mallory", 10, "2020-09-21T10:00:00+09:00", user="mallory")
    assert act(run(letter), P, "heidi").level == "unverified"


def test_the_weakest_commit_still_wins(letter):
    letter.branch("patch-1")
    letter.endorse(P, "heidi")
    letter.commit("서명", author=MALLORY, when=BEFORE)  # someone else wrote it first
    letter.endorse(P, "heidi", "comment: 제가 씁니다\n")
    letter.commit("고침", author=HEIDI_AT_HOME, when=BEFORE)
    letter.merge_pr("patch-1", 5, "2020-09-21T10:00:00+09:00", user="heidi")
    # both commits came through heidi's own pull request: the forge vouches for both
    assert act(run(letter), P, "heidi").level == "forge"


@pytest.mark.parametrize("subject, login", [
    ("Merge pull request #12 from heidi/patch-1", "heidi"),
    ("Merge pull request #12 from Heidi-Kim/sign", "Heidi-Kim"),
    ("Merge pull request 'Sign (from x/y:z into main)' (#3) from heidi/letter:patch-1 into main", "heidi"),
    ("Merge pull request 'Sign' (#3) from patch-1 into main", None),  # a branch of the repository itself
    ("Merge branch 'patch-1' into 'main'", None),
    ("Merge pull request #12 from heidi", None),
    ("Revert \"Merge pull request #12 from heidi/patch-1\"", None),
])
def test_forge_login_reads_only_the_forges_own_subjects(subject, login):
    assert forge_login(subject) == login


# --- 3. act files named after people ------------------------------------------------------------


def test_a_bad_act_name_in_history_does_not_stop_the_site(letter, tmp_path):
    letter.endorse(P, "heidi")
    letter.write(f"proposals/{P}/endorsements/김하이디.yml", "comment: 이름으로\n")
    letter.commit("서명", author=HEIDI, when=BEFORE)
    checked = subprocess.run([sys.executable, str(BUILD_PY), "check", str(letter.path)], capture_output=True, text=True)
    assert checked.returncode == 1 and "bad-act-file" in checked.stdout
    built = subprocess.run([sys.executable, str(BUILD_PY), "build", str(letter.path), "-d", str(tmp_path / "site")],
                           capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    acts = json.loads((tmp_path / "site/data/proposals.json").read_text(encoding="utf-8"))[0]["acts"]
    assert [(a["handle"], a["counted"], a["reason"]) for a in acts] == [("heidi", True, None), ("김하이디", False, "bad-name")]
    page = (tmp_path / "site/proposals/letter/index.html").read_text(encoding="utf-8")
    assert "김하이디" in page and "파일 이름으로 누구의 참여인지 알 수 없음" in page


def test_a_handle_field_or_an_alias_says_whose_act_a_named_file_is(tmp_path):
    members = "jay:\n  emails: [jay@example.org]\n  roles: [maintainer]\nheidi:\n  emails: [heidi@example.org]\n" \
              "chulsoo:\n  emails: [chulsoo@example.org]\n  aliases: [김철수]\n"
    repo = ArchiveRepo.create(tmp_path / "a", members=members)
    repo.propose(P)
    repo.write(f"proposals/{P}/endorsements/Heidi Kim.yml", "handle: heidi\n")
    repo.write(f"proposals/{P}/endorsements/김철수.yml", "")
    repo.commit("서명", author=HEIDI, when=BEFORE)
    result = run(repo)
    heidi = act(result, P, "heidi")
    assert (heidi.counted, heidi.path) == (True, f"proposals/{P}/endorsements/Heidi Kim.yml")
    assert act(result, P, "chulsoo").level == "unverified"  # chulsoo's act, but heidi committed it


def test_case_twins_are_two_people_only_when_their_handles_say_so(letter):
    letter.write(endorsement("Kim Lee"), "handle: kim-a\n")
    letter.write(endorsement("kim lee"), "handle: kim-b\n")
    letter.endorse(P, "Heidi")
    letter.endorse(P, "heidi")
    letter.commit("서명", author=JAY, when=BEFORE)
    result = run(letter, count=["unverified"])
    counted = sorted((a.handle, a.counted, a.reason) for a in record(result, P).acts)
    assert counted == [("Heidi", True, None), ("heidi", False, "duplicate"), ("kim-a", True, None), ("kim-b", True, None)]


def test_a_file_named_after_one_login_cannot_claim_another(letter):
    letter.write(endorsement("mallory"), "handle: heidi\n")
    letter.commit("서명", author=MALLORY, when=BEFORE)
    _, diagnostics = pipeline.check(letter.path, madang_settings())
    assert [d.slug for d in diagnostics] == ["act-handle-differs"]
    assert act(run(letter), P, "heidi").reason == "bad-content"


def test_a_pull_request_may_add_a_named_file_only_for_its_author(letter):
    base = letter.sha()
    letter.branch("sign")
    letter.write(f"proposals/{P}/endorsements/김하이디.yml", "handle: heidi\n")
    letter.commit("서명", author=HEIDI, when=BEFORE)
    _, by_heidi = pipeline.check_pull_request(letter.path, "heidi", base)
    _, by_mallory = pipeline.check_pull_request(letter.path, "mallory", base)
    assert [d.slug for d in by_heidi if d.severity == ERROR] == []
    assert [d.slug for d in by_mallory if d.severity == ERROR] == ["pr-act-for-someone-else"]


# --- 4. truthful reasons: withdrawn, removed, renamed ---------------------------------------------


def test_withdrawn_by_its_owner_and_removed_by_a_maintainer_are_two_reasons(letter):
    letter.endorse(P, "heidi")
    letter.endorse(P, "dandi")
    letter.commit("서명", author=HEIDI, when="2020-09-10T10:00:00+09:00")
    letter.unendorse(P, "heidi")
    letter.commit("철회", author=HEIDI, when="2020-09-11T10:00:00+09:00")
    letter.unendorse(P, "dandi")
    letter.commit("정리", author=JAY, when="2020-09-12T10:00:00+09:00")
    result = run(letter)
    assert act(result, P, "heidi").reason == "withdrawn"
    assert act(result, P, "dandi").reason == "removed"


def test_a_maintainers_rename_moves_the_act_with_its_level(tmp_path):
    members = "jay:\n  emails: [jay@example.org]\n  roles: [maintainer]\nheidi:\n  emails: [heidi@example.org]\n"
    repo = ArchiveRepo.create(tmp_path / "a", members=members)
    repo.propose(P)
    repo.write(f"proposals/{P}/endorsements/Heidi_K.yml", "comment: 함께해요\n")
    signed = repo.commit("서명", author=HEIDI, when="2020-09-10T10:00:00+09:00")
    assert act(run(repo), P, "Heidi_K").reason == "bad-name"
    repo.git("mv", f"proposals/{P}/endorsements/Heidi_K.yml", endorsement("heidi"))
    renamed = repo.commit("이름 고침", author=JAY, when="2020-09-11T10:00:00+09:00")
    result = run(repo)
    assert [(a.handle, a.counted, a.level, a.commit) for a in record(result, P).acts] == [
        ("heidi", True, "verified", renamed)
    ]
    assert act(result, P, "heidi").added.isoformat().startswith("2020-09-10")  # its life began with heidi's commit
    assert signed != renamed


def test_a_strangers_rename_is_judged_like_any_change(letter):
    letter.endorse(P, "heidi", "comment: x\n")
    letter.commit("서명", author=HEIDI, when="2020-09-10T10:00:00+09:00")
    letter.git("mv", endorsement("heidi"), endorsement("mallory"))
    letter.commit("내 것", author=MALLORY, when="2020-09-11T10:00:00+09:00")
    result = run(letter)
    assert [(a.handle, a.counted, a.level) for a in record(result, P).acts] == [("mallory", False, "unverified")]


def test_the_history_keeps_a_rename_as_one_event(letter):
    letter.endorse(P, "heidi", "comment: x\n")
    letter.endorse(P, "dandi", "comment: x\n")  # same content: which one moved is ambiguous
    letter.commit("서명", author=HEIDI, when="2020-09-10T10:00:00+09:00")
    letter.git("mv", endorsement("heidi"), endorsement("heidi-kim"))
    letter.commit("이름 고침", author=JAY, when="2020-09-11T10:00:00+09:00")
    events = [(e.change, e.name, e.moved_from) for e in read_history(letter.path, use_cache=False).events]
    assert events[-1] == ("R", "heidi-kim.yml", endorsement("heidi"))
    letter.git("rm", "-q", endorsement("dandi"))
    letter.write(endorsement("dandi2"), "comment: x\n")
    letter.write(endorsement("dandi3"), "comment: x\n")
    letter.commit("둘", author=JAY, when="2020-09-12T10:00:00+09:00")
    events = [(e.change, e.name) for e in read_history(letter.path, use_cache=False).events][-3:]
    assert sorted(events) == [("A", "dandi2.yml"), ("A", "dandi3.yml"), ("D", "dandi.yml")]


# --- the build's report -------------------------------------------------------------------------


def test_the_build_prints_errors_first_and_apart_from_warnings(letter, tmp_path):
    letter.write(f"proposals/{P}/endorsements/heidi.yml", "unknown_thing: 1\n")
    letter.write("proposals/zz-broken/proposal.md", "---\ntitle: 깨짐\n---\n")
    letter.commit("둘", author=HEIDI, when=BEFORE)
    built = subprocess.run([sys.executable, str(BUILD_PY), "build", str(letter.path), "-d", str(tmp_path / "site")],
                           capture_output=True, text=True)
    assert built.returncode == 1
    lines = [line for line in built.stderr.splitlines() if "[" in line and "]" in line]
    assert lines and "proposals/zz-broken/proposal.md" in lines[0] and "오류[" in lines[0]
    assert not any("unknown-field" in line for line in lines)
