"""Material's search box on a built site, in Chromium: a hostile title is a result, never a script.

Material's search shows an index entry's title and text as HTML (innerHTML), so
the index madang writes for generated pages must hold escaped text (issue 14).
The proposal's title carries an <img onerror> and a <script>; typing one of its
words lists it, its title shows as the text that was written, and nothing ran.
Chromium and Playwright as in test_browser.py (its fixtures are reused).
"""

import functools
import http.server
import json
import threading

import pytest
from playwright.sync_api import expect

from conftest import DANDI, ArchiveRepo
from test_browser import QuietHandler, browser, build, page  # noqa: F401 (fixtures)

pytestmark = pytest.mark.slow

TITLE = "<img src=x onerror=\"window.__pwned='img';alert(1)\"><script>window.__pwned='script'</script> zebrafish 제목"
BODY = "## 본문\n\n<img src=x onerror=\"window.__pwned='body'\"> zebrafish &lt;b&gt;굵게&lt;/b&gt;\n"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("search-site")
    archive = ArchiveRepo.create(root / "archive")
    archive.write("proposals/attack/proposal.md", f"---\ntitle: {json.dumps(TITLE, ensure_ascii=False)}\n"
                  f"proposer: dandi\nproposed: 2020-09-02\nendorse_until: 2020-10-02\n---\n\n{BODY}")
    archive.commit("제안: attack", author=DANDI, when="2020-09-02T10:00:00+09:00")
    build(archive.path, root / "site", "1599012000")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/site/"
    server.shutdown()


def test_searching_a_hostile_title_shows_it_as_text_and_runs_nothing(site, page):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(site)
    field = page.locator("input.md-search__input")
    field.click()
    expect(page.locator(".md-search-result__meta")).to_have_text("검색어를 입력하세요")
    field.fill("zebrafish")
    field.press("End")  # Material searches on key events; fill() alone sends none
    result = page.locator(".md-search-result__item", has=page.locator("a[href*='proposals/attack/']")).first
    expect(result.locator("h1")).to_have_text(TITLE)
    assert result.locator("img, script, [onerror]").count() == 0
    page.wait_for_timeout(300)  # an image that fails to load fires onerror within a frame or two
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert dialogs == []
