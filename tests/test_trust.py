"""An archive is data, and a pull request is judged by what it may change (issue "Trust").

Each attack is a pull request branch on a real repository, judged by the real
`build.py check --pr-author … --base main`, as the forge's check runs it.
"""

import os
import subprocess
import sys

import pytest

from conftest import BUILD_PY, DANDI, HEIDI, JAY, MALLORY, ArchiveRepo
from test_review import BEFORE_DEADLINE, DEADLINE_PASSED, check_pr, commit, repo  # noqa: F401 (fixture)

from madang import permissions


# --- nothing in the archive runs ----------------------------------------------------------------

HOOK = "import pathlib\npathlib.Path({marker!r}).write_text('ran')\n"


@pytest.mark.parametrize("mkdocs", [
    "site_name: 시험\ndocs_dir: content\nhooks: [evil.py]\nplugins: [search, madang]\n",
    "site_name: 시험\ndocs_dir: content\nplugins: [search, madang]\n"
    "extra: !!python/object/apply:os.system ['touch {marker}']\n",
    "site_name: !!python/object/apply:os.system ['touch {marker}']\ndocs_dir: content\nplugins: [madang]\n",
])
def test_a_pull_requests_mkdocs_yml_runs_nothing_in_the_check(repo, tmp_path, mkdocs):
    marker = tmp_path / "ran"
    repo.write("evil.py", HOOK.format(marker=str(marker)))
    repo.write("mkdocs.yml", mkdocs.format(marker=marker))
    commit(repo, MALLORY)
    status, found, _ = check_pr(repo, "mallory")
    assert not marker.exists()
    assert status == 1 and "mkdocs.yml: pr-maintainers-only" in found and "evil.py: pr-maintainers-only" in found


def test_recount_draw_and_plain_check_read_settings_without_running_them(repo, tmp_path):
    marker = tmp_path / "ran"
    repo.write("evil.py", HOOK.format(marker=str(marker)))
    repo.write("mkdocs.yml", f"site_name: 시험\ndocs_dir: content\nhooks: [evil.py]\nplugins: [search, madang]\n"
                             f"extra: {{x: !!python/object/apply:os.system ['touch {marker}']}}\n"
                             "markdown_extensions: [{pymdownx.emoji: {emoji_index: !!python/name:os.system}}]\n")
    commit(repo, JAY)
    for command in (["check"], ["recount"], ["draw"]):
        done = subprocess.run([sys.executable, str(BUILD_PY), *command, str(repo.path)], capture_output=True, text=True)
        assert "Traceback" not in done.stderr
    assert not marker.exists()


def test_a_pull_request_is_judged_by_its_bases_time_zone_not_its_own(repo):
    """Moving the time zone to stretch a deadline does not stretch it in the check."""
    repo.write("mkdocs.yml", "site_name: 시험\ndocs_dir: content\nplugins: [search, {madang: {timezone: Pacific/Kiritimati}}]\n")
    repo.write("proposals/infant-hours/proposal.md",
               "---\ntitle: 고친 제목\nproposer: dandi\nproposed: 2020-09-02\nendorse_until: 2020-10-02\n---\n본문\n")
    commit(repo, DANDI)
    status, found, _ = check_pr(repo, "dandi", env=DEADLINE_PASSED)
    assert "proposals/infant-hours/proposal.md: pr-record-after-deadline" in found
    assert "mkdocs.yml: pr-maintainers-only" in found and status == 1


