"""Stage 2: check parsed documents against the archive format, build records.

One rule set serves `check`, `build` and the tally: a field is read once, by
`Fields`, which both converts it and reports what is wrong with it.
"""

from datetime import date

from .constants import (
    ACT_LAYOUT, DATE_PATTERN, HANDLE_PATTERN, ID_PATTERN, OFFLINE_SOURCE, POLL_KIND,
    PROPOSAL_KIND, ROLES, STATUSES,
)
from .diagnostics import diagnostic
from .load import LoadedFiles
from .records import ActFile, Archive, Member, OfflineResult, Poll, PollOption, Proposal
from .yamltext import YamlDocument

PROPOSAL_FIELDS = {"title", "proposer", "proposed", "endorse_until", "tags", "status", "phase"}
POLL_FIELDS = {
    "question", "author", "opened", "closes", "closed", "multiple", "max_choices", "other", "options", "offline_results",
}
OFFLINE_RESULT_FIELDS = {"source", "date", "participants", "counts", "other"}
MEMBER_FIELDS = {"name", "emails", "roles"}
ENDORSEMENT_FIELDS = {"comment", "source"}
BALLOT_FIELDS = {"choices", "other", "source"}


class Fields:
    """Reads typed fields out of one YAML mapping, collecting diagnostics."""

    def __init__(self, path: str, document: YamlDocument, known: set, prefix: tuple = ()):
        self.path = path
        self.document = document
        self.prefix = prefix
        self.diagnostics = []
        value = document.value
        for p in prefix:
            value = value[p]
        if value is None:
            value = {}
        if not isinstance(value, dict):
            self.diagnostics.append(diagnostic("not-a-mapping", path, document.line_of(*prefix)))
            value = {}
        self.values = value
        for key in value:
            if key not in known:
                self.report("unknown-field", key, field=key)

    def line(self, key) -> int:
        return self.document.line_of(*self.prefix, key)

    def report(self, slug, key, **values):
        self.diagnostics.append(diagnostic(slug, self.path, self.line(key), **values))

    def present(self, key) -> bool:
        return self.values.get(key) is not None

    def given(self, key, required):
        """Whether the field has a value; when `required`, says it is missing or empty."""
        if key not in self.values:
            if required:
                self.diagnostics.append(diagnostic("missing-field", self.path, self.document.line_of(*self.prefix), field=key))
            return False
        if self.values[key] is None or self.values[key] == "":
            if required:
                self.report("empty-field", key, field=key)
            return False
        return True

    def text(self, key, required=False) -> str | None:
        if not self.given(key, required):
            return None
        value = self.values[key]
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.report("not-text", key, field=key)
            return None
        return str(value)

    def handle(self, key, required=False) -> str | None:
        value = self.text(key, required)
        if value is not None and not HANDLE_PATTERN.match(value):
            self.report("bad-handle", key, name=value)
            return None
        return value

    def date(self, key, required=False) -> date | None:
        if not self.given(key, required):
            return None
        value = self.values[key]
        parsed = parse_date(value)
        if parsed is None:
            self.report("not-a-date", key, field=key, value=value)
        return parsed

    def texts(self, key) -> tuple[str, ...]:
        if not self.given(key, False):
            return ()
        value = self.values[key]
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, (str, int)) and not isinstance(v, bool) for v in value):
            self.report("not-text-list", key, field=key)
            return ()
        return tuple(str(v) for v in value)

    def choice(self, key, allowed) -> str | None:
        value = self.text(key)
        if value is not None and value not in allowed:
            self.report("bad-value", key, field=key, value=value, allowed=", ".join(allowed))
            return None
        return value

    def boolean(self, key) -> bool:
        if not self.given(key, False):
            return False
        value = self.values[key]
        if not isinstance(value, bool):
            self.report("bad-value", key, field=key, value=value, allowed="true, false")
            return False
        return value

    def integer(self, key) -> int | None:
        if not self.given(key, False):
            return None
        value = self.values[key]
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            self.report("bad-value", key, field=key, value=value, allowed="1, 2, 3, …")
            return None
        return value

    def date_order(self, earlier_key, earlier, later_key, later):
        if earlier and later and later < earlier:
            self.report(
                "date-order", later_key, earlier=earlier_key, earlier_value=earlier, later=later_key, later_value=later
            )


