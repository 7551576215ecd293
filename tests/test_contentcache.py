"""The content cache (contentcache.py, pagecache.py): a rebuild makes only the pages and share cards whose
input changed, and gives the very bytes a cold build of the same commit gives."""

import hashlib
import os
import shutil
import subprocess
import sys

import pytest

from conftest import BUILD_PY, DANDI, JAY, MINNI, ArchiveRepo
from mkdocs.config import load_config
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from madang.contentcache import Store, folder_for
from madang.pagecache import PageHtml, site_key


def build(repo: ArchiveRepo, site):
    environment = {key: value for key, value in os.environ.items() if key != "SOURCE_DATE_EPOCH"}
    done = subprocess.run([sys.executable, str(BUILD_PY), "build", str(repo.path), "-d", str(site)],
                          capture_output=True, text=True, env=environment)
    assert done.returncode == 0, done.stderr


def tree(site) -> dict:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


@pytest.fixture
def repo(tmp_path) -> ArchiveRepo:
    repo = ArchiveRepo.create(tmp_path / "archive")
    repo.propose("2020-09-infant-hours", title="유아 전용 시간")
    repo.propose("2020-09-reservation", title="예약제 운영")
    repo.commit("제안 두 건", author=DANDI, when="2020-09-02T10:00:00+09:00")
    repo.endorse("2020-09-infant-hours", "jay")
    repo.commit("공감", author=JAY, when="2020-09-03T10:00:00+09:00")
    return repo


def test_a_rebuild_after_one_more_endorsement_gives_the_bytes_of_a_cold_build(repo, tmp_path):
    build(repo, tmp_path / "before")
    pages, cards, search = (folder_for(repo.path, name) for name in ("pages", "cards", "search"))
    kept_before = {entry.name for entry in pages.iterdir()}
    search_before = {entry.name for entry in search.iterdir()}
    assert kept_before and any(cards.iterdir()) and search_before
    repo.endorse("2020-09-infant-hours", "minni")
    repo.commit("공감합니다", author=MINNI, when="2020-09-04T10:00:00+09:00")
    build(repo, tmp_path / "cached")
    kept_after = {entry.name for entry in pages.iterdir()}
    assert kept_before & kept_after, "the pages the endorsement did not change were read back"
    assert kept_before - kept_after, "the proposal's page changed, and its old entry was removed"
    search_after = {entry.name for entry in search.iterdir()}
    assert search_before & search_after and search_before - search_after, "search entries: read back, or made again"
    shutil.rmtree(pages.parent)
    build(repo, tmp_path / "cold")
    cached, cold = tree(tmp_path / "cached"), tree(tmp_path / "cold")
    assert cached == cold
    assert "minni" in cached["proposals/2020-09-infant-hours/index.html"].decode()
    assert cached["assets/cards/proposals/2020-09-infant-hours.png"] != tree(tmp_path / "before")[
        "assets/cards/proposals/2020-09-infant-hours.png"]


def test_a_cache_entry_that_cannot_be_read_is_made_again(repo, tmp_path):
    build(repo, tmp_path / "cold")
    for folder in (folder_for(repo.path, name) for name in ("pages", "cards", "search", "bodies")):
        for entry in folder.iterdir():
            entry.write_bytes(b"not a cache entry")
    build(repo, tmp_path / "again")
    assert tree(tmp_path / "again") == tree(tmp_path / "cold")


OTHER_SHAPES = {
    "search-not-entries": ("search", b"[1, 2]"),
    "search-types": ("search", b'[{"location": 1, "title": "", "text": ""}]'),
    "search-not-a-list": ("search", b'{"location": ""}'),
    "search-other-key": ("search", b'[{"location": "", "title": "", "text": "", "madang_ko": "", "x": ""}]'),
    "search-field-type": ("search", b'[{"location": "", "title": "", "text": "", "madang_ko": 1}]'),
    "page-keys": ("pages", b'{"content": 1}'),
    "page-toc": ("pages", b'{"content": "", "toc": [1], "title": null, "anchors": [], "links": {}}'),
    "page-links": ("pages", b'{"content": "", "toc": [], "title": null, "anchors": [], "links": {"x.md": 1}}'),
    "nested-deep": ("pages", b"[" * 100_000 + b"]" * 100_000),
    "body-not-text": ("bodies", b"\xff\xfe<p>"),
    "page-looked-up": ("pages", b'{"content": "", "toc": [], "title": null, "anchors": [], "links": {}, '
                                b'"looked_up": {"x.md": 1}}'),
}


