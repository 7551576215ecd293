"""Taking part in a few taps, in Chromium: the reader saves their id once, taps an answer, and the forge's
editor opens on a file that madang counts as exactly that answer (issue 17, item 7).

The forge is never reached: its address is intercepted, and the URL the tap opened is decoded and the file
landed in the archive's git history, where madang's own rules judge it. Chromium and Playwright as in
test_browser.py (its fixtures are reused).
"""

import functools
import http.server
import threading
from datetime import date, datetime
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest

from conftest import JAY, MINIMAL_MKDOCS, ArchiveRepo, run
from madang.diagnostics import has_errors
from madang.forms import proposal_id
from test_actions import landed_ballot
from test_browser import QuietHandler, browser, build, page  # noqa: F401 (fixtures)

pytestmark = pytest.mark.slow

FORGE = "https://github.com/seoul/library"
BUILD_DAY = "1600000000"
"""SOURCE_DATE_EPOCH of 2020-09-13 KST: the poll is open."""


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    """A multiple-choice poll with 기타 on GitHub, built and served: (repository, site URL)."""
    root = tmp_path_factory.mktemp("taps")
    repo = ArchiveRepo.create(root / "archive", mkdocs=MINIMAL_MKDOCS + f"repo_url: {FORGE}\n")
    repo.open_poll("unit-name", closes="2020-09-22", multiple=True, other=True)
    repo.commit("투표", author=JAY, when="2020-09-05T10:00:00+09:00")
    build(repo.path, root / "site", BUILD_DAY)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield repo, f"http://127.0.0.1:{server.server_address[1]}/site/"
    server.shutdown()


def opened_by_tap(page, name: str) -> tuple[str, str]:
    """Tap the link or button called `name`; the forge editor's (filename, value) it opened."""
    opened = []
    page.route(f"{FORGE}/**", lambda route: (opened.append(route.request.url), route.fulfill(body="forge")))
    page.get_by_role("link", name=name, exact=True).click()
    page.wait_for_url(f"{FORGE}/**")
    parts = urlsplit(opened[0])
    assert parts.path == "/seoul/library/new/main"
    query = parse_qs(parts.query, keep_blank_values=True)
    return query["filename"][0], query["value"][0]


def save_handle(page, site: str, path: str, handle: str):
    page.goto(site + path)
    page.get_by_label("내 아이디").first.fill(handle)
    page.get_by_role("button", name="저장").first.click()
    page.wait_for_load_state()


def test_a_poll_option_button_opens_a_valid_ballot_for_that_option(archive, page):
    repo, site = archive
    save_handle(page, site, "polls/unit-name/", "heidi")
    path, content = opened_by_tap(page, "코어그룹")
    assert path == "polls/unit-name/ballots/heidi.yml"
    assert landed_ballot(repo, path, content) == (("core-group",), None)


def test_a_new_proposal_is_named_from_its_title_and_the_readers_day_and_validates(archive, page):
    """The browser makes the id by the rule from-issue uses (forms.proposal_id), on the reader's day in the
    archive's zone (01:00 in Seoul is the day before in UTC), four days after the build; the endorsement window
    runs 30 days from that day; the file is a valid proposal."""
    repo, site = archive
    page.clock.set_fixed_time(datetime(2020, 9, 17, 1, 0, tzinfo=ZoneInfo("Asia/Seoul")))
    save_handle(page, site, "proposals/", "heidi")
    title = '유아 "쉿" 시간 Wi-Fi'
    page.get_by_label("제안 제목").fill(title)
    path, content = opened_by_tap(page, "제안하기")
    record_id = proposal_id(title, date(2020, 9, 17))
    assert path == f"proposals/{record_id}/proposal.md" and record_id.startswith("2020-09-17-wi-fi-")
    repo.write(path, content)
    repo.commit("제안", author=("heidi", "heidi@example.org"), when="2020-09-17T10:00:00+09:00")
    result = run(repo)
    assert not has_errors(result.diagnostics), result.diagnostics
    proposal = result.archive.proposals[record_id]
    assert (proposal.title, proposal.proposer, proposal.proposed, proposal.endorse_until) == (
        title, "heidi", date(2020, 9, 17), date(2020, 10, 17))
