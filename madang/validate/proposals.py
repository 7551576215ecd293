"""proposals/<id>/proposal.md and its endorsements."""

from ..constants import STATUSES
from ..records import Proposal
from .fields import Fields

PROPOSAL_FIELDS = {"title", "proposer", "proposed", "endorse_until", "tags", "status", "phase"}
ENDORSEMENT_FIELDS = {"comment", "source"}


def proposal(name, document, context, diagnostics) -> Proposal | None:
    fields = Fields(document.path, document.yaml, PROPOSAL_FIELDS)
    title = fields.text("title", required=True)
    proposer = fields.handle("proposer", required=True)
    proposed = fields.date("proposed", required=True)
    endorse_until = fields.date("endorse_until")
    fields.date_order("proposed", proposed, "endorse_until", endorse_until)
    tags = fields.texts("tags")
    status = fields.choice("status", STATUSES)
    phase = fields.text("phase")
    if phase and context.phase_ids and phase not in context.phase_ids:
        fields.report("unknown-phase", "phase", value=phase)
    diagnostics.extend(fields.diagnostics)
    if None in (title, proposer, proposed):
        return None
    return Proposal(
        name, title, proposer, proposed, endorse_until, tags, status, phase,
        document.body, document.path, document.body_line,
    )


def endorsement_rules(fields: Fields, record) -> None:
    """An endorsement may be empty; `comment` is its only field of its own."""
    fields.text("comment")


def links(archive) -> list:
    return []
