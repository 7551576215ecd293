"""Act files: named after their actor, each read by the rules of its kind.

`ACT_RULES` maps an act kind to the fields its file may have and a function
reading them against the record it belongs to; the same rules judge a file in
the working tree (`check`) and every version of it in git (the tally).
"""

from datetime import date

from ..constants import (
    ACT_LAYOUT, HANDLE_PATTERN, MEETING_KIND, OFFLINE_SOURCE, OPINION, OPINION_ENDORSEMENT, POLL_KIND, PROPOSAL_KIND,
    act_actor, act_handle, act_name, is_multiple,
)
from ..diagnostics import diagnostic
from ..records import ActFile
from .actfields import declared_for, read_values
from .fields import Fields, bad_name, parse_date
from .jury import APPLICATION_FIELDS, application_rules
from .meetings import RSVP_FIELDS, rsvp_rules
from .opinions import (
    OPINION_ENDORSEMENT_FIELDS, OPINION_FIELDS, opinion_body_diagnostics, opinion_endorsement_rules, opinion_rules,
)
from .polls import BALLOT_FIELDS, ballot_rules
from .proposals import ENDORSEMENT_FIELDS, endorsement_rules

ACT_RULES = {
    PROPOSAL_KIND: (ENDORSEMENT_FIELDS, endorsement_rules),
    POLL_KIND: (BALLOT_FIELDS, ballot_rules),
    MEETING_KIND: (RSVP_FIELDS, rsvp_rules),
    "jury": (APPLICATION_FIELDS, application_rules),
}
for _kind in ACT_LAYOUT:
    if _kind.endswith(OPINION):
        ACT_RULES[_kind] = (OPINION_FIELDS, opinion_rules)
    elif _kind.endswith(OPINION_ENDORSEMENT):
        ACT_RULES[_kind] = (OPINION_ENDORSEMENT_FIELDS, opinion_endorsement_rules)
"""act kind -> (fields its file may have, rules(fields, record) reading them)."""


def acts(files, archive, diagnostics) -> list[ActFile]:
    """The act files of the working tree, each with its actor (constants.act_actor) and read by its rules.

    One person holds one act of a kind on a record (opinions excepted: several
    per person); handles compare case-insensitively.
    """
    found, seen = [], {}
    aliases = archive.aliases
    for entry in files.acts:
        content = entry.document.yaml.value if entry.document is not None else None
        handle = act_actor(entry.kind, entry.name, content, aliases)
        if handle is None and not _names_handle(content):
            diagnostics.append(bad_name("bad-act-file", entry.path, 1, entry.name))
            continue
        if handle is None:  # a `handle:` that is no login: its own rule says so (act_diagnostics)
            handle = act_name(entry.kind, entry.name)
        key = (entry.kind, entry.record_id, (entry.name if is_multiple(entry.kind) else handle).lower())
        if key in seen:
            diagnostics.append(diagnostic("duplicate-handle", entry.path, name=entry.name, other=seen[key]))
            continue
        seen[key] = entry.name
        if entry.document is not None:
            diagnostics.extend(act_diagnostics(entry.kind, entry.document, record_of(archive, entry.kind, entry.record_id)))
        found.append(ActFile(entry.kind, entry.record_id, handle, entry.path, entry.document))
    return found


def _names_handle(content) -> bool:
    """Whether an act file's content has a `handle:` field (right or wrong)."""
    return isinstance(content, dict) and content.get("handle") is not None


def record_of(archive, kind: str, record_id: str):
    """The record an act of `kind` belongs to, or None when it is missing or invalid."""
    return archive.records_of(ACT_LAYOUT[kind][0]).get(record_id)


PAPER_DAY = "on"
"""An offline act's field: the day it was made on paper (`on: 2020-09-20`), when it lands later."""


def paper_day(content) -> date | None:
    """The day an act transcribed from paper was made (`on:`); None unless the file is offline and says a day.
    The pages show it beside the landing and the charts place the act on it; counting keeps the landing."""
    if not isinstance(content, dict) or content.get("source") != OFFLINE_SOURCE:
        return None
    return parse_date(content.get(PAPER_DAY))


def paper_days_after(acts, latest) -> list:
    """`on-after-landing` for every act file whose paper day is after `latest(path)`: the day it landed (the build
    reads it from git) or, for `check`, today (it cannot land earlier)."""
    found = []
    for act in acts:
        made = paper_day(act.document.yaml.value) if act.document is not None else None
        landed = latest(act.path) if made is not None else None
        if landed is not None and made > landed:
            found.append(diagnostic("on-after-landing", act.path, act.document.yaml.line_of(PAPER_DAY),
                                    on=made.isoformat(), landed=landed.isoformat()))
    return found


def act_diagnostics(kind: str, document, record=None) -> list:
    """What is wrong with one act file's content; empty when it can be counted."""
    known, rules = ACT_RULES[kind]
    declared = declared_for(kind, record)
    known = known | {field.name for field in declared} | {PAPER_DAY}
    fields = Fields(document.path, document.yaml, known if kind.endswith(OPINION) else known | {"handle"})
    rules(fields, record)
    read_values(fields, declared)
    if fields.present("handle"):
        written = str(fields.values["handle"])
        named = act_handle(kind, document.path.rsplit("/", 1)[-1])
        if not HANDLE_PATTERN.match(written):
            fields.report("bad-act-handle", "handle")
        elif named is not None and named.lower() != written.lower():
            fields.report("act-handle-differs", "handle", name=named, handle=written)
    if kind.endswith(OPINION):
        fields.diagnostics.extend(opinion_body_diagnostics(document))
    if fields.present("source") and fields.values["source"] != OFFLINE_SOURCE:
        fields.report("bad-source", "source")
    if fields.present(PAPER_DAY) and fields.date(PAPER_DAY) is not None and not is_offline(document):
        fields.report("on-needs-offline", PAPER_DAY)
    return fields.diagnostics


def is_offline(document) -> bool:
    """Whether an act file says a maintainer entered it for someone."""
    value = document.yaml.value if document is not None else None
    return isinstance(value, dict) and value.get("source") == OFFLINE_SOURCE
