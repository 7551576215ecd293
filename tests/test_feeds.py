"""Atom feeds of new proposals (proposals/atom.xml) and results (results.xml), parsed back."""

import xml.etree.ElementTree as ET
from datetime import datetime

from conftest import JAY, POLL_OPTIONS, run

ATOM = "{http://www.w3.org/2005/Atom}"
HOSTILE = '꾸러미 <script>alert("x")</script> & 책'


def on_day(monkeypatch, day: str):
    """Build as on that day (noon in Seoul)."""
    moment = datetime.fromisoformat(f"{day}T12:00:00+09:00")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(moment.timestamp())))


def entries(feed_text: str) -> dict[str, ET.Element]:
    """The feed's entries by title; the feed must parse as XML."""
    feed = ET.fromstring(feed_text.encode("utf-8"))
    assert feed.tag == f"{ATOM}feed"
    return {entry.findtext(f"{ATOM}title"): entry for entry in feed.findall(f"{ATOM}entry")}


def make_archive(archive):
    archive.propose("2020-09-a", title=HOSTILE, proposed="2020-09-02", endorse_until="2020-09-10")
    archive.propose("2020-09-b", title="유아 시간", proposed="2020-09-05", endorse_until="2020-12-31")
    archive.open_poll("2020-09-name", opened="2020-09-01", closes="2020-09-09")
    archive.commit("records", author=JAY, when="2020-09-05T10:00:00+09:00")
    archive.endorse("2020-09-a", "heidi")
    archive.vote("2020-09-name", "heidi", [POLL_OPTIONS[0][0]])
    archive.commit("acts", when="2020-09-06T10:00:00+09:00")
    return archive


def feeds_of(archive, **options) -> dict[str, str]:
    files = {f.path: f.content for f in run(archive, **options).files}
    return {"proposals": files["proposals/atom.xml"], "results": files["results.xml"]}


def test_the_proposals_feed_lists_every_proposal_escaped_with_its_day(archive, monkeypatch):
    on_day(monkeypatch, "2020-10-01")
    feed = entries(feeds_of(make_archive(archive))["proposals"])
    assert set(feed) == {HOSTILE, "유아 시간"}
    hostile = feed[HOSTILE]
    assert hostile.findtext(f"{ATOM}published") == "2020-09-02T00:00:00+09:00"
    assert hostile.find(f"{ATOM}link").get("href") == "2020-09-a/"
    assert feed["유아 시간"].findtext(f"{ATOM}author/{ATOM}name") == "단디"


def test_results_hold_closed_polls_and_passed_deadlines_only(archive, monkeypatch):
    on_day(monkeypatch, "2020-10-01")
    feed = entries(feeds_of(make_archive(archive), repo_url="https://github.com/o/r")["results"])
    assert set(feed) == {"투표 결과: 실행 단위 이름을 정해요", f"공감 마감: {HOSTILE} — 공감 1명"}
    poll = feed["투표 결과: 실행 단위 이름을 정해요"]
    assert poll.findtext(f"{ATOM}updated") == "2020-09-10T00:00:00+09:00"  # the close day's end
    assert "시민협력가: 1표" in poll.findtext(f"{ATOM}content")
    assert poll.findtext(f"{ATOM}id") == "tag:github.com,2020-09-10:o/r/results/polls/2020-09-name"


def test_feeds_do_not_depend_on_the_clock_only_on_the_records(archive, monkeypatch):
    make_archive(archive)
    on_day(monkeypatch, "2020-10-01")
    first = feeds_of(archive)
    on_day(monkeypatch, "2020-10-02")
    assert feeds_of(archive) == first
    on_day(monkeypatch, "2021-01-05")  # b's deadline has passed now: one more result, the same ids for the others
    later = entries(feeds_of(archive)["results"])
    earlier = entries(first["results"])
    assert len(later) == len(earlier) + 1
    for title, entry in earlier.items():
        assert later[title].findtext(f"{ATOM}id") == entry.findtext(f"{ATOM}id")


def test_an_archive_without_records_still_has_valid_empty_feeds(archive):
    archive.write("content/index.md", "# 마당\n")
    archive.commit("시작")
    for text in feeds_of(archive).values():
        assert entries(text) == {}