def parse_date(value) -> date | None:
    """A `YYYY-MM-DD` text as a date; None when it is not a real day."""
    if not isinstance(value, str) or not DATE_PATTERN.match(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def validate(files: LoadedFiles, phase_ids=()) -> tuple[Archive, list]:
    """Records built from every valid document, and every diagnostic found."""
    diagnostics = list(files.diagnostics)
    members = _members(files.members, diagnostics)
    proposals, polls = {}, {}
    for (kind, name), document in files.records.items():
        if not ID_PATTERN.match(name):
            folder = ACT_LAYOUT[kind][0]
            diagnostics.append(diagnostic("bad-id", f"{folder}/{name}", name=name))
            continue
        if document is None:
            continue
        if kind == PROPOSAL_KIND:
            record = _proposal(name, document, phase_ids, diagnostics)
            target = proposals
        else:
            record = _poll(name, document, diagnostics)
            target = polls
        if record is not None:
            target[name] = record
    acts = _acts(files, proposals, polls, diagnostics)
    archive = Archive(str(files.root), members, proposals, polls, tuple(acts))
    return archive, diagnostics


def _members(document, diagnostics) -> dict:
    members = {}
    if document is None:
        return members
    if document.yaml.value is None:
        return members
    if not isinstance(document.yaml.value, dict):
        diagnostics.append(diagnostic("not-a-mapping", document.path))
        return members
    owner_of_email = {}
    for handle in document.yaml.value:
        line = document.yaml.line_of(handle)
        if not HANDLE_PATTERN.match(str(handle)):
            diagnostics.append(diagnostic("bad-handle", document.path, line, name=handle))
            continue
        if handle.lower() in members:
            other = members[handle.lower()].handle
            diagnostics.append(diagnostic("duplicate-handle", document.path, line, name=handle, other=other))
            continue
        fields = Fields(document.path, document.yaml, MEMBER_FIELDS, (handle,))
        name = fields.text("name") or handle
        emails = tuple(e.strip().lower() for e in fields.texts("emails"))
        for email in emails:
            if email in owner_of_email and owner_of_email[email] != handle:
                fields.report("duplicate-email", "emails", value=email, other=owner_of_email[email])
            owner_of_email.setdefault(email, handle)
        roles = fields.texts("roles")
        for role in roles:
            if role not in ROLES:
                fields.report("unknown-role", "roles", value=role, allowed=", ".join(ROLES))
        diagnostics.extend(fields.diagnostics)
        members[handle.lower()] = Member(handle, name, emails, roles, document.path, line)
    return members


def _proposal(name, document, phase_ids, diagnostics) -> Proposal | None:
    fields = Fields(document.path, document.yaml, PROPOSAL_FIELDS)
    title = fields.text("title", required=True)
    proposer = fields.handle("proposer", required=True)
    proposed = fields.date("proposed", required=True)
    endorse_until = fields.date("endorse_until")
    fields.date_order("proposed", proposed, "endorse_until", endorse_until)
    tags = fields.texts("tags")
    status = fields.choice("status", STATUSES)
    phase = fields.text("phase")
    if phase and phase_ids and phase not in phase_ids:
        fields.report("unknown-phase", "phase", value=phase)
    diagnostics.extend(fields.diagnostics)
    if None in (title, proposer, proposed):
        return None
    return Proposal(
        name, title, proposer, proposed, endorse_until, tags, status, phase,
        document.body, document.path, document.body_line,
    )


def _poll(name, document, diagnostics) -> Poll | None:
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


def _acts(files, proposals, polls, diagnostics) -> list[ActFile]:
    acts, seen = [], {}
    for entry in files.acts:
        handle = entry.name[: -len(".yml")] if entry.name.endswith(".yml") else None
        if handle is None or not HANDLE_PATTERN.match(handle):
            diagnostics.append(diagnostic("bad-act-file", entry.path, name=entry.name))
            continue
        key = (entry.kind, entry.record_id, handle.lower())
        if key in seen:
            diagnostics.append(diagnostic("duplicate-handle", entry.path, name=entry.name, other=seen[key]))
            continue
        seen[key] = entry.name
        poll = polls.get(entry.record_id) if entry.kind == POLL_KIND else None
        if entry.document is not None:
            diagnostics.extend(act_diagnostics(entry.kind, entry.document, poll))
        acts.append(ActFile(entry.kind, entry.record_id, handle, entry.path))
    return acts


def act_diagnostics(kind: str, document, poll: Poll | None = None) -> list:
    """What is wrong with one act file's content; empty when it can be counted."""
    if kind == PROPOSAL_KIND:
        fields = Fields(document.path, document.yaml, ENDORSEMENT_FIELDS)
        fields.text("comment")
    else:
        fields = Fields(document.path, document.yaml, BALLOT_FIELDS)
        _ballot_choices(fields, poll)
    if fields.present("source") and fields.values["source"] != OFFLINE_SOURCE:
        fields.report("bad-source", "source")
    return fields.diagnostics


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


def is_offline(document) -> bool:
    """Whether an act file says a maintainer entered it for someone."""
    value = document.yaml.value if document is not None else None
    return isinstance(value, dict) and value.get("source") == OFFLINE_SOURCE
