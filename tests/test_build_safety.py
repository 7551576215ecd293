"""`build` never leaves a broken site, builds the same bytes from the same commit, and needs no network.

Each test runs the real command line (`python build.py build`) in a subprocess
on a real git repository.
"""

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import BUILD_PY, DANDI, HEIDI, MINIMAL_MKDOCS, ArchiveRepo, git

FAILING_HOOK = """\
from mkdocs.exceptions import PluginError


def on_post_build(config):
    raise PluginError("시험용 실패 / failing on purpose")
"""

STALLING_HOOK = """\
import pathlib
import time


def on_post_build(config):
    pathlib.Path(config.config_file_path).with_name("stalled").write_text(config.site_dir)
    time.sleep(120)
"""


def build(archive: Path, site: Path, *, env=None, prefix=()) -> subprocess.CompletedProcess:
    full_env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    full_env.update(env or {})
    return subprocess.run(
        [*prefix, sys.executable, str(BUILD_PY), "build", str(archive), "-d", str(site)],
        capture_output=True, text=True, env=full_env, timeout=300,
    )


def hashes(folder: Path) -> dict:
    """sha256 of every file under `folder`, by relative path."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*")) if path.is_file()
    }


def staging_folders(site: Path) -> list:
    return sorted(p.name for p in site.parent.iterdir() if p.name.startswith(f".{site.name}."))


@pytest.fixture
def archive(tmp_path) -> ArchiveRepo:
    """An archive with a proposal and endorsements that landed through a pull request."""
    repo = ArchiveRepo.create(tmp_path / "archive")
    repo.propose("infant-hours", title="유아 전용 시간", endorse_until="2020-10-02")
    repo.commit("제안: 유아 전용 시간", author=DANDI, when="2020-09-02T10:00:00+09:00")
    repo.branch("heidi-endorses")
    repo.endorse("infant-hours", "heidi", "comment: 공감합니다\n")
    repo.commit("공감", author=HEIDI, when="2020-09-03T10:00:00+09:00")
    repo.merge_pr("heidi-endorses", 1, "2020-09-03T11:00:00+09:00")
    return repo


def test_a_failed_build_leaves_the_previous_site_untouched(archive, tmp_path):
    site = tmp_path / "site"
    assert build(archive.path, site).returncode == 0
    before = hashes(site)
    archive.write("fail.py", FAILING_HOOK)
    archive.write("mkdocs.yml", MINIMAL_MKDOCS + "hooks: [fail.py]\n")
    archive.propose("new-one", title="새 제안")
    archive.commit("새 제안과 실패하는 훅", author=DANDI, when="2020-09-04T10:00:00+09:00")

    failed = build(archive.path, site)

    assert failed.returncode == 1, failed.stderr
    assert "시험용 실패" in failed.stderr and "Traceback" not in failed.stderr
    assert hashes(site) == before
    assert staging_folders(site) == []


def test_a_killed_build_leaves_the_previous_site_and_the_next_build_cleans_up(archive, tmp_path):
    site = tmp_path / "site"
    assert build(archive.path, site).returncode == 0
    before = hashes(site)
    archive.write("stall.py", STALLING_HOOK)
    archive.write("mkdocs.yml", MINIMAL_MKDOCS + "hooks: [stall.py]\n")
    archive.propose("new-one", title="새 제안")
    archive.commit("새 제안과 멈추는 훅", author=DANDI, when="2020-09-04T10:00:00+09:00")
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    process = subprocess.Popen([sys.executable, str(BUILD_PY), "build", str(archive.path), "-d", str(site)],
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    marker = archive.path / "stalled"
    try:
        deadline = time.monotonic() + 120
        while not marker.exists() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert marker.exists(), "the build never reached its last step"
        assert (Path(marker.read_text()) / "proposals" / "new-one" / "index.html").exists()
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()

    assert hashes(site) == before, "the killed build touched the published site"
    assert staging_folders(site), "the killed build's staging folder should still be there"

    archive.write("mkdocs.yml", MINIMAL_MKDOCS)
    archive.remove("stall.py")
    archive.commit("훅 제거", author=DANDI, when="2020-09-05T10:00:00+09:00")
    assert build(archive.path, site).returncode == 0
    assert staging_folders(site) == []
    assert (site / "proposals" / "new-one" / "index.html").exists()


def test_the_same_commit_builds_the_same_bytes_in_two_clones_at_two_times(archive, tmp_path):
    first, second = tmp_path / "clone-1", tmp_path / "clone-2"
    git(tmp_path, "clone", "-q", str(archive.root), str(first))
    git(tmp_path, "clone", "-q", str(archive.root), str(second))

    assert build(first, tmp_path / "site-1").returncode == 0
    time.sleep(1.5)  # a different second on the clock; nothing may depend on it
    assert build(second, tmp_path / "site-2").returncode == 0

    one, two = hashes(tmp_path / "site-1"), hashes(tmp_path / "site-2")
    assert len(one) > 20
    assert one == two, sorted(path for path in one if one[path] != two.get(path))


def test_the_build_day_is_the_commits_day_unless_told(archive, tmp_path):
    """Statuses and D-days are as of the built commit; SOURCE_DATE_EPOCH names another day."""
    assert build(archive.path, tmp_path / "site").returncode == 0
    page = (tmp_path / "site" / "proposals" / "infant-hours" / "index.html").read_text(encoding="utf-8")
    assert "D-29" in page  # HEAD landed 2020-09-03; the deadline is 2020-10-02

    later = {"SOURCE_DATE_EPOCH": "1601596800"}  # 2020-10-02 09:00 KST, the deadline day
    assert build(archive.path, tmp_path / "later", env=later).returncode == 0
    page = (tmp_path / "later" / "proposals" / "infant-hours" / "index.html").read_text(encoding="utf-8")
    assert "D-day" in page and "D-29" not in page


NO_NETWORK_SITECUSTOMIZE = """\
import socket

_connect = socket.socket.connect


def _refuse(self, address):
    if self.family in (socket.AF_INET, socket.AF_INET6):
        raise OSError("network disabled for this test")
    return _connect(self, address)


socket.socket.connect = _refuse
socket.create_connection = lambda *a, **k: (_ for _ in ()).throw(OSError("network disabled for this test"))
"""


def _without_network(tmp_path) -> tuple[tuple, dict]:
    """A command prefix and environment that take the network away from the build.

    A private network namespace (`unshare -rn`) where the platform allows it;
    else every Internet socket of the Python process refuses to connect.
    """
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "-rn", "true"], capture_output=True).returncode == 0:
        return (unshare, "-rn"), {}
    guard = tmp_path / "no-network"
    guard.mkdir()
    (guard / "sitecustomize.py").write_text(NO_NETWORK_SITECUSTOMIZE)
    return (), {"PYTHONPATH": str(guard)}


def test_the_build_needs_no_network(archive, tmp_path):
    prefix, env = _without_network(tmp_path)
    done = build(archive.path, tmp_path / "site", env=env, prefix=prefix)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "site" / "proposals" / "infant-hours" / "index.html").exists()
