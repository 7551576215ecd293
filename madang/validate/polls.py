"""polls/<id>/poll.yml and its ballots.

A poll is a choice poll (ballots pick options: `choices`) or, with
`type: score`, a score poll (ballots score every candidate on every
criterion: `scores`); `ballot_rules` reads a ballot by its poll's type.
"""

from ..constants import ID_PATTERN, POLL_TYPES, ROLES, SCORE_CRITERIA, SCORE_MAX, SCORE_MIN, SCORE_POLL
from ..records import OfflineResult, Poll, PollOption
from .actfields import declared
from .fields import Fields
from .proposals import phase_field

POLL_FIELDS = {
    "question", "author", "opened", "closes", "closed", "multiple", "max_choices", "other", "options", "offline_results",
    "phase", "type", "criteria", "voters_role", "before", "act_fields",
}
OPTION_FIELDS = {"id", "label", "proposal"}
CRITERION_FIELDS = {"id", "label"}
OFFLINE_RESULT_FIELDS = {"source", "date", "participants", "counts", "other"}
BALLOT_FIELDS = {"choices", "other", "source", "scores"}
CHOICE_ONLY_FIELDS = ("multiple", "max_choices", "other", "offline_results")
"""Fields a score poll has no use for: it takes no choices, no 기타 and no offline totals."""
DEFAULT_CRITERIA = tuple(PollOption(key, label) for key, label in SCORE_CRITERIA.items())


def poll(name, document, context, diagnostics) -> Poll | None:
    fields = Fields(document.path, document.yaml, POLL_FIELDS)
    question = fields.text("question", required=True)
    author = fields.handle("author", required=True)
    opened = fields.date("opened", required=True)
    closes = fields.date("closes")
    closed = fields.date("closed")
    fields.date_order("opened", opened, "closes", closes)
    fields.date_order("opened", opened, "closed", closed)
    poll_type = fields.choice("type", POLL_TYPES) or "choice"
    options = _labelled(fields, "options", OPTION_FIELDS, "duplicate-option", required=True)
    voters_role = fields.choice("voters_role", ROLES)
    if voters_role and not any(voters_role in member.roles for member in context.members.values()):
        fields.report("no-voters", "voters_role", value=voters_role)
    phase = phase_field(fields, context)
    before = fields.text("before")  # a deliberative poll's pre-vote; validate/jury.py checks the link
    act_fields = declared(fields, BALLOT_FIELDS)
    rules = _score_rules(fields) if poll_type == SCORE_POLL else _choice_rules(fields, options)
    diagnostics.extend(fields.diagnostics)
    if None in (question, author, opened) or not options or (poll_type == SCORE_POLL and not rules["criteria"]):
        return None
    return Poll(
        name, question, author, opened, closes, closed, options=options, path=document.path,
        phase=phase, type=poll_type, voters_role=voters_role, **rules,
        before=before, before_line=fields.line("before"), act_fields=act_fields,
    )


def _choice_rules(fields: Fields, options) -> dict:
    """How ballots choose: `multiple`, `max_choices`, `other` (기타), and totals counted elsewhere."""
    multiple = fields.boolean("multiple")
    max_choices = fields.integer("max_choices")
    if max_choices is not None and not multiple:
        fields.report("max-choices-ignored", "max_choices")
    other = fields.boolean("other")
    offline = _offline_results(fields, options, multiple, other)
    if fields.present("criteria"):
        fields.report("score-only-field", "criteria", field="criteria")
    return dict(multiple=multiple, max_choices=max_choices, other=other, offline_results=offline, criteria=())


def _score_rules(fields: Fields) -> dict:
    """What ballots score: `criteria`, the deck's 공론화 선정 기준 when none are written."""
    for key in CHOICE_ONLY_FIELDS:
        if fields.present(key):
            fields.report("choice-only-field", key, field=key)
    given = fields.present("criteria")
    criteria = _labelled(fields, "criteria", CRITERION_FIELDS, "duplicate-criterion") if given else DEFAULT_CRITERIA
    return dict(multiple=False, max_choices=None, other=False, offline_results=(), criteria=criteria)


