"""Whether the answers a proposal's thresholds promised came in time (part of the `score` stage). Pure.

A threshold with `answer_within_days: N` promises an official answer within N
days of the day it was reached: the day, in the archive's time zone, of the
landing that brought the endorsement making the count (score.threshold_crossings).
The first threshold reached that promises an answer sets the due day; the first
answer given (any state, 검토 중 included: it is the body's public word) keeps the
promise when its `date` is on or before the due day. Until an answer comes, the
proposal waits, and is overdue once the due day has passed.
"""

from dataclasses import dataclass
from datetime import date, timedelta

ANSWERED, WAITING, OVERDUE = "answered", "waiting", "overdue"


@dataclass(frozen=True)
class Promise:
    """A proposal's promised answer: when the promise was made and when it falls due."""

    proposal: str
    crossing: object
    """The score.Crossing that promised it."""
    reached: date
    """The day the threshold was reached (archive time zone)."""
    due: date
    """The last day an answer keeps the promise: `reached` + `answer_within_days`."""
    answers: tuple = ()
    """The proposal's answers (records.Answer), by number."""

    def standing(self, today: date) -> str:
        """answered, waiting (not yet due) or overdue."""
        if self.answers:
            return ANSWERED
        return OVERDUE if today > self.due else WAITING

    def days_late(self, on: date) -> int:
        """Days past the due day an answer given (or still missing) on `on` is; 0 or less is in time."""
        return (on - self.due).days


def promises(archive, crossings, zone) -> dict[str, Promise]:
    """Each proposal whose reached threshold promises an answer, by proposal id."""
    found = {}
    for proposal_id, proposal_crossings in crossings.items():
        crossing = next((c for c in proposal_crossings if c.answer_within_days and c.act is not None), None)
        if crossing is None:
            continue
        moment = crossing.landing.time if crossing.landing else crossing.act.added
        reached = moment.astimezone(zone).date()
        found[proposal_id] = Promise(
            proposal_id, crossing, reached, reached + timedelta(days=crossing.answer_within_days),
            archive.answers.get(proposal_id, ()),
        )
    return found

