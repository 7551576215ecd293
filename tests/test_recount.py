"""`build.py recount --at REV`: every tally and one digest, the same on any clone; a rewritten history is said loudly."""

import json
import re
import shutil
import subprocess
import sys

import pytest

from madang import __version__, cache

from conftest import BUILD_PY, DANDI, HEIDI, JAY, MINNI, ArchiveRepo, git

DIGEST_LINE = re.compile(r"^digest: [0-9a-f]{64}$")


def cli(*args, env=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(BUILD_PY), *map(str, args)], capture_output=True, text=True, env=env)


def recount(archive, at=None) -> list[str]:
    done = cli("recount", archive, *(("--at", at) if at else ()))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert DIGEST_LINE.match(lines[-1]), lines
    return lines


def digest_of(archive, at=None) -> str:
    return recount(archive, at)[-1].removeprefix("digest: ")


@pytest.fixture
def archive(tmp_path) -> ArchiveRepo:
    """Two pull requests of endorsements, then an unrelated page edit."""
    repo = ArchiveRepo.create(tmp_path / "archive")
    repo.propose("infant-hours", title="유아 전용 시간", endorse_until="2020-10-02")
    repo.commit("제안", author=DANDI, when="2020-09-02T10:00:00+09:00")
    repo.branch("heidi")
    repo.endorse("infant-hours", "heidi")
    repo.commit("공감", author=HEIDI, when="2020-09-03T10:00:00+09:00")
    repo.merge_pr("heidi", 1, "2020-09-03T11:00:00+09:00")
    repo.branch("minni")
    repo.endorse("infant-hours", "minni")
    repo.commit("공감", author=MINNI, when="2020-09-04T10:00:00+09:00")
    repo.merge_pr("minni", 2, "2020-09-04T11:00:00+09:00", user="minni")
    repo.write("content/about.md", "# 소개\n")
    repo.commit("소개 페이지", author=JAY, when="2020-09-05T10:00:00+09:00")
    return repo


def test_recount_prints_every_tally_and_ends_with_the_digest(archive):
    lines = recount(archive.path)
    assert any(line.startswith("proposal infant-hours: 2 ") for line in lines)
    assert lines[-2] == f"commit: {archive.sha()}"


def test_digest_changes_with_the_counts_not_with_unrelated_commits(archive):
    first_pr, second_pr, page = (archive.sha(f"HEAD~{n}") for n in (2, 1, 0))
    assert digest_of(archive.path, first_pr) != digest_of(archive.path, second_pr)
    assert digest_of(archive.path, second_pr) == digest_of(archive.path, page)


def test_the_same_commit_gives_the_same_digest_in_another_clone(archive, tmp_path):
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(archive.root), str(clone))
    archive.write("proposals/infant-hours/endorsements/jay.yml", "")  # uncommitted: not part of any commit
    assert digest_of(clone, "HEAD~1") == digest_of(archive.path, "HEAD~1")
    assert digest_of(clone) == digest_of(archive.path)


def test_the_site_shows_the_digest_recount_gives(archive, tmp_path):
    site = tmp_path / "site"
    assert cli("build", archive.path, "-d", site).returncode == 0
    audit = json.loads((site / "data" / "audit.json").read_text(encoding="utf-8"))
    assert audit == {"commit": archive.sha(), "digest": digest_of(archive.path, archive.sha()), "rewritten": None,
                     "madang": __version__, "format": 1}
    page = (site / "audit" / "index.html").read_text(encoding="utf-8")
    assert audit["digest"] in page and f"recount . --at {archive.sha()}" in page


def test_recount_at_a_missing_commit_is_one_sentence(archive):
    done = cli("recount", archive.path, "--at", "no-such-commit")
    assert done.returncode == 1
    assert "no-such-commit" in done.stderr and "Traceback" not in done.stderr
    assert not done.stdout


def test_a_rewritten_history_is_said_loudly_by_build_and_the_audit_page(archive, tmp_path):
    site = tmp_path / "site"
    assert cli("build", archive.path, "-d", site).returncode == 0
    published = json.loads((site / "data" / "audit.json").read_text(encoding="utf-8"))

    archive.git("reset", "-q", "--hard", "HEAD~2")  # drop minni's pull request and the page: a force push
    archive.write("content/about.md", "# 소개 (다시)\n")
    archive.commit("소개 페이지", author=JAY, when="2020-09-06T10:00:00+09:00")
    rebuilt = cli("build", archive.path, "-d", site)

    assert rebuilt.returncode == 0
    assert "기록이 다시 쓰였습니다" in rebuilt.stderr and published["commit"][:12] in rebuilt.stderr
    audit = json.loads((site / "data" / "audit.json").read_text(encoding="utf-8"))
    assert published["commit"][:12] in audit["rewritten"]
    page = (site / "audit" / "index.html").read_text(encoding="utf-8")
    assert 'class="admonition danger"' in page and "기록이 다시 쓰였습니다" in page