@pytest.mark.parametrize("module", ["yaml", "git", "pathlib", "mkdocs"])
def test_build_py_never_imports_a_module_planted_beside_it(tmp_path, module):
    archive = ArchiveRepo.create(tmp_path / "archive")
    marker = tmp_path / "ran"
    archive.write(f"{module}.py", HOOK.format(marker=str(marker)))
    (archive.path / "build.py").write_text(BUILD_PY.read_text(encoding="utf-8"), encoding="utf-8")
    done = subprocess.run([sys.executable, str(archive.path / "build.py"), "check", str(archive.path)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert not marker.exists()


@pytest.mark.parametrize("option", ["--base=--output={file}", "--base=--no-index"])
def test_a_base_that_is_not_a_commit_is_refused_before_git_sees_it(repo, tmp_path, option):
    target = tmp_path / "written"
    done = subprocess.run(
        [sys.executable, str(BUILD_PY), "check", str(repo.path), "--pr-author", "heidi", option.format(file=target)],
        capture_output=True, text=True, env={**os.environ, **BEFORE_DEADLINE},
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "커밋이 없습니다 / no commit named" in done.stderr
    assert not target.exists()


def test_recount_at_an_option_is_refused(repo, tmp_path):
    target = tmp_path / "written"
    done = subprocess.run([sys.executable, str(BUILD_PY), "recount", str(repo.path), f"--at=--output={target}"],
                          capture_output=True, text=True)
    assert done.returncode == 1 and "Traceback" not in done.stderr and not target.exists()


# --- the allow-list ---------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["git.py", "yaml.py", "setup.py", "content/index.md", "content/extra.html",
                                  "content/assets/javascripts/bundle.js", "madang/theme/main.html", "Makefile"])
def test_only_maintainers_change_code_and_hand_written_pages(repo, path):
    repo.write(path, "x = 1\n")
    commit(repo, HEIDI)
    assert check_pr(repo, "heidi")[1] == [f"{path}: pr-maintainers-only"]
    repo.checkout("main")
    repo.branch("by-jay")
    repo.write(path, "x = 1\n")
    commit(repo, JAY)
    assert check_pr(repo, "jay")[:2] == (0, [])


def test_a_record_folder_that_is_a_symlink_is_refused_even_for_a_maintainer(repo):
    os.symlink("infant-hours", repo.path / "proposals" / "by-jay")
    commit(repo, JAY)
    status, found, _ = check_pr(repo, "jay")
    assert status == 1 and "proposals/by-jay: pr-link" in found


def test_turning_a_record_file_into_a_symlink_is_refused(repo):
    (repo.path / "proposals/infant-hours/proposal.md").unlink()
    os.symlink("../../content/index.md", repo.path / "proposals/infant-hours/proposal.md")
    commit(repo, DANDI)
    status, found, _ = check_pr(repo, "dandi", env=DEADLINE_PASSED)
    assert status == 1 and "proposals/infant-hours/proposal.md: pr-link" in found


@pytest.mark.parametrize("field, value", [("status", "selected"), ("life", "\n  - {stage: selected, date: 2020-09-20}")])
def test_a_proposer_may_not_write_the_teams_decision(repo, field, value):
    repo.write("proposals/infant-hours/proposal.md",
               f"---\ntitle: 유아 전용 시간\nproposer: dandi\nproposed: 2020-09-02\nendorse_until: 2020-10-02\n"
               f"{field}: {value}\n---\n본문\n")
    commit(repo, DANDI)
    status, found, output = check_pr(repo, "dandi")
    assert "proposals/infant-hours/proposal.md: pr-maintainer-field" in found
    assert f"proposals/infant-hours/proposal.md:6: 오류[pr-maintainer-field] '{field}'" in output


def test_a_poll_author_may_not_close_it_or_write_offline_results(repo):
    poll = (repo.path / "polls/unit-name/poll.yml").read_text(encoding="utf-8")
    repo.write("polls/unit-name/poll.yml", poll + "closed: 2020-09-09\n")
    commit(repo, JAY)
    assert check_pr(repo, "jay")[:2] == (0, [])  # the maintainer may
    repo.checkout("main")
    repo.branch("by-author")
    repo.write("polls/unit-name/poll.yml", poll.replace("author: jay", "author: heidi"))
    commit(repo, JAY)
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--ff-only", "by-author")
    repo.branch("pr-2")
    repo.write("polls/unit-name/poll.yml", poll.replace("author: jay", "author: heidi")
               + "closed: 2020-09-09\noffline_results:\n  - {source: 종이, counts: {core-group: 99}}\n")
    commit(repo, HEIDI)
    found = check_pr(repo, "heidi")[1]
    assert found.count("polls/unit-name/poll.yml: pr-maintainer-field") == 2


def test_a_late_act_is_warned_about_and_a_placeholder_name_is_named(repo):
    repo.endorse("infant-hours", "dandi")
    repo.write("proposals/infant-hours/endorsements/내-아이디.yml", "")
    commit(repo, DANDI)
    status, found, output = check_pr(repo, "dandi", env=DEADLINE_PASSED)
    assert "proposals/infant-hours/endorsements/dandi.yml: pr-late-act" in found
    assert "proposals/infant-hours/endorsements/내-아이디.yml: pr-placeholder-name" in found
    assert "dandi.yml" in output.split("pr-placeholder-name", 1)[1].split("\n", 1)[0]


# --- the table, walked --------------------------------------------------------------------------------

SAMPLE_PATHS = {  # a path of each kind of rule: a file no one writes, an act, a record, everything else
    "generated-output": "site/index.html",
    "proposal-endorsements": "proposals/infant-hours/endorsements/dandi.yml",
    "proposal": "proposals/infant-hours/proposal.md",
    "settings-and-code": "tools/x.py",
}
EXPECTED = {  # by hand, so that a wrong table fails: (rule, role, change) -> allowed
    ("generated-output", "maintainer", "A"): False,
    ("proposal-endorsements", "owner", "A"): True,
    ("proposal-endorsements", "maintainer", "A"): False,  # not on paper
    ("proposal-endorsements", "stranger", "D"): False,
    ("proposal", "owner", "M"): True,
    ("proposal", "owner", "D"): False,
    ("proposal", "member", "M"): False,
    ("proposal", "maintainer", "D"): True,
    ("proposal", "owner", "T"): False,
    ("settings-and-code", "member", "A"): False,
    ("settings-and-code", "maintainer", "A"): True,
    ("settings-and-code", "maintainer", "T"): True,
    ("settings-and-code", "owner", "T"): False,
}
ROLES = {"owner": ("dandi", DANDI), "member": ("heidi", HEIDI), "stranger": ("stranger", ("낯선 이", "s@example.org")),
         "maintainer": ("jay", JAY)}
CASES = [(rule, role, change) for rule in SAMPLE_PATHS for role in ROLES for change in "AMDT"]


def expected(rule_name: str, role: str, change: str) -> bool:
    """What the table says (a type change is judged as a change, and as a link: see permissions.LINK_MODES)."""
    rule = next(rule for rule in permissions.RULES if rule.name == rule_name)
    roles = rule.roles_of(owner=role == "owner", member=role in ("owner", "member"), maintainer=role == "maintainer")
    if change == "T":
        in_records = SAMPLE_PATHS[rule_name].startswith(permissions.RECORD_FOLDERS)
        return not in_records and role == "maintainer" and rule.allows("M", roles)
    return rule.allows(change, roles)


def make_change(repo: ArchiveRepo, path: str, change: str) -> str:
    """Make the change on the pull request branch; the path it touched."""
    if change == "A" and path.endswith("proposal.md"):
        path = "proposals/new-one/proposal.md"
        repo.propose("new-one", proposer="dandi")
    elif change == "A":
        repo.write(path, "")
    elif change == "M":
        text = (repo.path / path).read_text(encoding="utf-8")
        repo.write(path, text.replace("시험 제안", "고친 제목") if path.endswith(".md") else "comment: 고침\n")
    elif change == "D":
        repo.remove(path)
    else:
        repo.remove(path)
        os.symlink("/etc/hostname", repo.path / path)
    return path


@pytest.mark.parametrize("rule_name, role, change", CASES)
def test_every_rule_role_and_change_gets_what_the_table_says(tmp_path, rule_name, role, change):
    allowed = expected(rule_name, role, change)
    assert EXPECTED.get((rule_name, role, change), allowed) == allowed, "the table disagrees with the hand-written rule"
    handle, identity = ROLES[role]
    repo = ArchiveRepo.create(tmp_path / "archive")
    repo.propose("infant-hours", proposer="dandi", endorse_until="2020-10-02")
    path = SAMPLE_PATHS[rule_name]
    if change != "A" and not path.endswith("proposal.md"):
        repo.write(path, "comment: 처음\n")
    repo.commit("기준", author=JAY, when="2020-09-02T10:00:00+09:00")
    repo.branch("pr")
    path = make_change(repo, path, change)
    commit(repo, identity)
    _, found, output = check_pr(repo, handle)
    refused = [f for f in found if f.startswith(path + ":") and not f.endswith("pr-late-act")]
    assert (not refused) == allowed, output
