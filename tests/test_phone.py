"""Citizens on a phone (issue 17): lists that read, pages that fit, sharing, minutes and search, in Chromium.

Three sites on one localhost server: the sample (this repository, built on
2020.09.20 as test_browser.py does), the same archive without `repo_url` and
`site_url` (a clone whose mkdocs.yml drops them), and an archive that
`madang new` made, with a proposal, a poll and minutes added. Each page kind is
opened at 360 px and 1280 px: no date, time, number or handle in a listing is
broken across lines (each one's Range.getClientRects() on one line), and no page
scrolls sideways. Screenshots at 360 px go to test-artifacts/screenshots/phone-*.png.
"""

import functools
import http.server
import os
import re
import subprocess
import sys
import threading
from datetime import datetime
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import BUILD_PY, DANDI, GIT_ENV, ROOT, ArchiveRepo
from test_browser import (  # noqa: F401 (fixtures)
    ARTIFACTS, BUILD_DAY, DESKTOP, PHONE, SEOUL, QuietHandler, browser, build, new_context,
)

pytestmark = pytest.mark.slow

SITE_URL = "https://madang-archive.github.io/eunpyeong-small-libraries/"
"""The sample's mkdocs.yml site_url."""
SAMPLE_PAGES = {
    "home": "", "proposals": "proposals/", "proposal": "proposals/2020-09-reservation/",
    "tag": "proposals/tags/작은도서관/", "polls": "polls/", "poll": "polls/2020-09-forum-vote/",
    "score-poll": "polls/2020-09-team-review/", "meetings": "meetings/", "meeting": "meetings/2020-09-08-workshop/",
    "sign-ups": "meetings/2020-11-20-results/", "tasks": "tasks/", "attendance": "attendance/",
    "selection": "selection/", "phase": "phases/deliberation/", "juries": "juries/",
    "jury": "juries/2020-11-results-jury/", "news": "news/2020-09-01-welcome/",
    "experiment": "experiments/2020-10-infant-hours/", "process": "process/", "data": "data/",
    "data-kind": "data/polls/", "members": "members/", "audit": "audit/", "guide": "guide/",
}
"""One page of each kind: listings, records, tables of numbers, the pages that explain."""
SCREENSHOTS = ("home", "proposal", "poll", "meeting", "selection")
SHARED_PAGES = ("", "selection/", "phases/education/", "phases/deliberation/", "phases/action/",
                "juries/2020-11-results-jury/", "proposals/2020-09-reservation/", "polls/2020-09-forum-vote/",
                "meetings/2020-09-08-workshop/")
"""Pages a person would share: home, the selection, every phase, the jury, and records."""

SPLIT_VALUES = """() => {
  // Dates, times, D-days, handles and numbers in tables and lists (listings) that a line break cuts in two.
  const VALUE = /D-\\d+|\\d{4}\\.\\d{2}\\.\\d{2}|\\d{1,2}:\\d{2}(?:–\\d{1,2}:\\d{2})?|@[A-Za-z0-9][A-Za-z0-9-]*|(?<![\\w.])\\d[\\d,.]*[%명표점건회]?(?![A-Za-z])/g;  // not the digits of a commit hash
  const broken = [];
  for (const table of document.querySelectorAll("article table, article li")) {
    const walker = document.createTreeWalker(table, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(VALUE)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.bottom)));
        if (lines.size > 1) broken.push(match[0]);
      }
    }
  }
  return broken;
}"""
VALUES_IN_TABLES = """() => [...document.querySelectorAll("article table")].map(t => t.innerText).join(" ")"""

MINUTES = """\
소통과 협업을 위한 첫 모임입니다.

## 할 일

- [x] 소통 채널 열기 @jay 2020-09-09
- [ ] 도서관 이용자에게 제안 올리기 알리기 @dandi 2020-09-18
"""


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """Base URLs of the three sites by name: sample, sample-bare (no repo_url nor site_url), new."""
    root = tmp_path_factory.mktemp("phone-sites")
    build(ROOT, root / "sample", BUILD_DAY)
    bare = tmp_path_factory.mktemp("bare") / "archive"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(bare)], check=True, capture_output=True)
    settings = bare / "mkdocs.yml"
    settings.write_text(re.sub(r"(?m)^(repo_url|site_url):.*\n", "", settings.read_text(encoding="utf-8")),
                        encoding="utf-8")
    build(bare, root / "sample-bare", BUILD_DAY)
    build(new_archive(tmp_path_factory.mktemp("new") / "archive"), root / "new", BUILD_DAY)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    yield {name: f"{base}/{name}/" for name in ("sample", "sample-bare", "new")}
    server.shutdown()


