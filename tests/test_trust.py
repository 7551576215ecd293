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
