"""Opinions (의견) on proposals, polls and experiments, and endorsements of opinions (공감).

An opinion is `<record folder>/opinions/<handle>.<n>.md`: optional front matter
(`reply_to: <opinion id>`, `source: offline`), then its Markdown text. Its id is
the file name without `.md` (`heidi.1`), compared case-insensitively. Endorsing
opinions is `<record folder>/opinion-endorsements/<handle>.yml` with
`opinions: [dandi.1, heidi.2]`.

What one file says is checked here for `check` and the tally alike. Whether the
opinions a file names exist is a link between acts (`links`), only warned
about: an author deleting their own opinion must not break the replies and
endorsements other people wrote, which nobody else may edit for them.
"""

from collections import defaultdict

from ..constants import OPINION, OPINION_ENDORSEMENT
from ..diagnostics import diagnostic
from .fields import Fields

OPINION_FIELDS = {"reply_to", "source"}
OPINION_ENDORSEMENT_FIELDS = {"opinions", "source"}


def opinion_id(path: str) -> str:
    """The id of an opinion file: proposals/x/opinions/Heidi.1.md -> 'heidi.1'."""
    return path.rsplit("/", 1)[-1].removesuffix(".md").lower()


def author_of(opinion: str) -> str:
    """The handle part of an opinion id: 'heidi.1' -> 'heidi'."""
    return opinion.rsplit(".", 1)[0]


def opinion_rules(fields: Fields, record) -> None:
    """`reply_to` names another opinion, never this one."""
    reply_to = fields.text("reply_to")
    if reply_to is not None and reply_to.lower() == opinion_id(fields.path):
        fields.report("reply-to-self", "reply_to", value=reply_to)


def opinion_body_diagnostics(document) -> list:
    """An opinion needs text below its front matter."""
    if document.body.strip():
        return []
    return [diagnostic("opinion-empty", document.path, document.body_line)]


def opinion_endorsement_rules(fields: Fields, record) -> None:
    """`opinions` lists at least one opinion id."""
    if fields.values.get("opinions") == []:
        fields.report("empty-field", "opinions", field="opinions")
    elif fields.given("opinions", required=True):
        fields.texts("opinions")


def _listed_opinions(content) -> list:
    """The entries of an endorsement's `opinions`, one written as plain text included."""
    listed = content.get("opinions") if isinstance(content, dict) else None
    if isinstance(listed, str):
        return [listed]
    return listed if isinstance(listed, list) else []


def links(archive) -> list:
    """Replies and endorsements naming an opinion the record does not have; own opinions endorsed."""
    opinions = defaultdict(set)
    for act in archive.acts:
        if act.kind.endswith(OPINION):
            opinions[(act.kind, act.record_id)].add(opinion_id(act.path))
    found = []
    for act in archive.acts:
        if act.document is None:
            continue
        if act.kind.endswith(OPINION):
            found += _reply_links(act, opinions[(act.kind, act.record_id)])
        elif act.kind.endswith(OPINION_ENDORSEMENT):
            opinion_kind = act.kind.removesuffix(OPINION_ENDORSEMENT) + OPINION
            found += _endorsement_links(act, opinions[(opinion_kind, act.record_id)])
    return found


def _reply_links(act, opinions: set) -> list:
    content = act.document.yaml.value
    reply_to = content.get("reply_to") if isinstance(content, dict) else None
    if not isinstance(reply_to, (str, int)) or isinstance(reply_to, bool) or str(reply_to).lower() in opinions:
        return []
    return [diagnostic("reply-to-unknown", act.path, act.document.yaml.line_of("reply_to"), value=reply_to)]


def _endorsement_links(act, opinions: set) -> list:
    document = act.document.yaml
    listed = _listed_opinions(document.value)
    found = []
    for index, entry in enumerate(listed):
        if not isinstance(entry, (str, int)) or isinstance(entry, bool):
            continue  # reported by the rules of the file
        line = document.line_of("opinions", index)
        if str(entry).lower() not in opinions:
            found.append(diagnostic("endorsed-opinion-unknown", act.path, line, value=entry))
        elif author_of(str(entry).lower()) == act.handle.lower():
            found.append(diagnostic("endorsed-own-opinion", act.path, line, value=entry))
    return found
