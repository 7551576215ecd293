"""`mkdocs build --strict` (every link checked, every warning an error) passes on a fresh archive, on one
that grows news, and on the sample: a generated page links only what the site has."""

import os
import subprocess
import sys

import pytest

from conftest import JAY, ROOT, ArchiveRepo

NEWS = "---\ntitle: 첫 소식\ndate: 2020-09-03\nauthor: jay\n---\n\n도서관이 문을 엽니다.\n"


def strict_build(archive, site) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)], cwd=archive,
                          capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})


def test_a_fresh_archive_and_one_with_news_build_strict(tmp_path):
    repo = ArchiveRepo.create(tmp_path / "archive")
    site = tmp_path / "site"
    done = strict_build(repo.path, site)
    assert done.returncode == 0, done.stderr
    assert 'href="../news/atom.xml"' not in (site / "data" / "index.html").read_text(encoding="utf-8")
    repo.write("content/news/2020-09-opening.md", NEWS)
    repo.commit("첫 소식", author=JAY, when="2020-09-03T10:00:00+09:00")
    done = strict_build(repo.path, site)
    assert done.returncode == 0, done.stderr
    assert 'href="../news/atom.xml"' in (site / "data" / "index.html").read_text(encoding="utf-8")
    assert (site / "news" / "atom.xml").is_file()


@pytest.mark.slow
def test_the_sample_builds_strict(tmp_path):
    done = strict_build(ROOT, tmp_path / "site")
    assert done.returncode == 0, done.stderr
