"""Meetings in calendars: an iCalendar (.ics) file per meeting, one feed of them all, and
Google Calendar's "add event" link.

Meeting times are local to the archive's time zone (settings.timezone); the
files carry that zone (TZID and its VTIMEZONE) and never the build's clock,
so every build writes the same bytes.
"""

import functools
import re
from datetime import date, datetime, timezone
from urllib.parse import quote, urlencode, urlsplit

from icalendar import Calendar, Event, Timezone

from ..i18n import _

PRODID = "-//madang//meetings//KO"
GOOGLE_CALENDAR = "https://calendar.google.com/calendar/render"


CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
"""iCalendar text may hold no control character but tab and line feed (RFC 5545, 3.3.11)."""


def ics_text(value: str | None, *, one_line: bool = False) -> str | None:
    """What people wrote, as iCalendar text: control characters dropped, line breaks as one `\\n` or,
    for a one-line property (the calendar's NAME), a space. icalendar escapes the rest (`,` `;` `\\`)."""
    if value is None:
        return None
    value = CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    return " ".join(value.split()) if one_line else value


def _site_url(settings) -> str | None:
    """mkdocs.yml's `site_url`, when set: pages get absolute links in calendars."""
    return settings.site_url + "/" if settings.site_url else None


def page_url(meeting, settings) -> str | None:
    site = _site_url(settings)
    return f"{site}meetings/{meeting.id}/" if site else None


def _local(local_time: datetime, settings) -> datetime:
    return local_time.replace(tzinfo=settings.timezone)


def _details(meeting, settings) -> str:
    lines = [settings.site_name]
    if meeting.online:
        lines.append(_("온라인 참여: {address}", address=meeting.online))
    url = page_url(meeting, settings)
    if url:
        lines.append(_("모임 기록: {address}", address=url))
    return "\n".join(lines)


def _location(meeting) -> str:
    return " · ".join(part for part in (meeting.place, meeting.online) if part)


def calendar(meetings, settings, name: str) -> str:
    """An iCalendar file of these meetings in the archive's time zone, the same bytes on every build.

    DTSTAMP is the meeting's start (never the clock); the VTIMEZONE covers the
    years the meetings fall in.
    """
    site = _site_url(settings)
    host = urlsplit(site).hostname if site else "madang"
    events = [
        Event.new(
            uid=f"{meeting.id}@{host}", start=_local(meeting.start, settings), end=_local(meeting.end, settings),
            stamp=_local(meeting.start, settings).astimezone(timezone.utc), summary=ics_text(meeting.title),
            location=ics_text(_location(meeting)) or None, description=ics_text(_details(meeting, settings)),
            url=page_url(meeting, settings),
        )
        for meeting in meetings
    ]
    file = f"{meetings[0].id}.ics" if len(meetings) == 1 else "calendar.ics"  # ids hold no '.': no clash
    feed = Calendar.new(prodid=PRODID, calscale="GREGORIAN", name=ics_text(name, one_line=True), uid=f"{file}@{host}", subcomponents=events)
    if meetings:
        years = [m.start.year for m in meetings] + [m.end.year for m in meetings]
        feed.subcomponents.insert(0, _vtimezone(settings.timezone.key, min(years), max(years)))
    return feed.to_ical().decode("utf-8")


@functools.cache
def _vtimezone(tzid: str, first_year: int, last_year: int) -> Timezone:
    """The zone's VTIMEZONE for these years. Made once: walking the zone's transitions takes
    about 70 ms, and every meeting's file of the same years carries the same one."""
    return Timezone.from_tzid(tzid, first_date=date(first_year, 1, 1), last_date=date(last_year + 1, 1, 1))


def google_calendar_url(meeting, settings) -> str:
    """Google Calendar's "add event" link, times in UTC."""

    def utc(local_time):
        return _local(local_time, settings).astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")

    query = {
        "action": "TEMPLATE",
        "text": meeting.title,
        "dates": f"{utc(meeting.start)}/{utc(meeting.end)}",
        "details": _details(meeting, settings),
        "location": _location(meeting),
    }
    return f"{GOOGLE_CALENDAR}?{urlencode(query, quote_via=quote)}"
