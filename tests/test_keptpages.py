"""Pages kept from the site built before (keptpages.py): a rebuild renders only the pages whose inputs changed,
links the rest from the previous site, and gives the very bytes a cold build of the same commit gives."""

import json
import os
import shutil

import pytest

from conftest import DANDI, JAY, MINIMAL_MKDOCS, MINNI, ArchiveRepo
from madang.contentcache import folder_for
from test_contentcache import build, tree

UNCHANGED = "proposals/2020-09-reservation/index.html"
"""A closed proposal's page: counted at its deadline, so a later pull request does not change it (an open
proposal's page shows the commit it was counted at, and so changes with every one)."""
ENDORSED = "proposals/2020-09-infant-hours/index.html"


def inodes(site) -> dict:
    return {path.relative_to(site).as_posix(): path.stat().st_ino for path in site.rglob("*.html")}


def kept(before: dict, after: dict) -> set:
    """The pages of the new site that are the previous site's files (the same inode)."""
    return {page for page in after if after[page] == before.get(page)}


def assert_all_made_again(repo: ArchiveRepo, site, before: dict, tmp_path):
    """A build into `site` keeps none of its pages and gives the bytes of a cold build."""
    build(repo, site)
    assert not kept(before, inodes(site))
    assert tree(site) == cold_tree(repo, tmp_path / "cold")


def cold_tree(repo: ArchiveRepo, site) -> dict:
    """The site of the same commit, built with no cache and no previous site."""
    shutil.rmtree(folder_for(repo.path, "pages").parent)
    build(repo, site)
    return tree(site)


@pytest.fixture
def repo(tmp_path) -> ArchiveRepo:
    repo = ArchiveRepo.create(tmp_path / "archive")
    repo.propose("2020-09-infant-hours", title="유아 전용 시간")
    repo.propose("2020-09-reservation", title="예약제 운영", endorse_until="2020-09-02")
    repo.write("content/about.md", "# 소개\n\n이 아카이브를 소개합니다.\n")
    repo.commit("제안 두 건", author=DANDI, when="2020-09-02T10:00:00+09:00")
    repo.endorse("2020-09-infant-hours", "jay")
    repo.commit("공감", author=JAY, when="2020-09-03T10:00:00+09:00")
    return repo


def test_a_rebuild_keeps_the_pages_an_endorsement_did_not_change_and_gives_the_bytes_of_a_cold_build(repo, tmp_path):
    site = tmp_path / "site"
    build(repo, site)
    before = inodes(site)
    repo.endorse("2020-09-infant-hours", "minni")
    repo.commit("공감합니다", author=MINNI, when="2020-09-04T10:00:00+09:00")
    build(repo, site)
    after = inodes(site)
    assert after[UNCHANGED] == before[UNCHANGED], "the other proposal's page is the previous site's file"
    assert after[ENDORSED] != before[ENDORSED], "the endorsed proposal's page is made again"
    assert len(kept(before, after)) > len(after) / 2
    incremental = tree(site)
    assert "민니" in incremental[ENDORSED].decode()
    assert incremental == cold_tree(repo, tmp_path / "cold"), "the search index too"


def test_a_changed_setting_makes_every_page_again(repo, tmp_path):
    site = tmp_path / "site"
    build(repo, site)
    before = inodes(site)
    repo.write("mkdocs.yml", MINIMAL_MKDOCS.replace("language: ko}", "language: ko, palette: {primary: teal}}"))
    repo.commit("색을 바꿉니다", author=JAY, when="2020-09-04T10:00:00+09:00")
    assert_all_made_again(repo, site, before, tmp_path)


def test_a_renamed_page_in_the_navigation_makes_every_page_again(repo, tmp_path):
    """Material draws the whole navigation, with each page's title, into every page."""
    site = tmp_path / "site"
    build(repo, site)
    before = inodes(site)
    repo.write("content/about.md", "# 우리 소개\n\n이 아카이브를 소개합니다.\n")
    repo.commit("소개 이름", author=JAY, when="2020-09-04T10:00:00+09:00")
    assert_all_made_again(repo, site, before, tmp_path)
    assert "우리 소개" in (site / UNCHANGED).read_text(encoding="utf-8")


def test_a_page_changed_by_hand_in_the_site_is_made_again(repo, tmp_path):
    site = tmp_path / "site"
    build(repo, site)
    made = (site / UNCHANGED).read_bytes()
    (site / UNCHANGED).write_text("<p>누군가 고쳐 쓴 페이지</p>", encoding="utf-8")
    build(repo, site)
    assert (site / UNCHANGED).read_bytes() == made


def test_a_removed_record_leaves_no_page_behind(repo, tmp_path):
    site = tmp_path / "site"
    build(repo, site)
    assert (site / UNCHANGED).exists()
    shutil.rmtree(repo.path / "proposals" / "2020-09-reservation")
    repo.commit("제안을 내립니다", author=JAY, when="2020-09-04T10:00:00+09:00")
    build(repo, site)
    assert not (site / UNCHANGED).exists()
    assert tree(site) == cold_tree(repo, tmp_path / "cold")


@pytest.mark.parametrize("manifest", ["not json", "[1, 2]", '{"index.html": ["key", 1, 2]}', '{"index.html": 7}'])
def test_a_manifest_that_cannot_be_read_keeps_nothing(repo, tmp_path, manifest):
    site = tmp_path / "site"
    build(repo, site)
    [manifest_file] = folder_for(repo.path, "sites").iterdir()
    assert json.loads(manifest_file.read_text(encoding="utf-8"))[UNCHANGED][0]
    manifest_file.write_text(manifest, encoding="utf-8")
    assert_all_made_again(repo, site, inodes(site), tmp_path)


def test_a_failed_build_leaves_the_site_and_what_it_may_keep(repo, tmp_path):
    site = tmp_path / "site"
    build(repo, site)
    made, before = tree(site), inodes(site)
    repo.write("mkdocs.yml", MINIMAL_MKDOCS + "theme: [not, a, theme]\n")
    with pytest.raises(AssertionError):
        build(repo, site)
    assert tree(site) == made
    repo.write("mkdocs.yml", MINIMAL_MKDOCS)
    build(repo, site)
    assert inodes(site)[UNCHANGED] == before[UNCHANGED]


def test_a_site_in_another_folder_keeps_nothing_of_this_one(repo, tmp_path):
    build(repo, tmp_path / "one")
    build(repo, tmp_path / "two")
    one, two = inodes(tmp_path / "one"), inodes(tmp_path / "two")
    assert not kept(one, two)
    assert os.stat(tmp_path / "one" / UNCHANGED).st_nlink == 1


def test_a_site_built_with_a_plugin_madang_does_not_know_keeps_nothing(tmp_path):
    """Such a plugin may write into a page in ways no key sees."""
    repo = ArchiveRepo.create(tmp_path / "archive", mkdocs=MINIMAL_MKDOCS.replace("[search, madang]", "[search, madang, tags]"))
    site = tmp_path / "site"
    build(repo, site)
    before = inodes(site)
    build(repo, site)
    assert before and not kept(before, inodes(site))
