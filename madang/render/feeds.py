"""Atom feeds beside the news feed: new proposals (proposals/atom.xml) and results (results.xml).

Like news/atom.xml, written by atom.py: stable ids, times from
the records (a proposal's day, a deadline's end, a life step's day), never the
clock, and links relative to the feed's own address.

results.xml holds closed polls with their counts, proposals whose endorsement
deadline has passed with their count, and each proposal's selection (a `life`
step `selected` or `not-selected`, 실험장 선정). A weighted selection computed by
madang.score (when it exists) would add its entries in `_result_entries`.
"""

import html
from datetime import date, datetime, time

from ..constants import CLOSED, LIFE_STAGES, POLL_KIND, PROPOSAL_KIND, SCORE_POLL
from ..tally import poll_tally, score_tally
from ..i18n import _, ngettext
from .format import day, endorsers
from .atom import Entry, atom, start_of
from .news import body_html
from .polls import status_of as poll_status
from .scores import score_text

PROPOSALS_FEED = "proposals/atom.xml"
RESULTS_FEED = "results.xml"
SELECTION_STAGES = ("selected", "not-selected")
NO_DATE = date(2000, 1, 1)
"""A feed's day when the archive has no record yet: fixed, so the bytes never depend on the clock."""


def feeds(archive, counts, settings) -> dict[str, str]:
    """Both feeds, always present (a reader may subscribe before the first entry)."""
    origin = min([p.proposed for p in archive.proposals.values()] + [p.start for p in settings.phases],
                 default=NO_DATE)
    proposals = [_proposal_entry(p, archive) for p in archive.proposals.values()]
    results = _result_entries(archive, counts, settings)
    return {
        PROPOSALS_FEED: atom(_("{site} 새 제안", site=settings.site_name), "proposals", "atom.xml", origin, proposals,
                             settings),
        RESULTS_FEED: atom(_("{site} 결과", site=settings.site_name), "results", RESULTS_FEED, origin, results, settings),
    }


def _proposal_entry(proposal, archive) -> Entry:
    member = archive.members.get(proposal.proposer.lower())
    return Entry(
        title=proposal.title,
        specific=f"proposals/{proposal.id}",
        when=datetime.combine(proposal.proposed, time()),
        link=f"{proposal.id}/",
        content=body_html(proposal.body, up="../"),
        author=member.shown_name if member else proposal.proposer,
        tags=proposal.tags,
    )


def _result_entries(archive, counts, settings) -> list[Entry]:
    entries = []
    for poll in archive.polls.values():
        if poll_status(poll, settings.today) == CLOSED:
            record = counts.records[(POLL_KIND, poll.id)]
            entries.append(Entry(
                _("투표 결과: {question}", question=poll.question), f"results/polls/{poll.id}", record.deadline_end,
                f"polls/{poll.id}/", _poll_result(poll, record),
            ))
    for proposal in archive.proposals.values():
        record = counts.records[(PROPOSAL_KIND, proposal.id)]
        if proposal.endorse_until and proposal.endorse_until < settings.today:
            entries.append(Entry(
                _("공감 마감: {title} — {endorsements}", title=proposal.title, endorsements=endorsers(record.count)),
                f"results/proposals/{proposal.id}", record.deadline_end, f"proposals/{proposal.id}/",
                "<p>" + _("{endorsements} (마감 {day})", endorsements=endorsers(record.count),
                          day=day(proposal.endorse_until)) + "</p>",
            ))
        for step in proposal.life:
            if step.stage in SELECTION_STAGES and step.date and step.date <= settings.today:
                label = LIFE_STAGES[step.stage]
                entries.append(Entry(
                    f"{label}: {proposal.title}", f"results/{step.stage}/{proposal.id}", start_of(step.date, settings),
                    f"proposals/{proposal.id}/", f"<p>{html.escape(label)} · {day(step.date)}</p>",
                ))
    return entries


def _poll_result(poll, record) -> str:
    """The counts as a short HTML list: label and votes, or a score poll's mean per candidate."""
    labels = {option.id: option.label for option in poll.options}
    if poll.type == SCORE_POLL:
        tally = score_tally(poll, record)
        items = [ngettext("{label}: 평균 {score}점 ({n}명)", "{label}: 평균 {score}점 ({n}명)", c.ballots,
                          label=labels[c.option], score=score_text(c.total)) for _rank, c in tally.ranked()]
    else:
        tally = poll_tally(poll, record)
        items = [f"{labels[option]}: " + ngettext("{n}표", "{n}표", votes) for option, votes in tally.votes]
    rows = "".join(f"<li>{html.escape(item)}</li>" for item in items)
    return "<p>" + ngettext("참여 {n}명", "참여 {n}명", tally.participants) + f"</p><ul>{rows}</ul>"