LONG_PARAGRAPH = "아이와 함께 책을 읽으러 가면 열람실이 늘 붐비고 시끄러워서 오래 머물 수가 없습니다. " * 8 + (
    "그래서 주말 오전 한 시간만이라도 작은도서관을 조용한 시간으로 정하면 좋겠습니다. ") + "모두가 편하게 쉴 수 있도록요. " * 6 + "\n"
"""A paragraph of some 600 characters on a page a person wrote (Material indexes it), its one 도서관 (inside
작은도서관) after 300."""


def new_archive(path: Path) -> Path:
    """`madang new`'s archive with a proposal, a poll and a meeting with minutes, as its first weeks add them."""
    done = subprocess.run([sys.executable, str(BUILD_PY), "new", str(path), "--name", "우리 동네 작은도서관",
                           "--forge", "https://github.com/seoul-library/archive", "--maintainer", "jay",
                           "--email", "jay@example.org", "--commit"],
                          capture_output=True, text=True, env={**os.environ, **GIT_ENV})
    assert done.returncode == 0, done.stderr
    repo = ArchiveRepo(path)
    repo.propose("2020-09-quiet-hours", title="조용한 시간을 정해요", proposer="dandi", proposed="2020-09-10")
    about = path / "content" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\n## 왜 모였나요\n\n" + LONG_PARAGRAPH, encoding="utf-8")
    repo.open_poll("2020-09-name", question="모임 이름을 정해요", opened="2020-09-10", closes="2020-09-30")
    repo.write("content/meetings/2020-09-15-first/index.md",
               "---\ntitle: 첫 모임\nstart: 2020-09-15 19:00\nend: 21:00\nplace: 은광교회 작은도서관\n---\n\n" + MINUTES)
    repo.commit("첫 기록들", author=DANDI, when="2020-09-16T10:00:00+09:00")
    return path


NEW_PAGES = ("", "proposals/", "proposals/2020-09-quiet-hours/", "polls/", "polls/2020-09-name/", "meetings/",
             "meetings/2020-09-15-first/", "tasks/", "process/", "data/", "about/", "guide/")


