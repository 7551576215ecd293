"""Open data: every kind of record and act as data/<name>.json and data/<name>.csv.

data/proposals.json and data/polls.json are a stable public contract (keys
never renamed, docs/data.md); the other files follow the same promise. Their
fields, JSON Schemas (data/schemas/<name>.schema.json) and field pages
(data/<name>.md) all come from one table, datafields.py.
"""

from ..constants import ACT_LAYOUT, MEETING_KIND, OPINION, OPINION_ENDORSEMENT, POLL_KIND, PROPOSAL_KIND
from ..tally import opinion_endorsement_counts, signup_queue
from ..validate.actfields import act_values
from ..validate.opinions import opinion_id
from .datafields import DATA_FILES, csv_text, rows_of, schema_text
from ..i18n import _, translated
from .format import text
from .jsonfile import json_file
from .meetings import attendance
from .meetings import status_of as meeting_status
from .proposals import status_of
from .scores import scores_of


def proposal_items(archive, counts, settings) -> list[dict]:
    """data/proposals.json: one item per proposal, by id."""
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
                "acts": [
                    {**act_json(act, settings.timezone), "fields": act_values(proposal.act_fields, act.content)}
                    for act in record.acts
                ],
                "act_fields": declared_json(proposal.act_fields),
            }
        )
    return items


