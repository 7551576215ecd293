"""proposals/<id>/answers/<n>.md: the official answers a proposal received.

    ---
    by: org:도서관정책과       # or a member's handle
    date: 2020-12-10
    state: accepted            # reviewing 검토 중 · accepted 수용 · partly 부분 수용 · declined 불수용
    ---
    The answer, in Markdown.

Who may write one (a maintainer or a member with the `answerer` role, and only
a maintainer in a department's name) is the pull request check's
(permissions.py, review.py); here the file itself is judged.
"""

from ..constants import ANSWER_NAME, ANSWER_STATES, HANDLE_PATTERN, ORG_PREFIX
from ..diagnostics import diagnostic
from ..records import Answer
from .fields import Fields

ANSWER_FIELDS = {"by", "date", "state"}


def answers(files, archive, diagnostics) -> dict[str, tuple[Answer, ...]]:
    """Every readable answer of every proposal, by proposal id and number."""
    found = {}
    for (proposal_id, name), document in sorted(files.answers.items()):
        path = f"proposals/{proposal_id}/answers/{name}"
        match = ANSWER_NAME.match(name)
        if not match:
            diagnostics.append(diagnostic("bad-answer-name", path, name=name))
            continue
        if document is None:
            continue
        answer = _answer(proposal_id, int(match["number"]), document, archive, diagnostics)
        if answer is not None:
            found.setdefault(proposal_id, []).append(answer)
    return {proposal_id: tuple(sorted(items, key=lambda a: a.number)) for proposal_id, items in found.items()}


def _answer(proposal_id: str, number: int, document, archive, diagnostics) -> Answer | None:
    fields = Fields(document.path, document.yaml, ANSWER_FIELDS)
    by = fields.text("by", required=True)
    when = fields.date("date", required=True)
    state = fields.choice("state", ANSWER_STATES) if fields.given("state", True) else None
    if by is not None and not is_answerer_name(by):
        fields.report("bad-answer-by", "by", value=by)
        by = None
    proposal = archive.proposals.get(proposal_id)
    if proposal is not None and when is not None and when < proposal.proposed:
        fields.report("answer-before-proposal", "date", value=when, proposed=proposal.proposed)
    diagnostics.extend(fields.diagnostics)
    if None in (by, when, state):
        return None
    return Answer(proposal_id, number, by, when, state, document.body, document.path, document.body_line)


def is_answerer_name(by: str) -> bool:
    """A handle, or `org:` and a department's name."""
    if by.startswith(ORG_PREFIX):
        return bool(by[len(ORG_PREFIX):].strip())
    return bool(HANDLE_PATTERN.match(by))


def links(archive) -> list:
    """A life step's `answer:` names an answer of the same proposal."""
    found = []
    for proposal in archive.proposals.values():
        numbers = {answer.number for answer in archive.answers.get(proposal.id, ())}
        for step in proposal.life:
            if step.answer is not None and step.answer not in numbers:
                found.append(diagnostic("link-missing", proposal.path, step.line, kind="답변", kind_en="answer",
                                        value=step.answer, where=f"proposals/{proposal.id}/answers/"))
    return found
