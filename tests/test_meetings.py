"""The 모임 (meetings) board on real git histories.

Sign-ups are acts like endorsements (tests/test_counting.py proves the shared
rules); here: the queue by landing order (merge, squash, rebase), capacity and
the waiting list, withdrawal, late sign-ups, statuses, the minutes' tasks and
attendance, the calendars (.ics read back with icalendar, the Google link read
back with urllib) and the pages as MkDocs builds them.
"""

import csv
import html
import io
import os
import re
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from madang import pipeline
from madang.constants import REASONS
from madang.diagnostics import ERROR
from madang.render.calendars import calendar
from madang.render.meetings import status_of
from madang.render.paging import PAGE_SIZE
from madang.tally import signup_queue
from conftest import BUILD_PY, DANDI, HEIDI, JAY, MINIMAL_MKDOCS, MINNI, ArchiveRepo, act, madang_settings, record, run

pytestmark = pytest.mark.usefixtures("fixed_today")

M = "2020-09-22-agenda"
TITLE = "의제 선정 회의"
PLACE = "대조꿈나무어린이도서관"
OPENED = "2020-09-10T10:00:00+09:00"
SEOUL = ZoneInfo("Asia/Seoul")
SOURCE_DATE_EPOCH = "1602288000"  # 2020-10-10 09:00 KST, as the fixed_today fixture


def write_meeting(repo, meeting_id=M, *, title=TITLE, start="2020-09-22 19:00", end="21:00", place=PLACE,
                  capacity=None, signup_until="2020-09-20", extra="", body=""):
    front = [f"title: {title}", f"start: {start}", f"end: {end}", f"place: {place}"]
    if capacity is not None:
        front.append(f"capacity: {capacity}")
    if signup_until:
        front.append(f"signup_until: {signup_until}")
    text = "---\n" + "\n".join(front) + "\n" + extra + "---\n" + body
    return repo.write(f"content/meetings/{meeting_id}/index.md", text)


def sign_up(repo, handle, meeting_id=M, text=""):
    return repo.write(f"content/meetings/{meeting_id}/rsvps/{handle}.yml", text)


def withdraw(repo, handle, meeting_id=M):
    repo.remove(f"content/meetings/{meeting_id}/rsvps/{handle}.yml")


def queue(result, meeting_id=M) -> tuple[list[str], list[str]]:
    """(confirmed handles, wait-listed handles), in order."""
    meeting = result.archive.meetings[meeting_id]
    confirmed, waiting = signup_queue(meeting, record(result, meeting_id, "meeting"))
    return [a.handle for a in confirmed], [a.handle for a in waiting]


def signup(result, handle, meeting_id=M):
    return act(result, meeting_id, handle, kind="meeting")


def generated(result) -> dict[str, str]:
    return {f.path: f.content for f in result.files}


def section(markdown_text, heading, next_heading=None) -> str:
    start = markdown_text.index(heading)
    end = markdown_text.index(next_heading, start) if next_heading else len(markdown_text)
    return markdown_text[start:end]


@pytest.fixture
def meeting(archive) -> ArchiveRepo:
    """One meeting with 2 places, sign-ups until 2020-09-20 (KST)."""
    write_meeting(archive, capacity=2)
    archive.commit("모임 열기", author=JAY, when=OPENED)
    return archive


# --- the sign-up queue ------------------------------------------------------------------------


def test_queue_follows_landing_not_authoring(meeting):
    """heidi wrote first but her pull request landed last: she waits; the two others are confirmed."""
    for branch, handle, author, when in (
        ("heidi-rsvp", "heidi", HEIDI, "2020-09-11T09:00:00+09:00"),
        ("dandi-rsvp", "dandi", DANDI, "2020-09-12T09:00:00+09:00"),
        ("minni-rsvp", "minni", MINNI, "2020-09-13T09:00:00+09:00"),
    ):
        meeting.branch(branch, "main")
        sign_up(meeting, handle)
        meeting.commit("참석 신청", author=author, when=when)
    meeting.squash_pr("dandi-rsvp", 8, DANDI, "2020-09-12T15:00:00+09:00")
    meeting.rebase_pr("minni-rsvp", "2020-09-13T15:00:00+09:00")
    meeting.merge_pr("heidi-rsvp", 7, "2020-09-14T15:00:00+09:00")
    result = run(meeting)
    assert queue(result) == (["dandi", "minni"], ["heidi"])
    assert [signup(result, h).pr for h in ("dandi", "minni", "heidi")] == [8, None, 7]
    assert signup(result, "heidi").added == datetime(2020, 9, 14, 15, tzinfo=SEOUL)
    page = generated(result)[f"meetings/{M}/index.md"]
    confirmed = section(page, "### 확정 (2명)", "### 대기 (1명)")
    assert confirmed.index("단디 (@dandi)") < confirmed.index("민니 (@minni)") and "변경 요청 #8" in confirmed
    assert '<ol class="madang-acts">\n<li>김하이디 (@heidi) · 2020.09.14 15:00 · 변경 요청 #7' in section(page, "### 대기 (1명)")
    assert "| 신청 | 확정 2/2명 · 대기 1명 |" in page