def life_json(step) -> dict:
    return {
        "stage": step.stage,
        "date": step.date.isoformat() if step.date else None,
        "meeting": step.meeting,
        "poll": step.poll,
        "experiment": step.experiment,
        "answer": step.answer,
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


def declared_json(declared) -> list[dict]:
    """A record's `act_fields:` as open data (datafields.DECLARED)."""
    return [{"name": f.name, "type": f.type, "label": f.label, "choices": list(f.choices)} for f in declared]


def data_files(archive, counts, settings, poll_items: list[dict], answer_items: list[dict]) -> dict[str, str]:
    """Every data file: JSON, CSV, schema and field page of each kind (datafields.DATA_FILES).

    `poll_items` are data/polls.json's (polls.poll_items, which imports this module for `act_json`).
    """
    nested = {"proposals": proposal_items(archive, counts, settings), "polls": poll_items, "answers": answer_items}
    files = {}
    for data_file in DATA_FILES:
        name = data_file.name
        if name in nested:
            items = nested[name]
            files[f"data/{name}.json"] = json_file(items)
            rows = CSV_ROWS[name](items)
        else:
            rows = ROWS[name](archive, counts, settings)
            files[f"data/{name}.json"] = json_file(rows)
        if name != "attendance":  # data/attendance.csv is the meetings board's (meetings.attendance_csv)
            files[f"data/{name}.csv"] = csv_text(data_file, rows)
        files[f"data/schemas/{name}.schema.json"] = schema_text(data_file)
        files[f"data/{name}.md"] = fields_page(data_file)
    return files


def _day(value) -> str | None:
    return value.isoformat() if value else None


def _acts(counts, kind: str):
    """(record id, act) of every act of one kind, by record id then path."""
    for (act_kind, record_id), record in sorted(counts.records.items()):
        if act_kind == kind:
            for act in record.acts:
                yield record_id, act


def endorsement_rows(archive, counts, settings) -> list[dict]:
    return [
        {"proposal": record_id, **act_json(act, settings.timezone), "comment": act.comment,
         "fields": act_values(archive.proposals[record_id].act_fields, act.content)}
        for record_id, act in _acts(counts, PROPOSAL_KIND)
    ]


def ballot_rows(archive, counts, settings) -> list[dict]:
    return [
        {"poll": record_id, **act_json(act, settings.timezone), "choices": list(act.choices), "other": act.other,
         "scores": scores_of(act), "fields": act_values(archive.polls[record_id].act_fields, act.content)}
        for record_id, act in _acts(counts, POLL_KIND)
    ]


def meeting_rows(archive, counts, settings) -> list[dict]:
    rows = []
    for meeting in sorted(archive.meetings.values(), key=lambda m: (m.start, m.id)):
        confirmed, waiting = signup_queue(meeting, counts.records[(MEETING_KIND, meeting.id)])
        rows.append({
            "id": meeting.id, "title": meeting.title,
            "start": meeting.start.replace(tzinfo=settings.timezone).isoformat(),
            "end": meeting.end.replace(tzinfo=settings.timezone).isoformat(),
            "place": meeting.place, "online": meeting.online, "capacity": meeting.capacity,
            "signup_until": _day(meeting.signup_until), "phase": meeting.phase,
            "status": meeting_status(meeting, settings.today), "confirmed": len(confirmed), "waiting": len(waiting),
            "attendees": list(meeting.attendees), "decisions": list(meeting.decisions),
            "proposals": list(meeting.proposals), "act_fields": declared_json(meeting.act_fields),
        })
    return rows


def signup_rows(archive, counts, settings) -> list[dict]:
    places = {}
    for meeting in archive.meetings.values():
        confirmed, waiting = signup_queue(meeting, counts.records[(MEETING_KIND, meeting.id)])
        places.update({act.path: "confirmed" for act in confirmed} | {act.path: "waiting" for act in waiting})
    return [
        {"meeting": record_id, **act_json(act, settings.timezone), "place": places.get(act.path),
         "fields": act_values(archive.meetings[record_id].act_fields, act.content)}
        for record_id, act in _acts(counts, MEETING_KIND)
    ]


def task_rows(archive, counts, settings) -> list[dict]:
    return [
        {"meeting": meeting.id, "text": task.text, "owner": task.owner, "due": _day(task.due), "done": task.done}
        for meeting in sorted(archive.meetings.values(), key=lambda m: (m.start, m.id))
        for task in meeting.tasks
    ]


def attendance_rows(archive, counts, settings) -> list[dict]:
    meetings = sorted(archive.meetings.values(), key=lambda m: (m.start, m.id))
    return [
        {"handle": handle, "name": name, "meetings_attended": len(attended), "meeting_ids": [m.id for m in attended]}
        for handle, name, attended in attendance(meetings, archive.members)
    ]


def experiment_rows(archive, counts, settings) -> list[dict]:
    return [
        {
            "id": e.id, "title": e.title, "proposals": list(e.proposals), "status": e.status, "phase": e.phase,
            "budget": e.budget, "team": [{"handle": handle, "role": role} for handle, role in e.team],
            "steps": [{"step": s.step, "state": s.state, "date": _day(s.date)} for s in e.steps],
            "card_news": list(e.card_news), "videos": list(e.videos),
        }
        for e in sorted(archive.experiments.values(), key=lambda e: e.id)
    ]


def news_rows(archive, counts, settings) -> list[dict]:
    return [
        {"id": p.id, "title": p.title, "date": p.date.isoformat(), "author": p.author, "phase": p.phase,
         "tags": list(p.tags)}
        for p in sorted(archive.news.values(), key=lambda p: (p.date, p.id))
    ]


def opinion_rows(archive, counts, settings) -> list[dict]:
    rows = []
    for record_kind in _opinion_record_kinds():
        for record_id, act in _acts(counts, record_kind + OPINION):
            endorsed = opinion_endorsement_counts(counts.records.get((record_kind + OPINION_ENDORSEMENT, record_id)))
            reply_to = (act.content or {}).get("reply_to")
            rows.append({
                "record_kind": record_kind, "record": record_id, "id": opinion_id(act.path),
                **act_json(act, settings.timezone),
                "reply_to": str(reply_to).lower() if reply_to not in (None, "") else None,
                "endorsements": endorsed.get(opinion_id(act.path), 0) if act.counted else 0,
                "body": act.body,
            })
    return rows


def opinion_endorsement_rows(archive, counts, settings) -> list[dict]:
    rows = []
    for record_kind in _opinion_record_kinds():
        for record_id, act in _acts(counts, record_kind + OPINION_ENDORSEMENT):
            listed = (act.content or {}).get("opinions") or []
            listed = [listed] if isinstance(listed, str) else listed
            rows.append({"record_kind": record_kind, "record": record_id, **act_json(act, settings.timezone),
                         "opinions": [str(entry).lower() for entry in listed]})
    return rows


def _opinion_record_kinds() -> list[str]:
    return [ACT_LAYOUT[kind][0] for kind in ACT_LAYOUT if kind.endswith(OPINION)]


def member_rows(archive, counts, settings) -> list[dict]:
    """Handles, and the names and roles each person agreed to publish (`public:`): never the e-mails."""
    return [{"handle": m.handle, "name": m.shown_name, "roles": list(m.shown_roles), "public": sorted(m.public)}
            for m in archive.members.values()]


def proposal_csv_rows(items: list[dict]) -> list[dict]:
    return items


def poll_csv_rows(items: list[dict]) -> list[dict]:
    """One row per poll and option: its counted votes (and mean score for a score poll)."""
    return [
        {"poll": item["id"], "question": item["question"], "type": item.get("type", "choice"),
         "status": item["status"], "participants": item["participants"], "option": option["id"],
         "label": option["label"], "proposal": option.get("proposal"), "votes": option["votes"],
         "total": option.get("total")}
        for item in items
        for option in item["options"]
    ]


ROWS = {
    "endorsements": endorsement_rows, "ballots": ballot_rows, "meetings": meeting_rows, "signups": signup_rows,
    "tasks": task_rows, "attendance": attendance_rows, "experiments": experiment_rows, "news": news_rows,
    "opinions": opinion_rows, "opinion-endorsements": opinion_endorsement_rows, "members": member_rows,
}
CSV_ROWS = {"proposals": proposal_csv_rows, "polls": poll_csv_rows, "answers": list}


def fields_page(data_file) -> str:
    """data/<name>.md: what each field of one file means, in the site's language."""
    name = data_file.name
    downloads = [f"[JSON]({name}.json)", f"[CSV]({name}.csv)", f"[JSON Schema](schemas/{name}.schema.json)"]
    lines = [
        f"# {name}.json · {translated(data_file.title)}", "",
        _("{what}. 받기: {downloads}", what=translated(data_file.description), downloads=" · ".join(downloads)), "",
        csv_note(), "",
    ]
    if data_file.csv_columns:
        lines += [_("CSV 열: {columns}", columns=", ".join(f"`{column}`" for column in data_file.csv_columns)), ""]
    lines += ["| " + " | ".join([_("키"), _("형식"), _("뜻")]) + " |", "| --- | --- | --- |"]
    lines += [f"| `{key}` | {kind} | {meaning} |" for key, kind, meaning in rows_of(data_file.fields)]
    lines += ["", "[← " + _("모든 자료") + "](index.md)"]
    return "\n".join(lines) + "\n"


def csv_note() -> str:
    return _("CSV는 UTF-8 (BOM 포함)이라 엑셀에서 한글이 그대로 열립니다. 목록은 `;`로 잇고, 객체는 JSON 글로, "
             "`null`은 빈 칸으로 적습니다.")


def data_index(settings) -> list[str]:
    """The 자료 page's sections on every data file (its field page, JSON, CSV, schema), the
    feeds, the book when the site carries it, and the licence the archive declares."""
    lines = ["## " + _("모든 자료"), "", "| " + _("자료") + " | " + _("받기") + " |", "| --- | --- |"]
    for data_file in DATA_FILES:
        name = data_file.name
        schema_link = "[" + _("스키마") + f"](schemas/{name}.schema.json)"
        links = [f"[JSON]({name}.json)", f"[CSV]({name}.csv)", schema_link]
        lines.append(f"| [{translated(data_file.title)}]({name}.md) | {' · '.join(links)} |")
    lines += ["", csv_note(), "", "## " + _("피드와 책"), ""]
    lines += [
        "- [" + _("새 제안 Atom 피드") + "](../proposals/atom.xml)",
        "- [" + _("결과 Atom 피드") + "](../results.xml) — " + _("마감한 투표, 공감 마감, 실험장 선정"),
    ]
    if settings.book:
        # raw HTML: MkDocs checks Markdown links against its files, and book.pdf is added after it builds
        lines.append('- <a href="../book.pdf">' + _("책 (PDF)") + "</a> — " + _("모든 기록을 인쇄용으로"))
    lines += ["", "## " + _("이용 허락"), "", _licence(settings), ""]
    return lines


def _licence(settings) -> str:
    if settings.license is None:
        return _("이 아카이브는 이용 허락(라이선스)을 밝히지 않았습니다. 다시 쓰기 전에 운영자에게 물어 주세요.")
    name, url = settings.license
    shown = f"[{text(name)}]({url})" if url else text(name)
    return _("이 아카이브의 기록과 공개 데이터는 {licence}에 따라 쓸 수 있습니다.", licence=shown)
