"""The generated pages converted on two cores (secondhalf.py): the same site as on one, byte for byte."""

import logging
import os
import shutil
import subprocess
import sys
import threading

import pytest

from conftest import BUILD_PY, DANDI, JAY, ArchiveRepo
from madang.contentcache import folder_for
from madang.secondhalf import PARALLEL_FROM, _stop_at_any_warning, second_half
from test_contentcache import tree

SAID = "pages converted by a second process"
TWO_CORES = len(os.sched_getaffinity(0)) >= 2 and shutil.which("taskset") is not None


def build(repo: ArchiveRepo, site, *, one_core=False) -> str:
    """A cold `build` (no cache): its stderr."""
    shutil.rmtree(folder_for(repo.path, "pages").parent, ignore_errors=True)
    environment = {key: value for key, value in os.environ.items() if key != "SOURCE_DATE_EPOCH"}
    command = [sys.executable, str(BUILD_PY), "build", str(repo.path), "-d", str(site)]
    done = subprocess.run(["taskset", "-c", "0", *command] if one_core else command,
                          capture_output=True, text=True, env=environment)
    assert done.returncode == 0, done.stderr
    return done.stderr


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> ArchiveRepo:
    """An archive with more generated pages than PARALLEL_FROM: a proposal page each, and their listings."""
    repo = ArchiveRepo.create(tmp_path_factory.mktemp("archive"))
    for number in range(PARALLEL_FROM):
        repo.propose(f"2020-09-p{number:03}", title=f"제안 {number}번", body=f"## 제안내용\n\n{number}번째 **본문**\n")
    repo.commit("제안들", author=DANDI, when="2020-09-02T10:00:00+09:00")
    repo.endorse("2020-09-p199", "jay")
    repo.commit("공감", author=JAY, when="2020-09-03T10:00:00+09:00")
    return repo


@pytest.mark.slow
@pytest.mark.skipif(not TWO_CORES, reason="needs two cores and taskset")
def test_two_cores_build_the_bytes_one_core_builds(repo, tmp_path):
    said = build(repo, tmp_path / "two")
    assert SAID in said
    assert SAID not in build(repo, tmp_path / "one", one_core=True)
    two, one = tree(tmp_path / "two"), tree(tmp_path / "one")
    assert two == one
    last = two["proposals/2020-09-p199/index.html"].decode()
    assert "199번째 <strong>본문</strong>" in last and "jay" in last


def test_no_second_process_for_few_pages_without_a_cache_or_beside_threads(repo, tmp_path):
    """Each refusal comes before anything is forked or read: the pages are never looked at."""
    many = [None] * PARALLEL_FROM
    assert second_half(many[1:], None, None, tmp_path) is None
    assert second_half(many, None, None, None) is None
    stop = threading.Event()
    beside = threading.Thread(target=stop.wait)
    beside.start()
    try:
        assert second_half(many, None, None, tmp_path) is None
    finally:
        stop.set()
        beside.join()


def test_a_warning_ends_the_second_process_before_its_page_is_kept():
    """So the parent converts that page itself and logs the warning where `--strict` counts it."""
    child = os.fork()
    if child == 0:
        _stop_at_any_warning()
        logging.getLogger("mkdocs.structure.pages").info("an info line is not a warning")
        logging.getLogger("mkdocs.structure.pages").warning("a link to nowhere")
        os._exit(0)
    _, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 1
