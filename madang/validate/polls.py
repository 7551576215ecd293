"""polls/<id>/poll.yml and its ballots."""

from ..constants import ID_PATTERN
from ..records import OfflineResult, Poll, PollOption
from .fields import Fields

POLL_FIELDS = {
    "question", "author", "opened", "closes", "closed", "multiple", "max_choices", "other", "options", "offline_results",
}
OFFLINE_RESULT_FIELDS = {"source", "date", "participants", "counts", "other"}
BALLOT_FIELDS = {"choices", "other", "source"}


def poll(name, document, context, diagnostics) -> Poll | None:
    fields = Fields(document.path, document.yaml, POLL_FIELDS)
    question = fields.text("question", required=True)
    author = fields.handle("author", required=True)
    opened = fields.date("opened", required=True)
    closes = fields.date("closes")
    closed = fields.date("closed")
    fields.date_order("opened", opened, "closes", closes)
    fields.date_order("opened", opened, "closed", closed)
    multiple = fields.boolean("multiple")
    max_choices = fields.integer("max_choices")
    if max_choices is not None and not multiple:
        fields.report("max-choices-ignored", "max_choices")
    other = fields.boolean("other")
    options = _poll_options(fields)
    offline = _offline_results(fields, options, multiple, other)
    diagnostics.extend(fields.diagnostics)
    if None in (question, author, opened) or not options:
        return None
    return Poll(
        name, question, author, opened, closes, closed, multiple, max_choices, other, options, document.path, offline
    )


def _poll_options(fields: Fields) -> tuple[PollOption, ...]:
    raw = fields.values.get("options")
    if not isinstance(raw, list) or not raw:
        fields.report("missing-field", "options", field="options")
        return ()
    options, seen = [], set()
    for index in range(len(raw)):
        option = Fields(fields.path, fields.document, {"id", "label"}, ("options", index))
        option_id = option.text("id", required=True)
        label = option.text("label", required=True)
        if option_id and not ID_PATTERN.match(option_id):
            option.report("bad-id", "id", name=option_id)
        elif option_id in seen:
            option.report("duplicate-option", "id", value=option_id)
        elif option_id and label:
            seen.add(option_id)
            options.append(PollOption(option_id, label))
        fields.diagnostics.extend(option.diagnostics)
    return tuple(options)


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


def ballot_rules(fields: Fields, poll) -> None:
    _ballot_choices(fields, poll)


def _ballot_choices(fields: Fields, poll: Poll | None):
    """The ballot rules: known options, each once; at most one (or `max_choices`) answers,
    a 기타 answer counting as one; 기타 only where the poll allows it; not empty."""
    written = fields.texts("choices")
    choices, other = _answers(fields, written)
    if poll is None:
        return
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
    if not choices and not other:
        fields.report("no-choice", "choices")


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
