"""Stage 5, `score`: the weighted selection (실험장 선정), thresholds and BEST, from the tallies.

Pure: records, counts and settings in; results out, exact (fractions), so
anyone recomputing gets the same numbers and pages round only for reading.

A selection (settings `selection:`) ranks candidate proposals by components,
each with a weight in percent (the weights add up to 100). A component's raw
value for a candidate is:

- `endorsements`: the proposal's counted endorsements;
- `poll` (a choice poll): the counted ballots choosing an option whose
  `proposal:` is the candidate, plus the votes the poll's `offline_results`
  give those options (a forum's live vote is counted on paper and entered
  there; a maintainer enters each person once, online or on paper);
- `score-poll`: the candidate's mean of every score it got (tally.score_tally),
  0 before any score.

`normalize: best` divides each raw value by the highest candidate's value and
multiplies by 100, so the best candidate gets 100 (all get 0 when the best
is 0). A component gives normalised × weight ÷ 100 points; the total is their
sum, 0 to 100. Equal totals are ordered by the raw values of the `tie_break`
components in turn (default: the heaviest component first), higher first,
and last by proposal id, so the ranking is always one and the same.
"""

from dataclasses import dataclass, replace
from fractions import Fraction
from pathlib import Path

from .constants import POLL_KIND, PROPOSAL_KIND, SCORE_POLL
from .diagnostics import diagnostic
from .tally import score_tally
from .yamltext import YamlProblem, parse_yaml



@dataclass(frozen=True)
class Value:
    """One component's value for one candidate."""

    raw: Fraction
    normalised: Fraction = Fraction(0)
    """0–100: raw ÷ the best candidate's raw × 100."""
    points: Fraction = Fraction(0)
    """normalised × weight ÷ 100."""
    online: int | None = None
    """`poll` components: counted ballots choosing the candidate."""
    offline: int | None = None
    """`poll` components: votes for it in the poll's offline_results."""
    scored_by: int | None = None
    """`score-poll` components: counted ballots scoring it."""


@dataclass(frozen=True)
class Candidate:
    proposal: str
    rank: int
    """1, 2, 3…: always distinct, the tie-break decides equal totals."""
    total: Fraction
    values: tuple[Value, ...]
    """In the components' order."""
    tied: bool
    """Whether another candidate has the same total (the tie-break placed it)."""


@dataclass(frozen=True)
class Scenario:
    """The ranking under other weights (the sensitivity table)."""

    kind: str
    """'as-set', 'equal' or 'without' (one component left out, the others scaled up to 100)."""
    weights: tuple[Fraction, ...]
    order: tuple[str, ...]
    """Proposal ids, first to last."""
    left_out: int | None = None
    """With 'without': the index of the component left out."""


@dataclass(frozen=True)
class SelectionResult:
    setting: object
    """settings.Selection."""
    candidates: tuple[Candidate, ...]
    """Ranked, first first."""
    best: tuple[Fraction, ...]
    """Each component's highest raw value, which normalises it."""
    tie_break: tuple[int, ...]
    """Component indexes compared in turn when totals are equal."""
    scenarios: tuple[Scenario, ...]
    settings_commit: str | None = None
    """The commit that last changed mkdocs.yml: the settings this result used."""


def score(archive, counts, settings, settings_commit: str | None = None) -> SelectionResult | None:
    """The selection declared in the settings, ranked; None when none is declared."""
    selection = settings.selection
    if selection is None:
        return None
    raw = {
        proposal: tuple(_raw(component, proposal, archive, counts) for component in selection.components)
        for proposal in selection.candidates
    }
    best = tuple(max(values[i].raw for values in raw.values()) for i in range(len(selection.components)))
    weights = tuple(Fraction(component.weight) for component in selection.components)
    values = {
        proposal: tuple(
            replace(value, normalised=normalised(value.raw, top), points=normalised(value.raw, top) * weight / 100)
            for value, top, weight in zip(raw_values, best, weights)
        )
        for proposal, raw_values in raw.items()
    }
    tie_break = tie_break_order(selection)
    order = ranking(values, weights, tie_break)
    totals = {proposal: sum(v.points for v in values[proposal]) for proposal in order}
    candidates = tuple(
        Candidate(proposal, rank, totals[proposal], values[proposal],
                  sum(total == totals[proposal] for total in totals.values()) > 1)
        for rank, proposal in enumerate(order, 1)
    )
    scenarios = sensitivity(values, weights, tie_break)
    return SelectionResult(selection, candidates, best, tie_break, scenarios, settings_commit)


