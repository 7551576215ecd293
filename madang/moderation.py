"""The moderation log applied: after the tally, before the digest and every output. Pure.

`hide` covers a target's text with "운영진이 가렸습니다: <reason>" (an act's
comment, an opinion's body, the text values of its declared fields, a record's or an
answer's body): the count is unchanged. `void` takes a counted act out of the count,
with the reason `voided` and the entry's words. Both are applied here once, on the
records and counts every page, data file, feed, card, the search index and the book
are made from, so no output can show what the log covered; the log itself is part of
the digest (audit.py), so `recount` reproduces it.
"""

from dataclasses import replace

from .constants import ERASED_TEXT, HIDDEN_TEXT, NEWS_FOLDER, RECORD_LAYOUT
from .i18n import speaking, translated


def moderate(archive, counts, language: str = "ko"):
    """(archive, counts) with every entry of archive.moderation applied, in the log's order; the words that
    cover a text are in the site's `language`. The digest covers acts by blob id (audit.py), never these words."""
    if not archive.moderation:
        return archive, counts
    with speaking(language):
        hidden = {entry.target: translated(HIDDEN_TEXT).format(reason=entry.reason) for entry in archive.moderation
                  if entry.action == "hide"}
        hidden.update({entry.target: translated(ERASED_TEXT).format(number=entry.number)
                       for entry in archive.moderation if entry.action == "erase"})
    voided = {entry.target: entry for entry in archive.moderation if entry.action == "void"}
    records = {key: _moderated(record, hidden, voided) for key, record in counts.records.items()}
    return _hide_records(archive, hidden), replace(counts, records=records)


def _moderated(record, hidden: dict, voided: dict):
    acts = []
    for act in record.acts:
        if act.path in voided and act.counted:
            act = replace(act, counted=False, reason="voided", moderation=voided[act.path].reason)
        if act.path in hidden:
            act = _hidden_act(act, hidden[act.path])
        acts.append(act)
    return replace(record, acts=tuple(acts), count=sum(act.counted for act in acts))


def _hidden_act(act, words: str):
    content = act.content
    if isinstance(content, dict):
        content = {key: words if isinstance(value, str) else value for key, value in content.items()}
    return replace(act, comment=words if act.comment else act.comment, body=words if act.body else act.body,
                   content=content, other=words if act.other else act.other)


def _hide_records(archive, hidden: dict):
    """A record's or an answer's body covered when its file is a `hide` target."""
    changes = {}
    for kind in (*RECORD_LAYOUT, "news"):
        records = archive.records_of(kind)
        covered = {
            record_id: replace(record, body=hidden[_record_file(kind, record_id)])
            for record_id, record in records.items()
            if _record_file(kind, record_id) in hidden and hasattr(record, "body")
        }
        if covered:
            changes[_attribute(kind)] = {**records, **covered}
    answers = {
        proposal_id: tuple(replace(a, body=hidden[a.path]) if a.path in hidden else a for a in items)
        for proposal_id, items in archive.answers.items()
    }
    return replace(archive, answers=answers, **changes)


def _record_file(kind: str, record_id: str) -> str:
    if kind == "news":
        return f"{NEWS_FOLDER}/{record_id}.md"
    folder, record_file = RECORD_LAYOUT[kind]
    return f"{folder}/{record_id}/{record_file}"


def _attribute(kind: str) -> str:
    return {"proposal": "proposals", "poll": "polls", "meeting": "meetings", "experiment": "experiments",
            "jury": "juries", "news": "news"}[kind]
