"""The built site in a real browser: Debian's chromium driven by Playwright, on localhost.

The sample archive (this repository) is built as of 2020.09.20, while
proposals are open (their deadline is 2020.10.02) and the results meeting takes
sign-ups, so act buttons, D-days and 모집중 are on the pages. A second, tiny
archive holds a proposal whose text attacks the page.

Chromium comes from Debian (`make test` installs it) and axe-core from npm
(`make test` runs `npm ci` in tests/browser); when either is missing the tests
fail and say so, they never skip. Screenshots at 360 px and 1280 px are written
to test-artifacts/screenshots/ (or $MADANG_ARTIFACTS/screenshots/).
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
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect, sync_playwright

from conftest import BUILD_PY, DANDI, ROOT, ArchiveRepo

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",  # only localhost: the same on a closed or open network
]
AXE = ROOT / "tests" / "browser" / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(os.environ.get("MADANG_ARTIFACTS", ROOT / "test-artifacts")) / "screenshots"
SEOUL = ZoneInfo("Asia/Seoul")
BUILD_DAY = "1600570800"
"""SOURCE_DATE_EPOCH of 2020-09-20 12:00 KST: the sample's proposals close on 2020-10-02, D-12."""

PROPOSAL = "proposals/2020-09-volunteer-timetable/"
POLL = "polls/2020-09-team-name/"
MEETING = "meetings/2020-11-20-results/"
PAGE_TYPES = {
    "home": "", "proposal": PROPOSAL, "poll": POLL, "meeting": MEETING, "proposals": "proposals/",
    "polls": "polls/", "meetings": "meetings/", "news": "news/2020-09-01-welcome/",
    "experiment": "experiments/2020-10-infant-hours/", "process": "process/", "data": "data/", "audit": "audit/",
}
"""One page of each kind (axe takes about a second a page, so not every page)."""
PHONE, DESKTOP = {"width": 360, "height": 740}, {"width": 1280, "height": 900}

HOSTILE_BODY = """\
## 위험한 본문

<script>window.pwned = "script"</script>
<img src="x" onerror="window.pwned = 'onerror'; alert(1)">
<svg onload="window.pwned = 'svg'"></svg>
<iframe srcdoc="<script>parent.pwned = 'iframe'</script>"></iframe>
<style>body { display: none }</style>
<form action="https://evil.example/"><input name="q"><button>보내기</button></form>
<a href="data:text/html,<script>alert(1)</script>">데이터 링크</a>
<div onclick="window.pwned = 'click'">눌러 보세요</div>

[자바스크립트 링크](javascript:window.pwned='link')
"""


