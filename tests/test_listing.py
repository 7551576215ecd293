"""Listing pages are paginated, so no page grows with the archive."""

import re

from madang import pipeline
from madang.render.proposals import PAGE_SIZE

from conftest import madang_settings


def many_proposals(root, number):
    for i in range(number):
        folder = root / "proposals" / f"p{i:03}"
        folder.mkdir(parents=True)
        (folder / "proposal.md").write_text(
            f"---\ntitle: 제안 {i}\nproposer: dandi\nproposed: 2020-09-{1 + i % 28:02}\ntags: [모두]\n---\n본문\n",
            encoding="utf-8",
        )


def generated(root):
    return {f.path: f.content for f in pipeline.run(root, madang_settings()).files}


def rows(page: str) -> list[str]:
    return re.findall(r"^\| \[제안 \d+\]", page, flags=re.M)


def test_listings_split_into_pages_that_list_everything_once(tmp_path):
    many_proposals(tmp_path, 2 * PAGE_SIZE + 7)
    files = generated(tmp_path)
    pages = [files["proposals/index.md"], files["proposals/index-2.md"], files["proposals/index-3.md"]]
    assert "proposals/index-4.md" not in files
    assert [len(rows(page)) for page in pages] == [PAGE_SIZE, PAGE_SIZE, 7]
    listed = [row for page in pages for row in rows(page)]
    assert len(set(listed)) == 2 * PAGE_SIZE + 7
    assert "[다음 ›](index-2.md)" in pages[0]
    assert "[‹ 이전](index-2.md)" in pages[2] and "**3**" in pages[2]


def test_tag_and_sort_listings_are_paginated_too(tmp_path):
    many_proposals(tmp_path, PAGE_SIZE + 1)
    files = generated(tmp_path)
    assert len(rows(files["proposals/tags/모두-2.md"])) == 1
    assert "[‹ 이전](../tags/모두.md)" in files["proposals/tags/모두-2.md"]
    assert len(rows(files["proposals/popular-2.md"])) == 1


def test_page_size_does_not_grow_with_the_archive(tmp_path):
    small, large = tmp_path / "small", tmp_path / "large"
    many_proposals(small, PAGE_SIZE)
    many_proposals(large, 4 * PAGE_SIZE)
    small_pages, large_pages = generated(small), generated(large)
    assert abs(len(large_pages["proposals/index.md"]) - len(small_pages["proposals/index.md"])) < 500
    assert len(large_pages["index.md"]) < len(small_pages["index.md"]) + 500


def test_only_top_pages_of_content_enter_the_navigation():
    from madang.render import navigation

    nav = navigation(["about.md", "news/index.md", "news/2020-09-01-welcome.md", "meetings/m1/index.md"])
    paths = [next(iter(item.values())) if isinstance(item, dict) else item for item in nav]
    assert "about.md" in paths and "news/index.md" in paths
    assert "news/2020-09-01-welcome.md" not in paths and "meetings/m1/index.md" not in paths


def test_home_lists_open_proposals_with_their_d_day(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1599058800")  # 2020-09-03 00:00 KST
    folder = tmp_path / "proposals" / "open-one"
    folder.mkdir(parents=True)
    (folder / "proposal.md").write_text(
        "---\ntitle: 유아들만 이용할 수 있는 작은도서관\nproposer: dandi\nproposed: 2020-09-02\n"
        "endorse_until: 2020-10-02\n---\n본문\n",
        encoding="utf-8",
    )
    home = generated(tmp_path)["index.md"]
    assert "- [유아들만 이용할 수 있는 작은도서관](proposals/open-one.md) — 공감 0명 · D-29" in re.sub(r"<[^>]+>", "", home)


def test_home_shows_the_latest_proposals_when_none_is_open(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023
    for number in range(2):
        folder = tmp_path / "proposals" / f"p{number}"
        folder.mkdir(parents=True)
        (folder / "proposal.md").write_text(
            f"---\ntitle: 제안 {number}\nproposer: dandi\nproposed: 2020-09-0{number + 1}\n"
            "endorse_until: 2020-10-02\n---\n본문\n",
            encoding="utf-8",
        )
    home = generated(tmp_path)["index.md"]
    assert "지금 공감을 받는 제안이 없습니다" in home
    assert home.index("[제안 1](proposals/p1.md) — 공감 0명 · 2020.09.02") < home.index("[제안 0](proposals/p0.md)")