def test_one_landing_with_several_sign_ups_queues_them_by_file_name(meeting):
    """A maintainer enters a paper sheet in one commit: the same landing, so the file names decide."""
    sign_up(meeting, "minni", text="source: offline\n")
    sign_up(meeting, "dandi", text="source: offline\n")
    sign_up(meeting, "heidi", text="source: offline\n")
    meeting.commit("종이 신청서 옮겨 적기", author=JAY, when="2020-09-12T10:00:00+09:00")
    result = run(meeting)
    assert queue(result) == (["dandi", "heidi"], ["minni"])
    assert {signup(result, h).level for h in ("dandi", "heidi", "minni")} == {"attested"}


def test_withdrawal_frees_a_place_for_the_first_in_line(archive):
    """Places go by when a sign-up was added: an edit keeps it, a withdrawal gives it to the next in line."""
    write_meeting(archive, capacity=1)
    archive.commit("모임 열기", author=JAY, when=OPENED)
    sign_up(archive, "heidi")
    archive.commit("참석 신청", author=HEIDI, when="2020-09-11T10:00:00+09:00")
    sign_up(archive, "dandi")
    archive.commit("참석 신청", author=DANDI, when="2020-09-12T10:00:00+09:00")
    sign_up(archive, "heidi", text="comment: 간식 가져갈게요\n")
    archive.commit("신청에 한마디", author=HEIDI, when="2020-09-13T10:00:00+09:00")
    assert queue(run(archive)) == (["heidi"], ["dandi"]), "editing a sign-up keeps its place"
    withdraw(archive, "heidi")
    archive.commit("참석 취소", author=HEIDI, when="2020-09-15T10:00:00+09:00")
    result = run(archive)
    assert queue(result) == (["dandi"], [])
    assert signup(result, "heidi").reason == "withdrawn"
    audit = section(generated(result)[f"meetings/{M}/index.md"], "## 집계 내역")
    assert f"| @heidi | {REASONS['withdrawn']} |" in audit


def test_sign_up_landing_after_signup_until_is_late(meeting):
    sign_up(meeting, "heidi")
    meeting.commit("참석 신청", author=HEIDI, when="2020-09-20T23:59:00+09:00")
    sign_up(meeting, "minni")
    meeting.commit("늦은 참석 신청", author=MINNI, when="2020-09-21T00:01:00+09:00")
    result = run(meeting)
    assert queue(result) == (["heidi"], [])
    assert (signup(result, "minni").counted, signup(result, "minni").reason) == (False, "late")
    page = generated(result)[f"meetings/{M}/index.md"]
    assert "민니" not in section(page, "## 참석 신청", "## 집계 내역")
    assert "신청은 2020.09.20에 마감되었습니다" in page and "rsvps/<아이디>.yml" not in page
    assert f"| @minni | {REASONS['late']} | 2020.09.21 00:01 |" in section(page, "## 집계 내역")
    assert "--before=2020-09-20T23:59:59+09:00" in page


def test_without_capacity_everyone_is_confirmed(archive):
    write_meeting(archive)
    archive.commit("모임 열기", author=JAY, when=OPENED)
    for day_, handle, author in ((11, "heidi", HEIDI), (12, "dandi", DANDI), (13, "minni", MINNI)):
        sign_up(archive, handle)
        archive.commit("참석 신청", author=author, when=f"2020-09-{day_}T10:00:00+09:00")
    result = run(archive)
    assert queue(result) == (["heidi", "dandi", "minni"], [])
    page = generated(result)[f"meetings/{M}/index.md"]
    assert "| 정원 | 제한 없음 |" in page and "| 신청 | 확정 3명 |" in page