def build(archive_dir: Path, site: Path, epoch: str | None = None):
    env = {**os.environ, **({"SOURCE_DATE_EPOCH": epoch} if epoch else {})}
    done = subprocess.run([sys.executable, str(BUILD_PY), "build", str(archive_dir), "-d", str(site)],
                          capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The sample site and the hostile archive's site, on one localhost server: base URLs by name."""
    root = tmp_path_factory.mktemp("sites")
    build(ROOT, root / "sample", BUILD_DAY)
    hostile = ArchiveRepo.create(tmp_path_factory.mktemp("hostile"))
    hostile.propose("attack", title="<script>window.pwned='title'</script> 제목", body=HOSTILE_BODY)
    hostile.commit("제안: attack", author=DANDI, when="2020-09-02T10:00:00+09:00")
    build(hostile.path, root / "hostile", "1599012000")
    handler = functools.partial(QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    yield {"sample": f"{base}/sample/", "hostile": f"{base}/hostile/"}
    server.shutdown()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package (make test does)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def new_context(browser, **options):
    return browser.new_context(**{"viewport": DESKTOP, "timezone_id": "Asia/Seoul", **options})


@pytest.fixture
def page(browser):
    context = new_context(browser)
    yield context.new_page()
    context.close()


NEXT_FRAMES = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"


def search(page, site: str, query: str) -> list[str]:
    """The pages Material's search lists for `query`: paths under the site, without ?h= and anchors."""
    page.goto(site)
    field = page.locator("input.md-search__input")
    field.click()
    # Material's worker drops a query typed before its index is built: wait for its prompt first.
    meta = page.locator(".md-search-result__meta")
    expect(meta).to_have_text("검색어를 입력하세요")
    field.fill(query)
    field.press("End")  # Material searches on key events; fill() alone sends none
    expect(meta).to_have_text(re.compile(r"^\d+개의 일치하는 문서"))
    total = int(re.match(r"\d+", meta.inner_text())[0])  # pages found
    items = page.locator(".md-search-result__list > .md-search-result__item")
    scroll = page.locator(".md-search__scrollwrap")
    while items.count() < total:
        # Material lists ten pages, then four more each time the list is scrolled to its end.
        shown = items.count()
        for top in ("0", "list.scrollHeight"):
            scroll.evaluate(f"list => {{ list.scrollTop = {top}; }}")
            scroll.evaluate(NEXT_FRAMES)  # the scroll event is sent before the next frame
        expect(items).not_to_have_count(shown)
    hrefs = items.locator("> .md-search-result__link").evaluate_all("links => links.map(a => a.href)")
    return [href.split("#")[0].split("?")[0].removeprefix(site) for href in hrefs]


def test_korean_search_finds_words_inside_words(served, page):
    """도서관 finds 작은도서관 (a title), 시간 finds 실시간으로 and #운영시간: no word there starts with them."""
    assert "proposals/2020-09-infant-hours/" in search(page, served["sample"], "도서관")
    found = search(page, served["sample"], "시간")
    assert "proposals/2020-09-open-status-channel/" in found
    assert PROPOSAL in found  # tagged 운영시간


def test_search_finds_records_by_proposer_and_tag(served, page):
    assert PROPOSAL in search(page, served["sample"], "namu")
    assert "proposals/2020-09-book-bundle-delivery/" in search(page, served["sample"], "비대면")


def test_hostile_markdown_runs_no_script(served, page):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(served["hostile"] + "proposals/attack/")
    expect(page.locator("h1")).to_contain_text("<script>window.pwned='title'</script> 제목")
    page.get_by_text("눌러 보세요").click()
    page.get_by_text("자바스크립트 링크").click()
    assert page.evaluate("window.pwned") is None and dialogs == []
    article = page.locator("article")
    for selector in ("script", "iframe", "svg", "style", "form:not(.madang-handle)", "[onerror]", "[onclick]", "[onload]",
                     "a[href^='javascript:']", "a[href^='data:']"):
        assert article.locator(selector).count() == 0, selector
    assert page.locator("body").is_visible()


@pytest.mark.parametrize(("now", "d_day", "status"), [
    ("2020-09-20T12:00", "D-12", "진행중"),
    ("2020-09-30T09:00", "D-2", "진행중"),
    ("2020-10-02T23:59", "D-day", "진행중"),
    ("2020-10-03T00:01", "마감", "마감"),
])
def test_d_day_follows_the_readers_clock(served, page, now, d_day, status):
    page.clock.set_fixed_time(datetime.fromisoformat(now).replace(tzinfo=SEOUL))
    page.goto(served["sample"] + PROPOSAL)
    expect(page.locator("time[data-madang-deadline]")).to_have_text(d_day)
    expect(page.locator("td", has=page.locator("[data-madang-until]"))).to_have_text(status)


def test_d_day_counts_days_in_the_archives_zone(served, browser):
    """At 2020-10-02 16:00 in New York it is already 10-03 in Seoul: the proposal has closed."""
    context = new_context(browser, timezone_id="America/New_York")
    page = context.new_page()
    page.clock.set_fixed_time(datetime(2020, 10, 2, 16, 0, tzinfo=ZoneInfo("America/New_York")))
    page.goto(served["sample"] + PROPOSAL)
    expect(page.locator("time[data-madang-deadline]")).to_have_text("마감")
    context.close()


def test_built_dates_are_the_fallback_without_javascript(served, browser):
    context = new_context(browser, java_script_enabled=False)
    page = context.new_page()
    page.goto(served["sample"] + PROPOSAL)
    expect(page.locator("time[data-madang-deadline]")).to_have_text("D-12")
    assert page.locator("time[data-madang-deadline]").get_attribute("datetime") == "2020-10-02"
    context.close()


def test_record_pages_have_share_tags_and_card(served, page):
    page.goto(served["sample"] + PROPOSAL)
    meta = page.locator("meta[property='og:image']").get_attribute("content")
    assert meta.endswith("assets/cards/proposals/2020-09-volunteer-timetable.png")
    assert page.locator("meta[property='og:title']").get_attribute("content") == "자원활동가 시간표를 함께 짜요"
    assert page.locator("meta[name='twitter:card']").get_attribute("content") == "summary_large_image"
    site_url = "https://madang-archive.github.io/eunpyeong-small-libraries/"  # the sample's mkdocs.yml site_url
    assert meta.startswith(site_url)  # an absolute address, as link previews need
    image = page.request.get(served["sample"] + meta.removeprefix(site_url))
    assert image.ok and image.headers["content-type"] == "image/png"
    share = page.locator(".madang-share")
    expect(share).to_be_visible()  # localhost is a secure context: the clipboard works
    expect(share.get_by_role("button", name="링크 복사")).to_be_visible()


def test_link_copy_puts_the_page_address_on_the_clipboard(served, browser):
    context = new_context(browser, permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(served["sample"] + POLL)
    page.get_by_role("button", name="링크 복사").click()
    expect(page.locator(".madang-share__status")).to_contain_text("복사")
    assert page.evaluate("navigator.clipboard.readText()") == served["sample"] + POLL
    context.close()


def test_system_share_button_only_where_the_browser_can_share(served, page):
    page.add_init_script("navigator.share = (data) => { window.shared = data; return Promise.resolve(); }")
    page.goto(served["sample"] + MEETING)
    page.get_by_role("button", name="공유하기").click()
    assert page.evaluate("window.shared.url") == served["sample"] + MEETING


@pytest.mark.parametrize("name", ["home", "proposal", "poll", "meeting"])
def test_phone_layout_and_screenshots(served, browser, name):
    """No sideways scroll at 360 px; act buttons are 44 px targets; screenshots at 360 and 1280 px."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for label, viewport in (("360", PHONE), ("1280", DESKTOP)):
        context = new_context(browser, viewport=viewport, is_mobile=viewport is PHONE)
        page = context.new_page()
        page.clock.set_fixed_time(datetime(2020, 9, 20, 12, 0, tzinfo=SEOUL))  # the build day
        page.goto(served["sample"] + PAGE_TYPES[name])
        page.screenshot(path=ARTIFACTS / f"{name}-{label}.png", full_page=True, animations="disabled")
        if viewport is PHONE:
            assert page.evaluate("document.documentElement.scrollWidth") <= 360
            for button in page.locator("[data-madang-act], .madang-share button:visible").all():
                box = button.bounding_box()
                assert box["height"] >= 44 and box["width"] >= 44, button.inner_text()
        context.close()


def test_act_buttons_are_on_the_record_pages(served, page):
    """The tap-target test above measures something: each record page has its act button."""
    for path, label in ((PROPOSAL, "공감하기"), (POLL, "투표하기"), (MEETING, "참석 신청")):
        page.goto(served["sample"] + path)
        expect(page.locator("a[data-madang-act]").first).to_be_visible()


def test_every_page_type_passes_axe(served, browser):
    """No serious or critical axe-core violation on any page type at 360 px, nor on the home page at 1280 px."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `npm ci` in tests/browser (make test does)")
    pages = [(name, path, PHONE) for name, path in PAGE_TYPES.items()] + [("home", "", DESKTOP)]
    found = {}
    for name, path, viewport in pages:
        context = new_context(browser, viewport=viewport)
        page = context.new_page()
        page.goto(served["sample"] + path)
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        for violation in result["violations"]:
            if violation["impact"] in ("serious", "critical"):
                targets = [node["target"] for node in violation["nodes"]][:3]
                found.setdefault(f"{name} {viewport['width']}px", []).append(f"{violation['id']}: {targets}")
        context.close()
    assert found == {}


def test_korean_is_the_page_language(served, page):
    page.goto(served["sample"] + POLL)
    assert page.locator("html").get_attribute("lang") == "ko"


pytestmark = pytest.mark.slow
