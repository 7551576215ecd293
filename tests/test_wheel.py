"""madang as a user gets it: a wheel built from this checkout, installed in a fresh virtual environment
outside the source tree, starts an archive with `madang new` and runs it; the archive holds no madang
code, only its launcher build.py (issue 16, "Done when").

Dependencies come from the package index, pinned by constraints.txt; nothing else from the network.
"""

import json
import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from conftest import DANDI, GIT_ENV, GITHUB, JAY, ROOT, ArchiveRepo, git
from madang import __version__

HEIDI_NOREPLY = ("하이디", "41898282+heidi@users.noreply.github.com")
"""The address GitHub gives heidi's web commits: it proves the endorsement is hers."""


def run(*args, cwd) -> subprocess.CompletedProcess:
    """A command run away from the checkout, without PYTHONPATH: the installed madang must be the one that runs."""
    env = {name: value for name, value in os.environ.items() if name != "PYTHONPATH"}
    done = subprocess.run([str(arg) for arg in args], cwd=cwd, capture_output=True, text=True,
                          env={**env, **GIT_ENV, "NO_MKDOCS_2_WARNING": "1"})
    assert "Traceback" not in done.stderr, done.stderr
    return done


def ok(*args, cwd) -> subprocess.CompletedProcess:
    done = run(*args, cwd=cwd)
    assert done.returncode == 0, f"{args}:\n{done.stdout}\n{done.stderr}"
    return done


def checkout_copy(target: Path) -> Path:
    """The checkout's files as git sees them (tracked or new, not ignored), so nothing built or cached
    beside the source (.venv, site/, egg-info) reaches the wheel."""
    listed = git(ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard").split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file() and not source.is_symlink():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            (target / name).write_bytes(source.read_bytes())
    return target


def installed_madang(tmp_path: Path) -> Path:
    """A fresh venv outside the source tree holding the wheel without extras; its bin folder."""
    wheels = tmp_path / "wheels"
    ok(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", wheels, checkout_copy(tmp_path / "source"),
       cwd=tmp_path)
    (wheel,) = wheels.glob("madang-*.whl")
    venv = tmp_path / "venv"
    ok(sys.executable, "-m", "venv", venv, cwd=tmp_path)
    ok(venv / "bin" / "python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
       "-c", ROOT / "constraints.txt", wheel, cwd=tmp_path)
    return venv / "bin"


def archive_with_a_merged_pull_request(madang: Path, folder: Path) -> ArchiveRepo:
    """`madang new` with its first commit; then dandi's proposal, and heidi's endorsement from her fork
    merged by GitHub's button, an hour apart each, after that first commit."""
    ok(madang, "new", folder, "--name", "우리 동네 도서관", "--forge", "https://github.com/o/r", "--maintainer", "jay",
       "--email", "jay@example.org", "--commit", cwd=folder.parent)
    repo = ArchiveRepo(folder)
    hour = [(datetime.now(timezone.utc) + timedelta(hours=n)).isoformat(timespec="seconds") for n in range(1, 4)]
    endorse_until = (datetime.now(timezone.utc) + timedelta(days=30)).date().isoformat()
    repo.propose("reading-room", title="조용한 열람실", proposed=hour[0][:10], endorse_until=endorse_until)
    repo.commit("제안: 조용한 열람실", author=DANDI, when=hour[0])
    repo.branch("patch-1")
    repo.endorse("reading-room", "heidi", "comment: 공감합니다\n")
    repo.commit("공감합니다", author=HEIDI_NOREPLY, when=hour[1])
    repo.merge_pr("patch-1", 1, hour[2], merger=JAY, committer=GITHUB)
    return repo


@pytest.mark.slow
def test_a_wheel_installed_outside_the_checkout_checks_builds_and_recounts_an_archive(tmp_path):
    bin_dir = installed_madang(tmp_path)
    python, madang = bin_dir / "python", bin_dir / "madang"
    version = ok(madang, "--version", cwd=tmp_path).stdout
    assert version.startswith(f"madang {__version__} ")
    assert ok(python, "-m", "madang", "--version", cwd=tmp_path).stdout == version
    where = Path(ok(python, "-c", "import madang; print(madang.__file__)", cwd=tmp_path).stdout.strip())
    assert where.resolve().is_relative_to((tmp_path / "venv").resolve())

    repo = archive_with_a_merged_pull_request(madang, tmp_path / "archive")
    assert not (repo.path / "madang").exists() and "format: 1" in (repo.path / "mkdocs.yml").read_text(encoding="utf-8")
    assert "오류 0건" in ok(madang, "check", cwd=repo.path).stdout
    site = tmp_path / "site"
    ok(madang, "build", ".", "-d", site, cwd=repo.path)
    page = (site / "proposals" / "reading-room" / "index.html").read_text(encoding="utf-8")
    assert "조용한 열람실" in page and "<strong>1명</strong>" in page and "@heidi" in page
    assert f"madang {__version__} · 아카이브 형식 1" in page
    audit = json.loads((site / "data" / "audit.json").read_text(encoding="utf-8"))
    recounted = ok(madang, "recount", cwd=repo.path).stdout.splitlines()
    assert recounted[-1] == f"digest: {audit['digest']}" and audit["madang"] == __version__
    ok(python, "-m", "mkdocs", "build", "--strict", "-d", tmp_path / "strict", cwd=repo.path)

    assert (repo.path / "build.py").read_bytes() == (ROOT / "build.py").read_bytes()  # madang new's launcher
    assert ok(python, "build.py", "--version", cwd=repo.path).stdout == version

    no_book = run(madang, "book", cwd=repo.path)  # installed without the `book` extra
    assert no_book.returncode == 1 and "python -m pip install 'madang[book]'" in no_book.stderr