def test_sign_up_for_a_meeting_without_sign_ups_is_an_error(archive):
    write_meeting(archive, signup_until=None)
    sign_up(archive, "heidi", text="comment: 갈게요\n")
    archive.commit("모임과 신청", author=HEIDI, when=OPENED)
    _, diagnostics = pipeline.check(archive.path, madang_settings())
    assert [(d.slug, d.severity, d.path, d.line) for d in diagnostics] == [
        ("signups-not-taken", ERROR, f"content/meetings/{M}/rsvps/heidi.yml", 1),
    ]
    heidi = next(a for a in run(archive).counts.records[("meeting", M)].acts if a.handle == "heidi")
    assert (heidi.counted, heidi.reason) == (False, "bad-content")  # the site is still built


# --- statuses ---------------------------------------------------------------------------------


def test_statuses_as_of_the_build_day(archive):
    """Today is 2020-10-10 (fixed_today)."""
    write_meeting(archive, "open", title="모집중인 모임", start="2020-10-15 19:00", signup_until="2020-10-12")
    write_meeting(archive, "full", title="신청 마감된 모임", start="2020-10-15 10:00", signup_until="2020-10-09")
    write_meeting(archive, "today", title="오늘 모임", start="2020-10-10 10:00", end="12:00", signup_until=None)
    write_meeting(archive, "later", title="신청 없는 모임", start="2020-10-20 19:00", signup_until=None)
    write_meeting(archive, "done", title="끝난 모임", start="2020-10-01 19:00", signup_until="2020-09-30")
    archive.commit("모임들", author=JAY, when=OPENED)
    result = run(archive)
    today = date(2020, 10, 10)
    statuses = {m.id: status_of(m, today) for m in result.archive.meetings.values()}
    assert statuses == {"open": "recruiting", "full": "closed", "today": "upcoming", "later": "upcoming", "done": "over"}
    files = generated(result)
    listing = files["meetings/index.md"]
    upcoming, past = section(listing, "## 다가오는 모임", "## 지난 모임"), section(listing, "## 지난 모임")
    order = [upcoming.index(title) for title in ("오늘 모임", "신청 마감된 모임", "모집중인 모임", "신청 없는 모임")]
    assert order == sorted(order) and "끝난 모임" in past and "끝난 모임" not in upcoming
    assert "| 2020.10.15 (목) 19:00–21:00 | 대조꿈나무어린이도서관 | 모집중 · 확정 0명 |" in untagged(upcoming)
    assert "| 신청 마감 | 2020.10.12 (D-2) |" in untagged(files["meetings/open/index.md"])
    assert "| 상태 | 마감 |" in files["meetings/full/index.md"]
    assert "| 상태 | 예정 |" in files["meetings/later/index.md"]
    assert "| 신청 | 받지 않음 |" in files["meetings/later/index.md"]


# --- minutes: tasks and attendance ------------------------------------------------------------

MINUTES = """
## 회의록

- 이야기 나눈 것 2020-09-01 (할 일이 아닌 줄)

## 할 일

- [ ] 장소 섭외 @heidi 2020-10-05
- [x] 공지 올리기 @dandi 2020-09-25
* [ ] 2020-10-30 까지 포스터 @minni
- [ ] 담당도 기한도 없는 일

```
- [ ] 코드 안의 줄은 할 일이 아닙니다 @jay 2020-01-01
```
"""


def test_tasks_from_the_minutes(archive):
    write_meeting(archive, signup_until=None, extra="attendees: [heidi, dandi]\n", body=MINUTES)
    archive.commit("회의록", author=JAY, when=OPENED)
    result = run(archive)
    meeting = result.archive.meetings[M]
    assert [(t.text, t.owner, t.due, t.done, t.line) for t in meeting.tasks] == [
        ("장소 섭외", "heidi", date(2020, 10, 5), False, 15),
        ("공지 올리기", "dandi", date(2020, 9, 25), True, 16),
        ("까지 포스터", "minni", date(2020, 10, 30), False, 17),
        ("담당도 기한도 없는 일", None, None, False, 18),
    ]
    lines = (archive.path / meeting.path).read_text(encoding="utf-8").split("\n")
    assert [lines[t.line - 1] for t in meeting.tasks][0] == "- [ ] 장소 섭외 @heidi 2020-10-05"
    board = generated(result)["tasks.md"]
    open_tasks, done = section(board, "## 진행 중 (3건)", "## 완료 (1건)"), section(board, "## 완료 (1건)")
    rows = [line for line in open_tasks.splitlines() if line.startswith("| ") and "---" not in line][1:]
    assert [row.split(" | ")[0] for row in rows] == ["| 장소 섭외", "| 까지 포스터", "| 담당도 기한도 없는 일"]
    assert "| 김하이디 (@heidi) | 2020.10.05 · **기한 지남** |" in rows[0]
    assert "기한 지남" not in rows[1] and "| 민니 (@minni) | 2020.10.30 |" in rows[1]
    assert "| — | — |" in rows[2]
    assert "| 공지 올리기 | 단디 (@dandi) | 2020.09.25 |" in done and "기한 지남" not in done
    assert f"(meetings/{M}/index.md)" in done
    page = generated(result)[f"meetings/{M}/index.md"]
    assert "할 일 4건 · 완료 1건 · **기한 지남 1건**" in page