def open_page(browser, url: str, viewport: dict, **options):
    context = new_context(browser, viewport=viewport, is_mobile=viewport is PHONE, **options)
    page = context.new_page()
    page.clock.set_fixed_time(datetime(2020, 9, 20, 12, 0, tzinfo=SEOUL))  # the build day
    page.goto(url)
    return context, page


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360", "1280"])
def test_no_page_scrolls_sideways_and_no_listed_value_breaks(sites, browser, viewport):
    """Every page kind of the three sites; the sample's listings hold values, so the check measures something."""
    pages = [(site, path) for site in ("sample", "sample-bare") for path in SAMPLE_PAGES.values()]
    pages += [("new", path) for path in NEW_PAGES]
    wide, broken, measured = {}, {}, ""
    context = new_context(browser, viewport=viewport, is_mobile=viewport is PHONE)
    page = context.new_page()
    for site, path in pages:
        page.goto(sites[site] + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > viewport["width"]:
            wide[f"{site}/{path}"] = width
        if found := page.evaluate(SPLIT_VALUES):
            broken[f"{site}/{path}"] = found
        if site == "sample" and path == SAMPLE_PAGES["proposals"]:
            measured = page.evaluate(VALUES_IN_TABLES)
    context.close()
    assert wide == {} and broken == {}
    assert "2020.09.15" in measured and "@minni" in measured  # the listing's values were there to measure


def test_a_listing_is_cards_on_a_phone_and_a_table_on_a_desktop(sites, browser):
    for viewport, display in ((PHONE, "block"), (DESKTOP, "inline-block")):  # Material's table
        context, page = open_page(browser, sites["sample"] + "proposals/", viewport)
        table = page.locator("article table[data-madang-cards]").first
        assert table.evaluate("t => getComputedStyle(t).display") == display
        context.close()
    context, page = open_page(browser, sites["sample"] + "proposals/", PHONE)
    row = page.locator("article table[data-madang-cards] tbody tr").first
    title, facts = row.locator("td[data-madang-title]"), row.locator("td[data-label]")
    assert title.bounding_box()["width"] > 250  # the title has the card's width, on its own line
    assert facts.first.evaluate("td => getComputedStyle(td, '::before').content") == '"제안자 "'
    context.close()


def test_screenshots_at_360(sites, browser):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for name in SCREENSHOTS:
        context, page = open_page(browser, sites["sample"] + SAMPLE_PAGES[name], PHONE)
        page.screenshot(path=ARTIFACTS / f"phone-{name}-360.png", full_page=True, animations="disabled")
        context.close()
    assert all((ARTIFACTS / f"phone-{name}-360.png").stat().st_size > 10_000 for name in SCREENSHOTS)


def test_the_share_button_is_absent_without_the_web_share_api(sites, browser):
    for path in ("", "selection/", SAMPLE_PAGES["proposal"]):
        context, page = open_page(browser, sites["sample"] + path, PHONE)
        page.add_init_script("delete Navigator.prototype.share")
        page.reload()
        assert page.evaluate("typeof navigator.share") == "undefined"
        expect(page.get_by_role("button", name="링크 복사")).to_be_visible()  # the bar is there
        expect(page.get_by_role("button", name="공유하기")).to_be_hidden()
        context.close()


def test_the_share_button_shares_the_pages_title_and_address(sites, browser):
    for path in ("", "selection/", "phases/deliberation/", "juries/2020-11-results-jury/"):
        context = new_context(browser, viewport=PHONE, is_mobile=True)
        page = context.new_page()
        page.add_init_script("navigator.share = (data) => { window.shared = data; return Promise.resolve(); }")
        page.goto(sites["sample"] + path)
        page.get_by_role("button", name="공유하기").click()
        shared = page.evaluate("window.shared")
        assert shared == {"title": page.title(), "url": sites["sample"] + path}, path
        context.close()


def test_every_shared_page_has_an_absolute_card_with_site_url_and_the_card_exists(sites, browser):
    context = new_context(browser)
    page = context.new_page()
    for path in SHARED_PAGES:
        page.goto(sites["sample"] + path)
        image = page.locator("meta[property='og:image']").get_attribute("content")
        assert image.startswith(SITE_URL), path
        assert page.request.get(sites["sample"] + image.removeprefix(SITE_URL)).ok, path
    page.goto(sites["new"])
    assert page.locator("meta[property='og:image']").get_attribute("content") == \
        "https://seoul-library.github.io/archive/assets/cards/index.png"
    context.close()


@pytest.mark.parametrize("site, path, ticked, open_", [
    ("sample", SAMPLE_PAGES["meeting"], 4, 1),
    ("new", "meetings/2020-09-15-first/", 1, 1),
])
def test_minutes_show_task_lists_as_checkboxes_with_chips(sites, browser, site, path, ticked, open_):
    context, page = open_page(browser, sites[site] + path, PHONE)
    boxes = page.locator(".madang-minutes li.task-list-item input[type=checkbox]")
    expect(boxes).to_have_count(ticked + open_)
    assert [box.is_checked() for box in boxes.all()].count(True) == ticked
    assert all(box.is_disabled() and box.is_visible() for box in boxes.all())
    assert "[x]" not in page.locator(".madang-minutes").inner_text()
    expect(page.locator(".madang-minutes .madang-chip--due").first).to_have_text(re.compile(r"^기한 2020\.09\.\d\d$"))
    expect(page.locator("h2", has_text="회의록")).to_have_count(1)
    context.close()


@pytest.mark.parametrize("site", ["sample", "new"])
def test_searching_dosogwan_shows_short_snippets_with_the_match_marked(sites, browser, site):
    """도서관 is inside words (작은도서관은): found through madang's suffix field, marked by madang-search.js;
    the new site's 소개 page has a long paragraph whose match comes late, and the page, opened from the
    result, has the match marked inside the word too."""
    context, page = open_page(browser, sites[site], PHONE)
    page.locator("label.md-header__button[for=__search]").click()
    field = page.locator("input.md-search__input")
    expect(page.locator(".md-search-result__meta")).to_have_text("검색어를 입력하세요")
    field.fill("도서관")
    field.press("End")  # Material searches on key events; fill() alone sends none
    articles = page.locator("article.md-search-result__article")
    expect(articles.first).to_be_visible()
    expect(articles.locator("> p mark").first).to_contain_text("도서관")
    snippets = articles.evaluate_all(
        "all => all.map(a => [...a.children].filter(c => c.tagName === 'P').map(p => p.textContent).join(' '))")
    assert snippets and all(len(snippet) < 300 for snippet in snippets), max(snippets, key=len)
    marked = [s for s in articles.evaluate_all("all => all.map(a => a.innerHTML)") if "<mark>" in s]
    assert any(re.search(r"작은<mark>도서관</mark>", s) for s in marked)  # inside a word
    if site == "new":
        result = articles.filter(has_text="주말 오전 한 시간만이라도")
        expect(result.locator("mark")).to_have_text("도서관")
        opened = result.evaluate("article => article.closest('a').href")  # a section result may sit folded
        assert re.search(r"/about/\?h=", opened), opened
        page.goto(opened)
        expect(page.locator("article.md-content__inner p mark").first).to_have_text("도서관")
    context.close()