def test_a_history_that_only_grew_is_not_rewritten(archive, tmp_path):
    site = tmp_path / "site"
    assert cli("build", archive.path, "-d", site).returncode == 0
    archive.write("content/about.md", "# 소개 (고침)\n")
    archive.commit("소개 고침", author=JAY, when="2020-09-06T10:00:00+09:00")
    rebuilt = cli("build", archive.path, "-d", site)
    assert rebuilt.returncode == 0 and "기록이 다시 쓰였습니다" not in rebuilt.stderr
    assert json.loads((site / "data" / "audit.json").read_text(encoding="utf-8"))["rewritten"] is None


SELECTING_MKDOCS = """\
site_name: 마당 시험
docs_dir: content
theme: {name: material, language: ko}
plugins:
  - search
  - madang:
      book: true
      selection:
        candidates: [infant-hours, reading-club]
        components: [{label: 공감, weight: 100, source: endorsements}]
"""


@pytest.mark.slow
def test_book_audit_page_open_data_and_recount_give_one_digest_at_two_commits(tmp_path):
    """The book once hashed the counts without the selection; every digest now comes from pipeline.scored."""
    repo = ArchiveRepo.create(tmp_path / "archive", mkdocs=SELECTING_MKDOCS)
    repo.propose("infant-hours", title="유아 전용 시간", endorse_until="2020-10-02")
    repo.propose("reading-club", title="책 읽는 모임", endorse_until="2020-10-02")
    repo.commit("제안", author=DANDI, when="2020-09-02T10:00:00+09:00")
    repo.endorse("reading-club", "heidi")
    first = repo.commit("공감", author=HEIDI, when="2020-09-03T10:00:00+09:00")
    repo.endorse("infant-hours", "minni")
    repo.endorse("infant-hours", "dandi")
    second = repo.commit("공감 둘", author=JAY, when="2020-09-04T10:00:00+09:00")
    digests = []
    for commit in (first, second):
        repo.git("checkout", "-q", commit)
        site = tmp_path / f"site-{commit[:7]}"
        done = cli("build", repo.path, "-d", site)
        assert done.returncode == 0, done.stderr
        recounted = digest_of(repo.path, commit)
        book = subprocess.run(["pdftotext", str(site / "book.pdf"), "-"], capture_output=True, text=True).stdout
        assert recounted in book.replace("\n", "")
        assert json.loads((site / "data" / "audit.json").read_text(encoding="utf-8"))["digest"] == recounted
        assert recounted in (site / "audit" / "index.html").read_text(encoding="utf-8")
        digests.append(recounted)
    assert digests[0] != digests[1]


def cache_segments(repo) -> list[tuple[str | None, str]]:
    """(head continued from, head) of every segment of the repository's history cache."""
    files = sorted((repo.root / ".git" / "madang").glob("history-*.json"))
    assert len(files) == 1, files
    return [(base, head) for base, head, _ in cache.load(files[0])]


def test_recount_reads_and_keeps_the_repositorys_history_cache(archive):
    """A recount once read the whole history in its temporary checkout, whose cache went with it."""
    first = digest_of(archive.path)
    assert cache_segments(archive) == [(None, archive.sha())]
    before = archive.sha()
    archive.write("content/about.md", "# 소개 (고침)\n")
    archive.commit("소개 고침", author=JAY, when="2020-09-06T10:00:00+09:00")
    assert digest_of(archive.path) == first  # the page changed no count
    assert cache_segments(archive) == [(None, before), (before, archive.sha())]  # read on from the cache

    cache_file = next((archive.root / ".git" / "madang").iterdir())
    kept = cache_file.read_bytes()
    older = digest_of(archive.path, "HEAD~3")  # heidi's pull request only: cut from the cached history
    assert cache_file.read_bytes() == kept
    shutil.rmtree(archive.root / ".git" / "madang")
    assert digest_of(archive.path, "HEAD~3") == older != first
    assert digest_of(archive.path) == first


def test_recount_at_a_commit_off_the_first_parent_chain_leaves_the_cache_alone(archive):
    """minni's own commit never landed by itself: its history is read at it, the repository's cache untouched."""
    digest_of(archive.path)
    cache_file = next((archive.root / ".git" / "madang").iterdir())
    kept = cache_file.read_bytes()
    lines = recount(archive.path, "HEAD~1^2")
    assert any(line.startswith("proposal infant-hours: 2 ") for line in lines)
    assert lines[-2] == f"commit: {archive.sha('HEAD~1^2')}"
    assert cache_file.read_bytes() == kept