def test_attendance_page_and_csv(archive):
    write_meeting(archive, "2020-09-08-workshop", title="사전교육", start="2020-09-08 10:00", end="13:00",
                  signup_until=None, extra="attendees: [heidi, dandi, guest-1]\n")
    write_meeting(archive, signup_until=None, extra="attendees: ['@Heidi']\n")
    archive.commit("회의록", author=JAY, when=OPENED)
    files = generated(run(archive))
    data = files["data/attendance.csv"]
    assert data.startswith("\ufeff")
    rows = {row["handle"]: row for row in csv.DictReader(io.StringIO(data[1:]))}
    assert list(next(csv.reader(io.StringIO(data[1:])))) == ["handle", "name", "meetings_attended", "meeting_ids"]
    assert rows["heidi"] == {
        "handle": "heidi", "name": "김하이디", "meetings_attended": "2", "meeting_ids": f"2020-09-08-workshop;{M}",
    }
    assert (rows["dandi"]["name"], rows["dandi"]["meetings_attended"]) == ("단디", "1")
    assert (rows["guest-1"]["name"], rows["guest-1"]["meetings_attended"]) == ("guest-1", "1")
    assert rows["jay"]["meetings_attended"] == "0" and rows["jay"]["meeting_ids"] == ""
    assert list(rows)[0] == "heidi"
    page = files["attendance.md"]
    assert "| 김하이디 (@heidi) | 2회 | [2020.09.08](meetings/2020-09-08-workshop/index.md), " in page
    assert "[CSV로 받기](data/attendance.csv)" in page


def test_minutes_are_sanitized(archive):
    body = (
        "회의록 <script>alert('x')</script>\n\n"
        '<img src="x.png" onerror="alert(1)"> [링크](javascript:alert(2))\n\n'
        "- [x] 끝난 일 @heidi 2020-09-20\n"
    )
    write_meeting(archive, signup_until=None, body=body)
    archive.commit("회의록", author=JAY, when=OPENED)
    page = generated(run(archive))[f"meetings/{M}/index.md"]
    minutes = section(page, '<div class="madang-minutes">', "</div>")
    assert "<script" not in minutes and "onerror" not in minutes and "javascript:" not in minutes
    assert '<img src="x.png">' in minutes and "끝난 일 <span class=\"madang-chip madang-chip--owner\">김하이디 (@heidi)</span>" in minutes


# --- calendars --------------------------------------------------------------------------------


def test_meeting_ics_reads_back_in_seoul_time(meeting):
    write_meeting(meeting, "night", title="밤샘 독서회", start="2020-09-25 22:00", end="2020-09-26 01:30",
                  signup_until=None, extra="online: https://meet.example.org/night\n")
    meeting.commit("모임 더하기", author=JAY, when=OPENED)
    files = generated(run(meeting))
    calendar = Calendar.from_ical(files[f"meetings/{M}/meeting.ics"])
    [event] = calendar.events
    assert event.start == datetime(2020, 9, 22, 19, 0, tzinfo=SEOUL)
    assert event.start.astimezone(UTC) == datetime(2020, 9, 22, 10, 0, tzinfo=UTC)
    assert event.end.astimezone(UTC) == datetime(2020, 9, 22, 12, 0, tzinfo=UTC)
    assert event["DTSTART"].params["TZID"] == "Asia/Seoul"
    assert [tz.tz_name for tz in calendar.timezones] == ["Asia/Seoul"]
    assert (str(event["UID"]), str(event["SUMMARY"]), str(event["LOCATION"])) == (f"{M}@madang", TITLE, PLACE)
    assert event.DTSTAMP == datetime(2020, 9, 22, 10, 0, tzinfo=UTC)  # the start, never the clock
    assert (str(calendar["VERSION"]), str(calendar["CALSCALE"])) == ("2.0", "GREGORIAN")
    assert "PRODID" in calendar
    night = Calendar.from_ical(files["meetings/night/meeting.ics"]).events[0]
    assert night.end == datetime(2020, 9, 26, 1, 30, tzinfo=SEOUL)
    assert "https://meet.example.org/night" in str(night["LOCATION"])
    feed = Calendar.from_ical(files["calendar.ics"])
    assert sorted(str(e["UID"]) for e in feed.events) == [f"{M}@madang", "night@madang"]
    assert files == generated(run(meeting)), "a rebuild writes the same bytes"