@pytest.mark.parametrize("folder, kept", OTHER_SHAPES.values(), ids=OTHER_SHAPES)
def test_a_kept_entry_of_another_shape_is_made_again(repo, tmp_path, folder, kept):
    """An entry behind a right hash but not in the shape madang writes (another tool's, or made by hand)."""
    build(repo, tmp_path / "cold")
    for entry in folder_for(repo.path, folder).iterdir():
        entry.write_bytes(hashlib.sha256(kept).digest() + kept)
    build(repo, tmp_path / "again")
    assert tree(tmp_path / "again") == tree(tmp_path / "cold")


def test_what_people_wrote_is_rendered_once_and_read_back_by_its_text(repo, tmp_path):
    """A body's sanitized HTML (render/safe.py) is kept by its text: an unchanged body is read back as kept,
    a changed one is rendered again."""
    build(repo, tmp_path / "cold")
    bodies = folder_for(repo.path, "bodies")
    mark = "<p>KEPT-MARK</p>".encode()
    for entry in bodies.iterdir():
        entry.write_bytes(hashlib.sha256(mark).digest() + mark)
    repo.propose("2020-09-reservation", title="예약제 운영", body="## 제안내용\n\n새로 고친 본문\n")
    repo.commit("본문 고침", author=DANDI, when="2020-09-04T10:00:00+09:00")
    build(repo, tmp_path / "again")
    site = tree(tmp_path / "again")
    unchanged, changed = (site[f"proposals/{name}/index.html"].decode() for name in ("2020-09-infant-hours", "2020-09-reservation"))
    assert "KEPT-MARK" in unchanged
    assert "새로 고친 본문" in changed and "KEPT-MARK" not in changed


def test_a_page_more_in_the_site_leaves_the_other_pages_html_kept(repo, tmp_path):
    """A new proposal with a new tag adds pages (its own, its tag's): the pages that do not show it keep their
    HTML, and the site is a cold build's."""
    build(repo, tmp_path / "before")
    pages = folder_for(repo.path, "pages")
    before = {entry.name for entry in pages.iterdir()}
    repo.write("proposals/2020-09-garden/proposal.md",
               "---\ntitle: 옥상 정원\nproposer: dandi\nproposed: 2020-09-03\ntags: [정원]\n---\n\n## 제안내용\n\n본문\n")
    repo.commit("제안: 옥상 정원", author=DANDI, when="2020-09-04T10:00:00+09:00")
    build(repo, tmp_path / "cached")
    after = {entry.name for entry in pages.iterdir()}
    assert len(after) > len(before) and len(before & after) > len(before) / 2, (len(before), len(before & after))
    shutil.rmtree(pages.parent)
    build(repo, tmp_path / "cold")
    assert tree(tmp_path / "cached") == tree(tmp_path / "cold")


def test_a_kept_page_is_converted_again_when_a_file_it_links_to_comes_or_goes(tmp_path, caplog):
    """A page's HTML is kept with the files its links looked up, not with the whole site's files: a file it
    does not name leaves it kept, one it names that appears (or goes) makes it again. (Converting a link to
    a missing file warns; reading a kept page back does not.)"""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.md").write_text("# 가\n\n[나](b.md)\n", encoding="utf-8")
    for name in ("b.md", "c.md"):
        (docs / name).write_text("# 다른 쪽\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: 시험\n", encoding="utf-8")
    config = load_config(config_file=str(tmp_path / "mkdocs.yml"))
    html = PageHtml(Store(tmp_path / "pages"), site_key(config))

    def converted(*others: str) -> str:
        files = Files([File(name, str(docs), config.site_dir, True) for name in ("a.md", *others)])
        page = Page(None, files.get_file_from_path("a.md"), config)
        page.read_source(config)
        html.render(page, config, files)
        return page.content

    def warned() -> bool:
        said = any("b.md" in record.getMessage() for record in caplog.records)
        caplog.clear()
        return said

    alone = converted()
    assert 'href="b.md"' in alone and warned()
    assert converted("c.md") == alone and not warned()
    assert 'href="../b/"' in converted("b.md", "c.md")
    assert converted("c.md") == alone and warned()