def normalised(raw: Fraction, best: Fraction) -> Fraction:
    """raw ÷ best × 100; 0 when the best is 0 (no candidate has any)."""
    return raw / best * 100 if best else Fraction(0)


def _raw(component, proposal: str, archive, counts) -> Value:
    if component.source == "endorsements":
        record = counts.records.get((PROPOSAL_KIND, proposal))
        return Value(Fraction(record.count if record else 0))
    poll = archive.polls.get(component.poll)
    record = counts.records.get((POLL_KIND, component.poll))
    if poll is None or record is None:
        return Value(Fraction(0))
    options = {option.id for option in poll.options if option.proposal == proposal}
    if component.source == "score-poll":
        scored = [c for c in score_tally(poll, record).candidates if c.option in options]
        total = next((c.total for c in scored if c.total is not None), None)
        return Value(total or Fraction(0), scored_by=sum(c.ballots for c in scored))
    online = sum(bool(options & set(act.choices)) for act in record.acts if act.counted)
    offline = sum(votes for result in poll.offline_results for option, votes in result.counts if option in options)
    return Value(Fraction(online + offline), online=online, offline=offline)


def tie_break_order(selection) -> tuple[int, ...]:
    """Indexes of the components compared when totals are equal: as written, else heaviest first."""
    labels = [component.label for component in selection.components]
    if selection.tie_break:
        return tuple(labels.index(label) for label in selection.tie_break)
    return tuple(sorted(range(len(labels)), key=lambda i: (-selection.components[i].weight, i)))


def ranking(values: dict, weights: tuple[Fraction, ...], tie_break: tuple[int, ...]) -> tuple[str, ...]:
    """Proposal ids by total under `weights`, then the tie-break components' raw values, then id."""

    def key(proposal):
        total = sum(value.normalised * weight / 100 for value, weight in zip(values[proposal], weights))
        return (-total, *(-values[proposal][i].raw for i in tie_break), proposal)

    return tuple(sorted(values, key=key))


def sensitivity(values: dict, weights: tuple[Fraction, ...], tie_break: tuple[int, ...]) -> tuple[Scenario, ...]:
    """The ranking as set, with equal weights, and with each component left out (the rest scaled to 100)."""
    scenarios = [Scenario("as-set", weights, ranking(values, weights, tie_break))]
    count = len(weights)
    if count < 2:
        return tuple(scenarios)
    if len(set(weights)) > 1:
        equal = (Fraction(100, count),) * count
        scenarios.append(Scenario("equal", equal, ranking(values, equal, tie_break)))
    for left_out in range(count):
        rest = 100 - weights[left_out]
        scaled = tuple(Fraction(0) if i == left_out else w * 100 / rest for i, w in enumerate(weights))
        scenarios.append(Scenario("without", scaled, ranking(values, scaled, tie_break), left_out))
    return tuple(scenarios)


def canonical(result: SelectionResult | None) -> dict | None:
    """The selection as plain values for the digest (audit.py): exact fractions as 'n/d' text.

    The settings commit is left out: an unrelated change to mkdocs.yml (a colour)
    must not change the digest, while any change of weight or candidate does.
    """
    if result is None:
        return None
    setting = result.setting
    return {
        "title": setting.title,
        "normalize": setting.normalize,
        "winners": setting.winners,
        "tie_break": list(result.tie_break),
        "components": [
            {"label": c.label, "weight": c.weight, "source": c.source, "poll": c.poll, "best": str(best)}
            for c, best in zip(setting.components, result.best)
        ],
        "candidates": [
            {
                "proposal": candidate.proposal,
                "rank": candidate.rank,
                "total": str(candidate.total),
                "values": [[str(v.raw), str(v.normalised), str(v.points)] for v in candidate.values],
            }
            for candidate in result.candidates
        ],
    }


def summary(result: SelectionResult | None) -> list[str]:
    """`recount`'s lines: the settings commit, then each candidate's rank, rounded and exact total."""
    if result is None:
        return []
    commit = result.settings_commit[:12] if result.settings_commit else "-"
    lines = [f"selection settings: mkdocs.yml at {commit}"]
    for candidate in result.candidates:
        lines.append(
            f"selection {candidate.rank} {candidate.proposal}: {float(candidate.total):.2f} (exact {candidate.total})"
        )
    return lines


