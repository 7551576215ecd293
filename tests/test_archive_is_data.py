"""An archive is data (issue "Trust", item 1): its mkdocs.yml is read as data, a pull request is
judged with its base's settings, build.py imports only the installed madang, git arguments
from outside are verified, and a repository git refuses to read gets git's reason.

Real repositories in tmp folders, the real `build.py` as a subprocess.
"""

import json
import os
import shutil
import subprocess
import sys

import pytest

from conftest import BUILD_PY, DANDI, JAY, ArchiveRepo
from test_review import BEFORE_DEADLINE, check_pr, commit, repo  # noqa: F401 (fixture)

EXIT_GREEN = "import os, pathlib\npathlib.Path({marker!r}).write_text('ran')\nos._exit(0)\n"
"""What a hostile hook would do: leave a trace, then end the check green before it judges anything."""


def run(*args, env=None) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, *map(str, args)], capture_output=True, text=True,
                          env={**os.environ, **BEFORE_DEADLINE, **(env or {})})
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    return done


@pytest.mark.parametrize("mkdocs", [
    "site_name: 시험\ndocs_dir: content\nhooks: [evil.py]\nplugins: [search, madang]\n",
    "site_name: 시험\ndocs_dir: content\nplugins: [search, madang]\n"
    "extra: !!python/object/apply:exec [{code}]\n",
])
def test_a_maintainers_pull_request_cannot_end_its_own_check_green(repo, tmp_path, mkdocs):
    """Even where mkdocs.yml may change, nothing in it runs: the proposal's mistake is still found."""
    marker = tmp_path / "ran"
    code = EXIT_GREEN.format(marker=str(marker))
    repo.write("evil.py", code)
    repo.write("mkdocs.yml", mkdocs.format(code=json.dumps(code)))
    repo.write("proposals/broken/proposal.md", "---\ntitle: [제안\nproposer: jay\n---\n")
    commit(repo, JAY)
    status, found, _ = check_pr(repo, "jay")
    assert not marker.exists()
    assert status == 1 and "proposals/broken/proposal.md: yaml-syntax" in found


PHASES = "plugins:\n  - madang:\n      phases:\n        - {id: a, title: 가, start: 2020-09-01, end: 2020-09-30}\n"


def test_a_pull_request_that_declares_its_own_phase_is_judged_by_the_bases_phases(tmp_path):
    repo = ArchiveRepo.create(tmp_path / "archive", mkdocs="site_name: 시험\ndocs_dir: content\n" + PHASES)
    repo.branch("pr")
    repo.write("mkdocs.yml", "site_name: 시험\ndocs_dir: content\n" + PHASES
               + "        - {id: late, title: 나, start: 2020-09-01, end: 2020-12-31}\n")
    repo.write("proposals/late-one/proposal.md",
               "---\ntitle: 늦은 제안\nproposer: dandi\nproposed: 2020-09-02\nphase: late\n---\n본문\n")
    commit(repo, DANDI)
    status, found, _ = check_pr(repo, "dandi")
    assert status == 1 and "proposals/late-one/proposal.md: unknown-phase" in found
    assert "mkdocs.yml: pr-maintainers-only" in found


MATERIAL = """\
site_name: 시험
docs_dir: content
site_url: !ENV [SITE_URL, "https://example.org/"]
theme:
  name: material
  custom_dir: !relative $config_dir/overrides
markdown_extensions:
  - pymdownx.emoji:
      emoji_index: !!python/name:{marker_module}.twemoji
      emoji_generator: !!python/name:material.extensions.emoji.to_svg
"""


def test_a_real_material_config_is_read_without_importing_or_running_anything(tmp_path):
    """Tags madang does not need stay inert: the module a `!!python/name:` names is never imported."""
    repo = ArchiveRepo.create(tmp_path / "archive")
    marker = tmp_path / "imported"
    repo.write("planted.py", f"import pathlib\npathlib.Path({str(marker)!r}).write_text('imported')\n")
    repo.write("mkdocs.yml", MATERIAL.format(marker_module="planted") + PHASES)
    repo.write("proposals/one/proposal.md", "---\ntitle: 제안\nproposer: dandi\nproposed: 2020-09-02\nphase: a\n---\n본문\n")
    repo.commit("설정", author=JAY)
    done = run(BUILD_PY, "check", repo.path, env={"PYTHONPATH": str(repo.path)})
    assert done.returncode == 0, done.stdout + done.stderr
    assert not marker.exists()


