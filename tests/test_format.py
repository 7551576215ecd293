"""An archive states its format (`format:` in the madang settings): madang reads formats up to its own and
refuses a newer one with one sentence; every page's footer and data/audit.json name the madang version
and the format a site was built with."""

import json
import os
import subprocess
import sys

import pytest

from conftest import BUILD_PY, MINIMAL_MKDOCS, ArchiveRepo
from madang import __version__
from madang.constants import ARCHIVE_FORMAT

NEWER = ARCHIVE_FORMAT + 1
REFUSAL = (f"이 아카이브는 형식 {NEWER}로 적혀 있고 설치된 madang {__version__}은 형식 {ARCHIVE_FORMAT}까지 읽으니 "
           "madang을 올려 주세요 (python -m pip install --upgrade madang)")


def settings(options: str) -> str:
    return MINIMAL_MKDOCS.replace("plugins: [search, madang]", "plugins:\n  - search\n  - madang:\n" + options)


def run(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(BUILD_PY), *map(str, args)], capture_output=True, text=True,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})


def test_a_newer_format_is_refused_in_one_sentence_before_any_other_setting(tmp_path):
    """Its other settings may mean what this madang cannot know: a time zone it lacks, a key it never heard of."""
    repo = ArchiveRepo.create(tmp_path / "archive", mkdocs=settings(
        f"      timezone: Mars/Olympus\n      format: {NEWER}\n      voting: ranked\n"))
    checked = run("check", repo.path)
    assert checked.returncode == 1
    assert checked.stderr.splitlines() == [f"mkdocs.yml:8: {REFUSAL} / this archive is written in format {NEWER}, "
                                           f"and madang {__version__} reads formats up to {ARCHIVE_FORMAT}: upgrade "
                                           "madang (python -m pip install --upgrade madang)"]
    for command in (["build", repo.path, "-d", tmp_path / "site"], ["recount", repo.path]):
        done = run(*command)
        assert done.returncode == 1 and REFUSAL in done.stderr and "Mars" not in done.stderr, done.stderr
        assert "Traceback" not in done.stderr
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("written", ["0", "'1'", "1.5", "true"])
def test_a_format_that_is_not_a_whole_number_is_a_located_mistake(tmp_path, written):
    repo = ArchiveRepo.create(tmp_path / "archive", mkdocs=settings(f"      format: {written}\n"))
    done = run("check", repo.path)
    assert done.returncode == 1
    assert done.stderr.startswith("mkdocs.yml:7: ") and "the archive format is a whole number, 1 or more" in done.stderr


@pytest.mark.parametrize("declared", ["", f"      format: {ARCHIVE_FORMAT}\n"])
def test_the_footer_and_the_audit_name_the_version_and_the_format(tmp_path, declared):
    mkdocs = settings(declared) if declared else MINIMAL_MKDOCS
    repo = ArchiveRepo.create(tmp_path / "archive", mkdocs=mkdocs)
    site = tmp_path / "site"
    done = run("build", repo.path, "-d", site)
    assert done.returncode == 0, done.stderr
    footer = f"madang {__version__} · 아카이브 형식 1"
    for page in ("index.html", "audit/index.html", "data/index.html"):
        assert footer in (site / page).read_text(encoding="utf-8"), page
    audit = json.loads((site / "data" / "audit.json").read_text(encoding="utf-8"))
    assert audit["madang"] == __version__ and audit["format"] == 1 and audit["commit"] == repo.sha()
    assert f"'madang=={__version__}'" in (site / "audit" / "index.html").read_text(encoding="utf-8")
