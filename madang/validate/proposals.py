"""proposals/<id>/proposal.md and its endorsements.

A proposal's `life:` lists the steps it took after being proposed, oldest
first, each with its date and what moved it:

    life:
      - {stage: candidate, date: 2020-09-22, meeting: 2020-09-22-agenda}
      - {stage: selected, date: 2020-09-28, experiment: 2020-10-infant-hours}
    form: experiment
"""

from ..constants import DELIBERATION_FORMS, LIFE_STAGES, STATUSES
from ..diagnostics import diagnostic
from ..records import LifeStep, Proposal, Threshold
from .actfields import declared
from .fields import Fields

PROPOSAL_FIELDS = {
    "title", "proposer", "proposed", "endorse_until", "tags", "status", "phase", "life", "form", "thresholds",
    "act_fields",
}
ENDORSEMENT_FIELDS = {"comment", "source"}
LIFE_STEP_FIELDS = {"stage", "date", "meeting", "poll", "experiment", "answer"}
THRESHOLD_FIELDS = {"label", "answer_within_days"}
WRITTEN_STAGES = {stage: label for stage, label in LIFE_STAGES.items() if stage != "proposed"}
"""제안 is implicit: it is where every proposal starts."""
AGENDA_STAGES = ("candidate", "forum", "selected", "running", "shared")
"""Stages that make a proposal an agenda (의제), whose deliberation takes a `form`."""
LINKS = (
    ("meeting", "meetings", ("모임", "meeting"), "content/meetings/"),
    ("poll", "polls", ("투표", "poll"), "polls/"),
    ("experiment", "experiments", ("실험장", "experiment"), "content/experiments/"),
)
"""(step field, Archive attribute, what it is in Korean and English, where its records live)."""


def proposal(name, document, context, diagnostics) -> Proposal | None:
    fields = Fields(document.path, document.yaml, PROPOSAL_FIELDS)
    title = fields.text("title", required=True)
    proposer = fields.handle("proposer", required=True)
    proposed = fields.date("proposed", required=True)
    endorse_until = fields.date("endorse_until")
    fields.date_order("proposed", proposed, "endorse_until", endorse_until)
    tags = fields.texts("tags")
    status = fields.choice("status", STATUSES)
    phase = phase_field(fields, context)
    life = _life(fields, proposed)
    form = fields.choice("form", DELIBERATION_FORMS)
    thresholds = _thresholds(fields)
    act_fields = declared(fields, ENDORSEMENT_FIELDS)
    if form and not any(step.stage in AGENDA_STAGES for step in life):
        fields.report("form-too-early", "form")
    diagnostics.extend(fields.diagnostics)
    if None in (title, proposer, proposed):
        return None
    return Proposal(
        name, title, proposer, proposed, endorse_until, tags, status, phase,
        document.body, document.path, document.body_line, life=life, form=form, thresholds=thresholds,
        act_fields=act_fields,
    )


def _thresholds(fields: Fields) -> tuple[Threshold, ...]:
    """`thresholds: {50: 답변, 500: 공론화}`: endorsement counts (whole, 1 or more) and what reaching each brings;
    the long form `{50: {label: 답변, answer_within_days: 30}}` also promises an answer within that many days."""
    if not fields.present("thresholds"):
        return ()
    raw = fields.values["thresholds"]
    if not isinstance(raw, dict) or not raw:
        fields.report("bad-thresholds", "thresholds")
        return ()
    found = []
    for key, value in raw.items():
        at = int(key) if str(key).isdigit() and str(key).isascii() else 0
        days = None
        if isinstance(value, dict):
            inner = Fields(fields.path, fields.document, THRESHOLD_FIELDS, (*fields.prefix, "thresholds", key))
            label = inner.text("label", required=True)
            days = _answer_days(inner)
            fields.diagnostics.extend(inner.diagnostics)
            if label is None or (inner.present("answer_within_days") and days is None):
                continue
        else:
            label = value
        if at < 1 or isinstance(label, (dict, list, bool)) or label in (None, ""):
            line = fields.document.line_of(*fields.prefix, "thresholds", key)
            written = f"{key}: {'' if label is None else label}".strip()
            fields.diagnostics.append(diagnostic("bad-threshold", fields.path, line, value=written))
            continue
        found.append(Threshold(at, str(label), days))
    return tuple(sorted(found, key=lambda t: t.at))


def _answer_days(fields: Fields) -> int | None:
    """`answer_within_days`: a whole number of days, 1 or more."""
    if not fields.present("answer_within_days"):
        return None
    value = fields.values["answer_within_days"]
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        fields.report("bad-answer-days", "answer_within_days", value=value)
        return None
    return value


def phase_field(fields: Fields, context) -> str | None:
    """`phase:`, the id of a phase declared in mkdocs.yml (an unknown one is a warning)."""
    phase = fields.text("phase")
    if phase and context.phase_ids and phase not in context.phase_ids:
        fields.report("unknown-phase", "phase", value=phase)
    return phase


def _life(fields: Fields, proposed) -> tuple[LifeStep, ...]:
    """The steps of `life:`, each a known stage with a date no earlier than the step before."""
    if not fields.present("life"):
        return ()
    raw = fields.values["life"]
    if not isinstance(raw, list):
        fields.report("not-a-list", "life", field="life")
        return ()
    steps, previous = [], ("proposed", proposed)
    for index in range(len(raw)):
        step = Fields(fields.path, fields.document, LIFE_STEP_FIELDS, ("life", index))
        if any(d.slug == "not-a-mapping" for d in step.diagnostics):  # one diagnostic is enough
            fields.diagnostics.extend(step.diagnostics)
            continue
        stage = step.choice("stage", WRITTEN_STAGES) if step.given("stage", True) else None
        when = step.date("date", required=True)
        links = {key: step.text(key) for key, *_ in LINKS}
        answer = step.integer("answer")
        if when and previous[1] and when < previous[1]:
            step.report("life-date-order", "date", stage=stage or index + 1, value=when,
                        previous=previous[0], previous_value=previous[1])
        fields.diagnostics.extend(step.diagnostics)
        if stage and when:
            steps.append(LifeStep(stage, when, **links, line=fields.document.line_of("life", index), answer=answer))
            previous = (stage, when)
    return tuple(steps)


def endorsement_rules(fields: Fields, record) -> None:
    """An endorsement may be empty; `comment` is its only field of its own."""
    fields.text("comment")


def links(archive) -> list:
    """Every meeting, poll and experiment a proposal's life names, and every proposal a poll option names, exists."""
    found = []
    for proposal in archive.proposals.values():
        for step in proposal.life:
            for key, attribute, (kind, kind_en), where in LINKS:
                value = getattr(step, key)
                if value is not None and value not in getattr(archive, attribute):
                    found.append(diagnostic("link-missing", proposal.path, step.line,
                                            kind=kind, kind_en=kind_en, value=value, where=where))
    for poll in archive.polls.values():
        for option in poll.options:
            if option.proposal is not None and option.proposal not in archive.proposals:
                found.append(diagnostic("link-missing", poll.path, option.line, kind="제안", kind_en="proposal",
                                        value=option.proposal, where="proposals/"))
    return found
