"""`act_fields:` the fields a record's acts carry beyond those of their kind.

A public letter asks each signer for a name and a page. Its proposal says so
once, and every signature file may then hold them:

    act_fields:
      name: {type: text, label: 이름}
      link: {type: url, label: 누리집}
      group: {type: choice, label: 소속, choices: [개인, 단체]}
      note: text                   # the short form: a type alone, labelled by its name

Every declared field is optional on an act. A proposal declares them for its
endorsements, a poll for its ballots, a meeting for its sign-ups (never for
opinions); declaring them changes what citizens may write, so it is a
maintainer's field (permissions.py). `declared` reads a record's declaration,
`read_values` checks an act file against it (`check` and the tally alike), and
`act_values` gives what the pages and the open data show.
"""

import re
from urllib.parse import urlsplit

from ..constants import ACT_LAYOUT
from ..diagnostics import diagnostic
from ..records import ActField
from .fields import Fields, text_problem

FIELD_TYPES = ("text", "url", "choice")
"""text: one line; url: an http or https address, shown as a link; choice: one of the field's `choices`."""
DECLARATION_FIELDS = {"type", "label", "choices"}
NAME_PATTERN = re.compile(r"[a-z][a-z0-9_]{0,31}\Z")
MAX_FIELDS = 20
"""Fields one record may declare: each is read on every one of its (maybe thousands of) acts."""
EVERY_ACT = {"source", "handle"}
"""Fields every act kind has (a maintainer's `source: offline`, the actor's `handle:`): never declared."""
WEB_SCHEMES = ("http", "https")
UNSAFE_IN_ADDRESS = re.compile(r"[\s<>\"'`\\]")
"""What a browser strips from an address or reads as the end of an attribute: never in a `url` value."""


def declared(fields: Fields, own: set) -> tuple[ActField, ...]:
    """The record's `act_fields:`; `own` are the fields its acts have already (never declared again)."""
    if not fields.present("act_fields"):
        return ()
    raw = fields.values["act_fields"]
    if not isinstance(raw, dict) or not raw:
        fields.report("bad-act-fields", "act_fields")
        return ()
    if len(raw) > MAX_FIELDS:
        fields.report("too-many-items", "act_fields", field="act_fields", limit=MAX_FIELDS)
        return ()
    found = (_declaration(fields, name, written, own) for name, written in raw.items())
    return tuple(field for field in found if field is not None)


def _declaration(fields: Fields, name: str, written, own: set) -> ActField | None:
    """One declared field, `name: text` or `name: {type: choice, label: 소속, choices: [개인, 단체]}`;
    None, with a diagnostic at its line, when it cannot be one."""
    key = (*fields.prefix, "act_fields", name)
    line = fields.document.line_of(*key)

    def refuse(slug: str, **values) -> None:
        fields.diagnostics.append(diagnostic(slug, fields.path, line, name=name, **values))

    if not NAME_PATTERN.match(name):
        return refuse("bad-act-field-name")
    if name in own | EVERY_ACT:
        return refuse("act-field-reserved")
    label, choices = name, ()
    if isinstance(written, dict):
        entry = Fields(fields.path, fields.document, DECLARATION_FIELDS, key)
        written, label, choices = entry.text("type", required=True), entry.text("label") or name, entry.texts("choices")
        fields.diagnostics.extend(entry.diagnostics)
        if written is None:
            return None
    if written not in FIELD_TYPES:
        return refuse("bad-act-field-type", value=written if isinstance(written, str) else "")
    if written == "choice" and not choices:
        return refuse("act-field-choices")
    if written != "choice" and choices:
        refuse("act-field-choices-ignored", type=written)
    return ActField(name, written, label, choices if written == "choice" else (), line)


def declared_for(kind: str, record) -> tuple[ActField, ...]:
    """The fields `record` declares for its acts of `kind`: its main acts only, never opinions."""
    if record is None or ACT_LAYOUT[kind][0] != kind:
        return ()
    return getattr(record, "act_fields", ())


def read_values(fields: Fields, declared_fields) -> None:
    """Check each declared field an act file holds by its type; what is wrong is said at its line."""
    for field in declared_fields:
        _, problem = checked(field, fields.values.get(field.name))
        if problem is not None:
            fields.report(problem[0], field.name, **problem[1])


def checked(field: ActField, raw) -> tuple[str | None, tuple[str, dict] | None]:
    """(the value as text, None) when `raw` is a good value of `field`, (None, (slug, values)) when it is
    not, and (None, None) when there is none: every declared field is optional."""
    if raw is None or raw == "":
        return None, None
    if isinstance(raw, bool) or not isinstance(raw, (str, int, float)):
        return None, ("not-text", {"field": field.name})
    value = str(raw)
    problem = text_problem(field.name, value)
    if problem is None and field.type == "url" and not is_web_address(value):
        problem = "not-a-web-address", {"field": field.name, "value": value}
    if problem is None and field.type == "choice" and value not in field.choices:
        problem = "bad-value", {"field": field.name, "value": value, "allowed": ", ".join(field.choices)}
    return (None, problem) if problem else (value, None)


def is_web_address(value: str) -> bool:
    """An http or https address with a host and no user name: nothing a page could run, nothing that
    hides where it leads (`https://bank.example@evil.example`)."""
    if UNSAFE_IN_ADDRESS.search(value):
        return False
    try:
        parts = urlsplit(value)
        host = parts.hostname
    except ValueError:  # a malformed [IPv6] host
        return False
    return parts.scheme.lower() in WEB_SCHEMES and bool(host) and "@" not in parts.netloc


def act_values(declared_fields, content) -> dict[str, str | None]:
    """Every declared field with the act's value, None where it holds none or a wrong one.

    The pages and the open data read values here, never from the file directly: a
    late act is shown as it landed, unchecked by the tally, and must not show more."""
    content = content if isinstance(content, dict) else {}
    return {field.name: checked(field, content.get(field.name))[0] for field in declared_fields}