def test_calendar_names_the_site_when_its_address_is_known(meeting):
    """With mkdocs.yml's site_url in the settings, UIDs carry its host and events link to their page."""
    result = run(meeting)
    settings = replace(madang_settings(), site_url="https://library.example.org/archive")
    event = Calendar.from_ical(calendar([result.archive.meetings[M]], settings, TITLE)).events[0]
    page = f"https://library.example.org/archive/meetings/{M}/"
    assert (str(event["UID"]), str(event["URL"])) == (f"{M}@library.example.org", page)
    assert page in str(event["DESCRIPTION"])


def test_google_calendar_link_reads_back_in_utc(meeting):
    page = generated(run(meeting))[f"meetings/{M}/index.md"]
    url = html.unescape(re.search(r"\[Google 캘린더에 추가\]\((?P<url>[^)]+)\)", page)["url"])
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "calendar.google.com", "/calendar/render")
    query = parse_qs(parts.query)
    assert query["action"] == ["TEMPLATE"]
    assert query["dates"] == ["20200922T100000Z/20200922T120000Z"]
    assert query["text"] == [TITLE] and query["location"] == [PLACE]
    assert "[.ics 파일 받기](meeting.ics)" in page


# --- the built site ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A real `build.py build` of an archive with a past meeting (minutes) and an open one (sign-ups)."""
    base = tmp_path_factory.mktemp("meetings-site")
    repo = ArchiveRepo.create(base / "archive", mkdocs=MINIMAL_MKDOCS + "repo_url: https://github.com/o/r\n")
    write_meeting(repo, signup_until=None, body=MINUTES, extra="attendees: [heidi, dandi]\ndecisions: [의제 후보 세 개]\n")
    write_meeting(repo, "2020-10-15-forum", title="열린토론회", start="2020-10-15 10:30", end="12:00", capacity=1,
                  signup_until="2020-10-13", extra="online: https://townhall.kr\n")
    repo.commit("모임들", author=JAY, when=OPENED)
    repo.branch("heidi-rsvp")
    sign_up(repo, "heidi", "2020-10-15-forum", text="comment: 꼭 갈게요\n")
    repo.commit("참석 신청", author=HEIDI, when="2020-10-01T09:00:00+09:00")
    repo.merge_pr("heidi-rsvp", 12, "2020-10-01T10:00:00+09:00")
    sign_up(repo, "dandi", "2020-10-15-forum")
    repo.commit("참석 신청", author=DANDI, when="2020-10-02T10:00:00+09:00")
    out = base / "out"
    done = subprocess.run(
        [sys.executable, str(BUILD_PY), "build", str(repo.path), "-d", str(out)],
        cwd=base, capture_output=True, text=True, env={**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return out


def read(site, path) -> str:
    return (site / path).read_text(encoding="utf-8")


def untagged(markup: str) -> str:
    """The text without tags: live dates wrap D-days and statuses in <time>/<span> (render/format.py)."""
    return re.sub(r"<[^>]+>", "", markup)


def test_built_meeting_page(site):
    page = read(site, "meetings/2020-10-15-forum/index.html")
    assert "<title>열린토론회" in page
    assert "2020.10.15 (목) 10:30–12:00" in untagged(page) and "2020.10.13 (D-3)" in untagged(page) and "모집중" in page
    assert 'href="https://townhall.kr"' in page
    assert "아래 단추로 신청하고" in page  # how to sign up, while open
    assert "확정 (1명)" in page and "대기 (1명)" in page
    confirmed = page[page.index('id="확정-1명"'):page.index('id="대기-1명"')]
    assert "김하이디 (@heidi)" in confirmed and 'href="https://github.com/o/r/pull/12"' in confirmed
    assert "꼭 갈게요" in confirmed
    assert "단디 (@dandi)" in page[page.index('id="대기-1명"'):]
    assert 'href="meeting.ics"' in page and "https://calendar.google.com/calendar/render?action=TEMPLATE" in page
    assert (site / "meetings/2020-10-15-forum/meeting.ics").is_file()
    assert "rsvps" not in " ".join(str(p) for p in site.rglob("*"))


def test_built_minutes_listing_tasks_and_attendance(site):
    page = read(site, f"meetings/{M}/index.html")
    assert "의제 후보 세 개" in page and "장소 섭외" in page and "종료" in page
    assert "<h3>할 일</h3>" in page  # the minutes' `## 할 일` sits right under the page's own 회의록
    levels = [int(level) for level in re.findall(r"<h([1-6])\b", page[page.index("<article"):])]
    assert all(after <= before + 1 for before, after in zip(levels, levels[1:])), levels  # no level skipped
    assert page.count("회의록</h") == 1  # the minutes' own `## 회의록` is the page's heading, not a second one
    assert page.count("할 일</h") == 1  # the task count sits under the minutes' 할 일, without a heading of its own


def test_built_minutes_show_task_lists_as_checkboxes_with_owner_and_due_chips(site):
    minutes = section(read(site, f"meetings/{M}/index.html"), '<div class="madang-minutes">', "</div>")
    items = re.findall(r'<li class="task-list-item">(.*?)</li>', minutes, re.S)
    assert len(items) == 4 and "[ ]" not in minutes.replace("- [ ] 코드", "") and "[x]" not in minutes
    assert items[0] == ('<input type="checkbox" disabled> 장소 섭외 '
                        '<span class="madang-chip madang-chip--owner">김하이디 (@heidi)</span> '
                        '<span class="madang-chip madang-chip--due">기한 2020.10.05</span>')
    assert items[1].startswith('<input type="checkbox" disabled checked> 공지 올리기')
    assert items[3] == '<input type="checkbox" disabled> 담당도 기한도 없는 일'
    assert "- [ ] 코드 안의 줄은 할 일이 아닙니다 @jay 2020-01-01" in minutes  # a line in code: no task, no chip
    listing = read(site, "meetings/index.html")
    assert listing.index("열린토론회") < listing.index(TITLE)  # upcoming first
    assert "모집중 · 확정 1/1명 · 대기 1명" in untagged(listing)
    assert 'href="2020-10-15-forum/"' in listing
    tasks = read(site, "tasks/index.html")
    assert "기한 지남" in tasks and f'href="../meetings/{M}/"' in tasks
    attendance = read(site, "attendance/index.html")
    assert "김하이디 (@heidi)" in attendance and 'href="../data/attendance.csv"' in attendance
    assert (site / "data/attendance.csv").read_bytes().startswith("\ufeff".encode())
    feed = Calendar.from_ical((site / "calendar.ics").read_bytes())
    assert len(feed.events) == 2


def test_the_listing_keeps_upcoming_meetings_first_and_pages_the_past(archive, fixed_today):
    for number in range(PAGE_SIZE + 3):
        start = datetime(2020, 1, 1, 19) + timedelta(days=number)
        write_meeting(archive, f"past-{number:03}", title=f"지난 모임 {number}", start=f"{start:%Y-%m-%d %H:%M}",
                      signup_until=None)
    write_meeting(archive, "next", title="다음 모임", start="2020-10-20 19:00", signup_until=None)
    archive.commit("모임들", author=JAY, when=OPENED)
    files = generated(run(archive))
    first, second = files["meetings/index.md"], files["meetings/index-2.md"]
    assert "다음 모임" in section(first, "## 다가오는 모임", "## 지난 모임") and "## 다가오는 모임" not in second
    assert f"지난 모임 {PAGE_SIZE + 2}]" in first and "지난 모임 2]" not in first  # newest past first
    assert [line.split("]")[0] for line in second.splitlines() if line.startswith("| [")] == [
        "| [지난 모임 2", "| [지난 모임 1", "| [지난 모임 0"]
    assert "[‹ 이전](index.md)" in second and "[다음 ›](index-2.md)" in first