@pytest.mark.parametrize("madang, line, words", [
    ("      timezone: !ENV TZ\n", 5, "'!ENV'"),
    ("      timezone: Mars/Base\n", 5, "timezone"),
    ("      count: [verified]\n      book: 3\n", 6, "book"),
    ("      phases: oops\n", 5, "phases"),
])
def test_a_mistake_in_madangs_settings_is_located(tmp_path, madang, line, words):
    repo = ArchiveRepo.create(tmp_path / "archive",
                              mkdocs="site_name: 시험\ndocs_dir: content\nplugins:\n  - madang:\n" + madang)
    for command in ("check", "recount", "draw"):
        done = run(BUILD_PY, command, repo.path)
        assert done.returncode == 1
        assert done.stderr.startswith(f"mkdocs.yml:{line}: ") and words in done.stderr, done.stderr
        assert " / " in done.stderr  # Korean, then English


def test_inherit_is_followed_inside_the_archive_and_never_outside(tmp_path):
    repo = ArchiveRepo.create(tmp_path / "archive", mkdocs="INHERIT: config/base.yml\nsite_name: 시험\n")
    repo.write("config/base.yml", "docs_dir: content\n" + PHASES)
    repo.write("proposals/one/proposal.md", "---\ntitle: 제안\nproposer: dandi\nproposed: 2020-09-02\nphase: a\n---\n본문\n")
    repo.commit("설정", author=JAY)
    done = run(BUILD_PY, "check", repo.path)
    assert done.returncode == 0, done.stdout + done.stderr  # phase `a` is declared in the inherited file
    repo.write("config/base.yml", "docs_dir: content\nplugins:\n  - madang:\n      timezone: Nowhere\n")
    done = run(BUILD_PY, "check", repo.path)
    assert done.returncode == 1 and done.stderr.startswith("config/base.yml:4: ")
    (tmp_path / "outside.yml").write_text(PHASES, encoding="utf-8")
    repo.write("mkdocs.yml", "INHERIT: ../outside.yml\nsite_name: 시험\n")
    done = run(BUILD_PY, "check", repo.path)
    assert done.returncode == 1 and done.stderr.startswith("mkdocs.yml:1: INHERIT")


PLANTED = "import pathlib\npathlib.Path({marker!r}).write_text('ran')\nraise SystemExit(0)\n"


@pytest.mark.parametrize("module", ["yaml", "git", "pathlib"])
def test_build_py_build_never_imports_a_module_planted_beside_it(tmp_path, module):
    archive = ArchiveRepo.create(tmp_path / "archive")
    marker = tmp_path / "ran"
    archive.write(f"{module}.py", PLANTED.format(marker=str(marker)))
    shutil.copy(BUILD_PY, archive.path / "build.py")
    done = run(archive.path / "build.py", "build", archive.path, "-d", tmp_path / "site")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "site" / "index.html").is_file() and not marker.exists()


def test_build_py_without_madang_installed_says_how_to_install_it(tmp_path):
    archive = ArchiveRepo.create(tmp_path / "archive")
    shutil.copy(BUILD_PY, archive.path / "build.py")
    done = run("-S", archive.path / "build.py", "check", archive.path)  # -S: no site-packages, so no madang
    assert done.returncode == 1
    assert "madang이 설치되어 있지 않습니다" in done.stderr and "pip install" in done.stderr and "make" in done.stderr


@pytest.mark.parametrize("args", [
    ["check", "--pr-author", "heidi", "--base=-x"],
    ["check", "--pr-author", "heidi", "--base=--output={file}"],
    ["recount", "--at=-x"],
    ["recount", "--at=--output={file}"],
])
def test_a_revision_that_starts_with_a_dash_never_reaches_git(repo, tmp_path, args):
    target = tmp_path / "written"
    done = run(BUILD_PY, args[0], repo.path, *(arg.format(file=target) for arg in args[1:]))
    assert done.returncode == 1 and "no commit named" in done.stderr
    assert not target.exists()


def test_a_repository_git_refuses_to_read_gets_gits_reason(repo, tmp_path):
    if subprocess.run(["chown", "-R", "12345:12345", str(repo.root)], capture_output=True).returncode != 0:
        pytest.skip("chown to another user is not possible here (it needs root)")
    clean = {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    if subprocess.run(["git", "-C", str(repo.root), "rev-parse"], env={**os.environ, **clean}).returncode == 0:
        pytest.skip("git reads repositories of other users here")
    for command in (["check"], ["check", "--pr-author", "heidi", "--base", "main"], ["recount"], ["draw"], ["build"]):
        done = run(BUILD_PY, command[0], repo.path, *command[1:], env=clean)
        assert done.returncode == 1
        assert "dubious ownership" in done.stderr and "git refuses to read this repository" in done.stderr