def _labelled(fields: Fields, key: str, known: set, twice: str, required: bool = False) -> tuple[PollOption, ...]:
    """A list of `{id, label}` entries (options, criteria), each id a slug written once."""
    raw = fields.values.get(key)
    if not isinstance(raw, list) or not raw:
        slug = "missing-field" if required else "empty-field" if isinstance(raw, list) else "not-a-list"
        fields.report(slug, key, field=key)
        return ()
    entries, seen = [], set()
    for index in range(len(raw)):
        entry = Fields(fields.path, fields.document, known, (key, index))
        entry_id = entry.text("id", required=True)
        label = entry.text("label", required=True)
        proposal = entry.text("proposal") if "proposal" in known else None
        if entry_id and not ID_PATTERN.match(entry_id):
            entry.report("bad-id", "id", name=entry_id)
        elif entry_id in seen:
            entry.report(twice, "id", value=entry_id)
        elif entry_id and label:
            seen.add(entry_id)
            entries.append(PollOption(entry_id, label, proposal, fields.document.line_of(key, index)))
        fields.diagnostics.extend(entry.diagnostics)
    return tuple(entries)


def _offline_results(fields: Fields, options, multiple: bool, other_allowed: bool) -> tuple[OfflineResult, ...]:
    """`offline_results`: totals counted outside the archive, each with its `source` (format in README).

    Each entry: `source` (required), `date`, `participants`, `counts` (option id: votes, 0 or more; an
    option left out is 0) and `other` (기타 texts, where the poll allows them); no count above `participants`.
    """
    if not fields.present("offline_results"):
        return ()
    raw = fields.values["offline_results"]
    if not isinstance(raw, list):
        fields.report("not-a-list", "offline_results", field="offline_results")
        return ()
    allowed = [option.id for option in options]
    results = []
    for index in range(len(raw)):
        entry = Fields(fields.path, fields.document, OFFLINE_RESULT_FIELDS, ("offline_results", index))
        if any(d.slug == "not-a-mapping" for d in entry.diagnostics):  # one diagnostic is enough
            fields.diagnostics.extend(entry.diagnostics)
            continue
        source = entry.text("source", required=True)
        day = entry.date("date")
        participants = entry.integer("participants")
        counts = _offline_counts(entry, allowed)
        other = entry.texts("other")
        if other and not other_allowed:
            entry.report("other-not-allowed", "other")
        if counts is not None and participants is not None:
            votes = [n for _, n in counts] + [len(other)]
            most = max(votes) if multiple else sum(votes)
            if most > participants:
                entry.report("count-over-participants", "participants", votes=most, participants=participants)
        fields.diagnostics.extend(entry.diagnostics)
        if source is not None and counts is not None:
            line = fields.document.line_of("offline_results", index)
            results.append(OfflineResult(source, day, participants, counts, other, line))
    return tuple(results)


def _offline_counts(entry: Fields, allowed: list[str]) -> tuple[tuple[str, int], ...] | None:
    """(option id, votes) for every option of the poll, in its order; None when unusable."""
    if not entry.given("counts", True):
        return None
    raw = entry.values["counts"]
    counts = Fields(entry.path, entry.document, set(raw) if isinstance(raw, dict) else set(),
                    entry.prefix + ("counts",))
    found, usable = {}, not counts.diagnostics
    for key, value in counts.values.items():
        option = str(key)
        if option not in allowed:
            counts.report("unknown-option", key, value=option, allowed=", ".join(allowed))
            usable = False
        elif isinstance(value, bool) or not isinstance(value, int) or value < 0:
            counts.report("bad-count", key, option=option, value="" if value is None else value)
            usable = False
        else:
            found[option] = value
    entry.diagnostics.extend(counts.diagnostics)
    return tuple((option, found.get(option, 0)) for option in allowed) if usable else None


def ballot_rules(fields: Fields, poll: Poll | None) -> None:
    if poll is not None and poll.type == SCORE_POLL:
        _ballot_scores(fields, poll)
    else:
        _ballot_choices(fields, poll)