def selection_diagnostics(archive, settings) -> list:
    """Mistakes of the `selection` setting that only the archive shows, at their line in mkdocs.yml:
    a candidate that is not a proposal, a poll that does not exist or is of the wrong type,
    a candidate the poll has no option for (`proposal:`)."""
    selection = settings.selection
    if selection is None:
        return []
    line = SettingLines(archive.root, "selection")
    found = []
    for index, candidate in enumerate(selection.candidates):
        if candidate not in archive.proposals:
            found.append(diagnostic("selection-unknown-candidate", "mkdocs.yml", line("candidates", index), value=candidate))
    for index, component in enumerate(selection.components):
        if component.poll is None:
            continue
        at = line("components", index, "poll")
        poll = archive.polls.get(component.poll)
        wanted = SCORE_POLL if component.source == "score-poll" else "choice"
        if poll is None:
            found.append(diagnostic("selection-unknown-poll", "mkdocs.yml", at, value=component.poll))
        elif poll.type != wanted:
            found.append(diagnostic("selection-poll-type", "mkdocs.yml", at, value=component.poll,
                                    source=component.source, type=poll.type, wanted=wanted))
        else:
            named = {option.proposal for option in poll.options}
            for candidate in selection.candidates:
                if candidate in archive.proposals and candidate not in named:
                    found.append(diagnostic("selection-not-in-poll", "mkdocs.yml", at,
                                            value=candidate, poll=component.poll))
    return found


class SettingLines:
    """The line of a key under one of the madang plugin's settings (`section`: `selection`, `phases`)
    in mkdocs.yml; 1 when it cannot be read."""

    def __init__(self, root, section: str):
        try:
            document = parse_yaml((Path(root) / "mkdocs.yml").read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, YamlProblem):
            document = None
        self.document = document
        self.prefix = self._prefix(document, section)

    @staticmethod
    def _prefix(document, section: str) -> tuple | None:
        plugins = document.value.get("plugins") if document and isinstance(document.value, dict) else None
        for index, item in enumerate(plugins if isinstance(plugins, list) else ()):
            if isinstance(item, dict) and "madang" in item:
                return ("plugins", index, "madang", section)
        return None

    def __call__(self, *keys) -> int:
        return self.document.line_of(*self.prefix, *keys) if self.prefix else 1


def best_proposals(endorsements: dict[str, int], rule) -> dict[str, int]:
    """BEST: proposal -> its rank, for the proposals with at least `rule.minimum` endorsements (and never 0)
    ranked `rule.top` or better. Equal counts share a rank and the next rank skips (1, 1, 3), so a tie at the
    cut is BEST together and is named as a tie (공동 1위)."""
    eligible = {proposal: count for proposal, count in endorsements.items() if count >= max(rule.minimum, 1)}
    first_place = {}
    for place, count in enumerate(sorted(eligible.values(), reverse=True), start=1):
        first_place.setdefault(count, place)
    return {proposal: first_place[count] for proposal, count in eligible.items() if first_place[count] <= rule.top}


@dataclass(frozen=True)
class Crossing:
    """A proposal's threshold and, once the counted endorsements reached it, the act that did."""

    at: int
    label: str
    act: object | None = None
    """The at-th counted endorsement in landing order (tally.ActResult); None while not reached."""
    landing: object | None = None
    """The landing that added that endorsement (history.Landing): when the threshold was reached."""
    answer_within_days: int | None = None
    """The days reaching it gives the answerers (`answer_within_days`), when it promises an answer."""


def threshold_crossings(archive, counts, history) -> dict[str, tuple[Crossing, ...]]:
    """For each proposal with `thresholds:`, each threshold and the landing that crossed it.

    Counted endorsements are put in the order their adds landed (ties by file
    path, as sign-ups queue); the Nth one's landing crossed the threshold N.
    """
    ordered = {}
    for proposal in archive.proposals.values():
        if proposal.thresholds:
            acts = counts.records[(PROPOSAL_KIND, proposal.id)].acts
            ordered[proposal.id] = sorted((a for a in acts if a.counted), key=lambda a: (a.added, a.path))
    if not ordered:
        return {}
    paths = {act.path for acts in ordered.values() for act in acts}
    adds = {}
    for event in history.events:
        if event.path in paths and event.change == "A":
            adds[(event.path, event.landing.time)] = event.landing
    return {
        proposal_id: tuple(
            Crossing(t.at, t.label, acts[t.at - 1], adds.get((acts[t.at - 1].path, acts[t.at - 1].added)),
                     t.answer_within_days)
            if t.at <= len(acts) else Crossing(t.at, t.label, answer_within_days=t.answer_within_days)
            for t in archive.proposals[proposal_id].thresholds
        )
        for proposal_id, acts in ordered.items()
    }
