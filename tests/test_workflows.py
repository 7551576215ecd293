"""The workflows: every archive calls the reusable ones here, which install madang by version, never from the
archive or the pull request; this repository's sample calls the same ones. actionlint and zizmor pass."""

import re
import subprocess

import yaml

from conftest import ROOT
from test_forms import WORKFLOWS, tool

REUSABLE = {"archive-check.yml", "archive-publish.yml", "archive-form-to-pr.yml"}
CALLERS = {"check.yml": "archive-check.yml", "publish.yml": "archive-publish.yml", "form-to-pr.yml": "archive-form-to-pr.yml"}
INSTALL = re.compile(r'^python -m pip install --quiet --constraint "https://raw\.githubusercontent\.com/\$REPOSITORY/\$REF/'
                     r'constraints\.txt" "madang(?:\$\{EXTRAS:\+\[\$EXTRAS\]\})? @ git\+https://github\.com/\$REPOSITORY@\$REF"$')
"""madang and the versions of its dependencies it was tested with (constraints.txt), both from one commit."""


def zizmor(*paths) -> subprocess.CompletedProcess:
    """zizmor's offline audits (no GitHub API), at its default persona."""
    return subprocess.run([tool("zizmor"), "--offline", "--no-progress", *map(str, paths)],
                          capture_output=True, text=True)


def test_zizmor_finds_nothing_in_this_repositorys_workflows():
    done = zizmor(ROOT / ".github" / "workflows")
    assert done.returncode == 0, done.stdout + done.stderr


def steps_of(workflow: dict):
    for job in workflow["jobs"].values():
        yield from job.get("steps", ())


def test_reusable_workflows_install_madang_from_their_own_commit_before_the_archive_arrives():
    for name in REUSABLE:
        workflow = yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text(encoding="utf-8"))
        assert "workflow_call" in workflow[True], name  # PyYAML reads the key `on` as True
        for job in workflow["jobs"].values():
            steps = job["steps"]
            installs = [i for i, step in enumerate(steps) if "pip install" in step.get("run", "")]
            if not installs:
                continue
            (install,) = installs
            assert INSTALL.search(steps[install]["run"]), steps[install]["run"]
            assert steps[install]["env"]["REPOSITORY"] == "${{ job.workflow_repository }}"
            assert "job.workflow_sha" in steps[install]["env"]["REF"]
            checkout = next(i for i, step in enumerate(steps) if step.get("uses", "").startswith("actions/checkout@"))
            assert install < checkout, f"{name}: madang is installed before the archive's files are checked out"
            assert steps[checkout]["with"]["persist-credentials"] is False


def test_no_workflow_installs_or_runs_code_from_the_archive():
    for path in WORKFLOWS:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"pip install[^\n]*\s\.(/\S*)?(\s|$)", text), path.name
        # the installed `madang` script, never `python -m madang`, which would put the archive first on sys.path
        assert "build.py" not in text and "python -m madang" not in text, path.name


def test_the_sample_calls_the_reusable_workflows_and_its_check_uses_the_base():
    for caller, reusable in CALLERS.items():
        workflow = yaml.safe_load((ROOT / ".github" / "workflows" / caller).read_text(encoding="utf-8"))
        (job,) = workflow["jobs"].values()
        assert job["uses"] == f"$/.github/workflows/{reusable}", caller
    check = yaml.safe_load((ROOT / ".github" / "workflows" / "check.yml").read_text(encoding="utf-8"))
    assert check["jobs"]["check"]["with"] == {"madang-ref": "${{ github.event.pull_request.base.sha }}"}
