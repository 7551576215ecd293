"""Atom feeds beside the news feed: new proposals (proposals/atom.xml) and results (results.xml).

Like news/atom.xml (news.py, whose helpers these reuse): stable ids, times from
the records (a proposal's day, a deadline's end, a life step's day), never the
clock, and links relative to the feed's own address.

results.xml holds closed polls with their counts, proposals whose endorsement
deadline has passed with their count, and each proposal's selection (a `life`
step `selected` or `not-selected`, 실험장 선정). A weighted selection computed by
madang.score (when it exists) would add its entries in `_result_entries`.
"""

import html
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date, datetime, time

from ..constants import CLOSED, LIFE_STAGES, POLL_KIND, PROPOSAL_KIND, SCORE_POLL
from ..tally import poll_tally, score_tally
from .format import day
from .news import ATOM, XML, _add, _stable_id, _xml_text, body_html
from .polls import status_of as poll_status
from .scores import score_text

PROPOSALS_FEED = "proposals/atom.xml"
RESULTS_FEED = "results.xml"
SELECTION_STAGES = ("selected", "not-selected")
NO_DATE = date(2000, 1, 1)
"""A feed's day when the archive has no record yet: fixed, so the bytes never depend on the clock."""


@dataclass(frozen=True)
class Entry:
    title: str
    specific: str
    """The entry's stable name, e.g. results/polls/2020-09-team-name."""
    when: datetime
    link: str
    """Relative to the feed's address."""
    content: str
    """HTML, escaped."""
    author: str | None = None
    tags: tuple[str, ...] = ()


def feeds(archive, counts, settings) -> dict[str, str]:
    """Both feeds, always present (a reader may subscribe before the first entry)."""
    origin = min([p.proposed for p in archive.proposals.values()] + [p.start for p in settings.phases],
                 default=NO_DATE)
    proposals = [_proposal_entry(p, archive) for p in archive.proposals.values()]
    results = _result_entries(archive, counts, settings)
    return {
        PROPOSALS_FEED: atom(f"{settings.site_name} 새 제안", "proposals", "atom.xml", origin, proposals, settings),
        RESULTS_FEED: atom(f"{settings.site_name} 결과", "results", RESULTS_FEED, origin, results, settings),
    }


def _start(day: date, settings) -> datetime:
    return datetime.combine(day, time(), settings.timezone)


def _proposal_entry(proposal, archive) -> Entry:
    member = archive.members.get(proposal.proposer.lower())
    return Entry(
        title=proposal.title,
        specific=f"proposals/{proposal.id}",
        when=datetime.combine(proposal.proposed, time()),
        link=f"{proposal.id}/",
        content=body_html(proposal.body, up="../"),
        author=member.name if member else proposal.proposer,
        tags=proposal.tags,
    )


def _result_entries(archive, counts, settings) -> list[Entry]:
    entries = []
    for poll in archive.polls.values():
        if poll_status(poll, settings.today) == CLOSED:
            record = counts.records[(POLL_KIND, poll.id)]
            entries.append(Entry(
                f"투표 결과: {poll.question}", f"results/polls/{poll.id}", record.deadline_end,
                f"polls/{poll.id}/", _poll_result(poll, record),
            ))
    for proposal in archive.proposals.values():
        record = counts.records[(PROPOSAL_KIND, proposal.id)]
        if proposal.endorse_until and proposal.endorse_until < settings.today:
            entries.append(Entry(
                f"공감 마감: {proposal.title} — 공감 {record.count}명", f"results/proposals/{proposal.id}",
                record.deadline_end, f"proposals/{proposal.id}/",
                f"<p>공감 {record.count}명 (마감 {day(proposal.endorse_until)})</p>",
            ))
        for step in proposal.life:
            if step.stage in SELECTION_STAGES and step.date and step.date <= settings.today:
                label = LIFE_STAGES[step.stage]
                entries.append(Entry(
                    f"{label}: {proposal.title}", f"results/{step.stage}/{proposal.id}", _start(step.date, settings),
                    f"proposals/{proposal.id}/", f"<p>{html.escape(label)} · {day(step.date)}</p>",
                ))
    return entries


def _poll_result(poll, record) -> str:
    """The counts as a short HTML list: label and votes, or a score poll's mean per candidate."""
    labels = {option.id: option.label for option in poll.options}
    if poll.type == SCORE_POLL:
        tally = score_tally(poll, record)
        items = [f"{labels[c.option]}: 평균 {score_text(c.total)}점 ({c.ballots}명)" for _, c in tally.ranked()]
    else:
        tally = poll_tally(poll, record)
        items = [f"{labels[option]}: {votes}표" for option, votes in tally.votes]
    rows = "".join(f"<li>{html.escape(item)}</li>" for item in items)
    return f"<p>참여 {tally.participants}명</p><ul>{rows}</ul>"


def atom(title: str, name: str, self_href: str, origin: date, entries: list[Entry], settings) -> str:
    """An Atom 1.0 feed, newest entry first; its `updated` is the newest entry's time.

    An entry's id is a tag: URI on its own day and name, so it never changes with other records."""
    entries = sorted(entries, key=lambda e: (_aware(e.when, settings), e.specific), reverse=True)
    feed = ET.Element("feed", {"xmlns": ATOM, f"{XML}lang": "ko"})
    _add(feed, "title", title)
    _add(feed, "id", _stable_id(settings, origin, name))
    newest = _aware(entries[0].when, settings) if entries else _start(origin, settings)
    _add(feed, "updated", newest.isoformat())
    ET.SubElement(feed, "link", rel="self", type="application/atom+xml", href=self_href)
    ET.SubElement(feed, "link", rel="alternate", type="text/html", href="./")
    _add(feed, "generator", "madang")
    for entry in entries:
        element = ET.SubElement(feed, "entry")
        _add(element, "title", entry.title)
        when = _aware(entry.when, settings)
        _add(element, "id", _stable_id(settings, when.date(), entry.specific))
        moment = when.isoformat()
        _add(element, "published", moment)
        _add(element, "updated", moment)
        ET.SubElement(element, "link", rel="alternate", type="text/html", href=entry.link)
        if entry.author:
            _add(ET.SubElement(element, "author"), "name", entry.author)
        for tag in entry.tags:
            ET.SubElement(element, "category", term=_xml_text(tag))
        content = _add(element, "content", entry.content)
        content.attrib.update({"type": "html", f"{XML}base": entry.link})
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def _aware(when: datetime, settings) -> datetime:
    """A record's local time (naive) in the archive's time zone; an instant stays as it is."""
    return when.replace(tzinfo=settings.timezone) if when.tzinfo is None else when.astimezone(settings.timezone)