def _ballot_choices(fields: Fields, poll: Poll | None):
    """The ballot rules: known options, each once; at most one (or `max_choices`) answers,
    a 기타 answer counting as one; 기타 only where the poll allows it; not empty."""
    written = fields.texts("choices")
    choices, other = _answers(fields, written)
    if poll is None:
        return
    if fields.present("scores"):
        fields.report("scores-in-choice-poll", "scores")
    allowed = [option.id for option in poll.options]
    for choice in choices:
        if choice not in allowed:
            fields.report("unknown-option", "choices", value=choice, allowed=", ".join(allowed))
        elif written.count(choice) > 1:
            fields.report("duplicate-choice", "choices", value=choice)
    limit = (poll.max_choices or len(allowed)) if poll.multiple else 1
    if len(choices) > limit:
        fields.report("too-many-choices", "choices", limit=limit)
    elif other and poll.other and (poll.max_choices or not poll.multiple) and len(choices) + 1 > limit:
        fields.report("too-many-with-other", "other", limit=limit)
    if other and not poll.other:
        fields.report("other-not-allowed", "other")
    if not choices and not other and not fields.present("scores"):
        fields.report("no-choice", "choices")


def _ballot_scores(fields: Fields, poll: Poll):
    """A score ballot: `scores: {<option id>: {<criterion id>: 1..5}}`, every candidate scored
    on every criterion, so every candidate's mean is over the same ballots."""
    if fields.present("choices"):
        fields.report("choices-in-score-poll", "choices")
    if fields.present("other"):
        fields.report("other-not-allowed", "other")
    if not fields.given("scores", True):
        return
    raw = fields.values["scores"]
    table = Fields(fields.path, fields.document, set(raw) if isinstance(raw, dict) else set(), ("scores",))
    options = [option.id for option in poll.options]
    if table.diagnostics:  # not a mapping: one diagnostic is enough
        fields.diagnostics.extend(table.diagnostics)
        return
    for key in table.values:
        if str(key) in options:
            _score_row(table, key, poll)
        else:
            table.report("unknown-option", key, value=key, allowed=", ".join(options))
    written = {str(key) for key in table.values}
    criteria = ", ".join(criterion.id for criterion in poll.criteria)
    for option in options:
        if option not in written:
            table.report("score-missing", option, option=option, criterion=criteria)
    fields.diagnostics.extend(table.diagnostics)


def _score_row(table: Fields, key, poll: Poll):
    """One candidate's scores: a known criterion each, a whole number from SCORE_MIN to SCORE_MAX."""
    raw = table.values[key]
    row = Fields(table.path, table.document, set(raw) if isinstance(raw, dict) else set(), ("scores", key))
    criteria = [criterion.id for criterion in poll.criteria]
    for criterion, score in row.values.items():
        if str(criterion) not in criteria:
            row.report("unknown-criterion", criterion, value=criterion, allowed=", ".join(criteria))
        elif isinstance(score, bool) or not isinstance(score, int) or not SCORE_MIN <= score <= SCORE_MAX:
            row.report("bad-score", criterion, option=key, criterion=criterion, value="" if score is None else score,
                       low=SCORE_MIN, high=SCORE_MAX)
    if not any(d.slug == "not-a-mapping" for d in row.diagnostics):
        written = {str(criterion) for criterion in row.values}
        for criterion in criteria:
            if criterion not in written:
                row.report("score-missing", criterion, option=key, criterion=criterion)
    table.diagnostics.extend(row.diagnostics)


def _answers(fields: Fields, written: tuple[str, ...]) -> tuple[tuple[str, ...], str | None]:
    choices = tuple(dict.fromkeys(written))
    other = fields.text("other")
    return choices, (other.strip() or None) if other else None


def ballot_answers(document) -> tuple[tuple[str, ...], str | None]:
    """A ballot file's choices (each once, in the order written) and its 기타 text.

    The one reading of a ballot's content: the rules above and the tally both use it.
    """
    if document is None:
        return (), None
    fields = Fields(document.path, document.yaml, BALLOT_FIELDS)
    return _answers(fields, fields.texts("choices"))
