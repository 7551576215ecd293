"""data/proposals.json: the open-data export, a stable public contract.

Keys (documented for readers on the 자료 page and in docs/data.md):
id, title, proposer, proposed, endorse_until, tags, status, stage, form,
life[{stage, date, meeting, poll, experiment}], endorsements, frozen_at,
acts[{handle, counted, reason, level, commit, pr, landed}].
"""

import json

from ..constants import PROPOSAL_KIND
from .proposals import status_of


def proposals_json(archive, counts, settings) -> str:
    items = []
    for proposal in sorted(archive.proposals.values(), key=lambda p: p.id):
        record = counts.records[(PROPOSAL_KIND, proposal.id)]
        items.append(
            {
                "id": proposal.id,
                "title": proposal.title,
                "proposer": proposal.proposer,
                "proposed": proposal.proposed.isoformat(),
                "endorse_until": proposal.endorse_until.isoformat() if proposal.endorse_until else None,
                "tags": list(proposal.tags),
                "status": status_of(proposal, settings.today),
                "stage": proposal.stage,
                "form": proposal.form,
                "life": [life_json(step) for step in proposal.life],
                "endorsements": record.count,
                "frozen_at": record.frozen_at.sha if record.frozen_at else None,
                "acts": [act_json(act, settings.timezone) for act in record.acts],
            }
        )
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def life_json(step) -> dict:
    return {
        "stage": step.stage,
        "date": step.date.isoformat() if step.date else None,
        "meeting": step.meeting,
        "poll": step.poll,
        "experiment": step.experiment,
    }


def act_json(act, zone) -> dict:
    return {
        "handle": act.handle,
        "counted": act.counted,
        "reason": act.reason,
        "level": act.level,
        "commit": act.commit,
        "pr": act.pr,
        "landed": act.landed.astimezone(zone).isoformat() if act.landed else None,
    }
