"""The members page (참여자): each person's name, roles and counted acts, linked to the records.

Members (members.yml) come first, in the order the file lists them, each with
a short list of links per kind of act; then anyone else who proposed or whose
act was counted, by handle, one line of counts each, PAGE_SIZE to a page, so no
page grows with the archive and each reads on a phone.
"""

from collections import defaultdict

from ..constants import ACT_LAYOUT, JOIN_FOLDER, OPINION, ROLES
from .actions import HANDLE, act_block, handle_form, yaml_comment
from .format import person, text
from .paging import PAGE_SIZE, page_file, pager
from ..i18n import _, ngettext

WRITTEN = "written"
GROUPS = {
    WRITTEN: lambda n: ngettext("제안 {n}건", "제안 {n}건", n),
    "proposal": lambda n: ngettext("공감 {n}건", "공감 {n}건", n),
    "poll": lambda n: ngettext("투표 {n}건", "투표 {n}건", n),
    "meeting": lambda n: ngettext("모임 신청 {n}건", "모임 신청 {n}건", n),
    OPINION: lambda n: ngettext("의견 {n}건", "의견 {n}건", n),
}
"""group -> how many of it a person did, in words (공감 3건), in the order shown. OPINION groups every
record's opinions."""
RECORD_PAGES = {
    "proposal": "proposals/{}.md",
    "poll": "polls/{}.md",
    "meeting": "meetings/{}/index.md",
    "experiment": "experiments/{}/index.md",
}
LINKS_SHOWN = 10
"""Records linked per line; the count tells the rest."""


def pages(archive, counts, history, settings) -> dict[str, str]:
    """members.md (members, then the first others), members-2.md … (the rest of the others)."""
    acts = acts_by_person(archive, counts)
    others = sorted(handle for handle in acts if handle not in archive.members)
    count = max(1, -(-len(others) // PAGE_SIZE))
    return {
        page_file("members.md", number): members_page(
            archive, acts, others[(number - 1) * PAGE_SIZE : number * PAGE_SIZE], number, count,
            join_section(archive, settings) if number == 1 else [],
        )
        for number in range(1, count + 1)
    }


def members_page(archive, acts, others, number: int, count: int, join: list[str]) -> str:
    """`join`: the 가입 신청 section (join_section), on the first page only."""
    lines = [
        "# " + (_("참여자") if number == 1 else _("{title} ({number}쪽)", title=_("참여자"), number=number)), "",
        _("함께한 사람들과 그들의 참여입니다. 집계된 참여만 보입니다."), "",
    ]
    if number == 1:
        lines += ["## " + _("멤버"), ""]
        if not archive.members:
            lines += [_("모임 명단(members.yml)에 적힌 멤버가 없습니다."), ""]
        for key, member in archive.members.items():
            roles = _roles_text(member)
            lines += [f"### {person(member.handle, archive.members)}", "", _("역할: {roles}", roles=roles), ""]
            lines += _act_lines(acts.get(key, {}), archive)
    if others:
        lines += ["## " + _("그 밖에 참여한 사람"), ""]
        lines += [f"- @{text(handle)} — {_counts(acts[handle])}" for handle in others]
        lines.append("")
    lines += join
    if count > 1:
        lines.append(pager("members.md", number, count, ""))
    return "\n".join(lines) + "\n"


def _roles_text(member) -> str:
    """역할: the roles the member published; 비공개 when they did not publish them (MEMBER_PUBLIC)."""
    if "roles" not in member.public:
        return _("비공개")
    return " · ".join(text(ROLES.get(role, role)) for role in member.shown_roles) or "—"


def join_template() -> str:
    """A join request to send as it is or with a name and a word: every field may stay empty, and nothing
    but the handle is public until `public:` says so."""
    return "\n".join((
        'name: ""   ' + yaml_comment(_("이 활동에서 쓸 이름 (닉네임); public에 name을 적어야 사이트에 보입니다")),
        'message: ""   ' + yaml_comment(_("운영진에게 한마디 (비워 둬도 됩니다); 신청을 기다리는 동안 참여자 쪽에 보입니다")),
        "public: []   " + yaml_comment(_("사이트에 보여도 되는 것만: name(이름), roles(역할). 비워 두면 아이디만 보입니다")),
    )) + "\n"


def pending_requests(archive) -> list:
    """Join requests of people members.yml does not list yet: the maintainers' queue."""
    return [request for request in archive.join_requests if request.handle.lower() not in archive.members]


def join_section(archive, settings) -> list[str]:
    """가입 신청: the button opening one's request, and the requests waiting for a maintainer."""
    lines = [
        "## " + _("가입 신청"), "",
        _("모임에 함께하려면 **가입 신청**을 누르세요. 신청서가 열리면 이름과 한마디를 적고(비워 둬도 됩니다) 저장하면, "
          "운영진이 확인한 뒤 참여자 명단(members.yml)에 올립니다. 명단에 오르면 그 신청서는 지워집니다."), "",
        _("사이트에는 아이디와, 신청서의 `public:`에 적은 것(`name` 이름, `roles` 역할)만 보입니다. 운영진은 그 선택을 "
          "명단에 그대로 옮기고, 나중에 본인이 명단의 자기 `public:`을 고칠 수 있습니다. 다만 신청 파일은 공개 저장소에 "
          "남습니다."), "",
        *handle_form(),
        *act_block(settings, _("가입 신청"), f"{JOIN_FOLDER}/{HANDLE}.yml", join_template()),
    ]
    waiting = pending_requests(archive)
    if not waiting:
        return lines + [_("기다리는 가입 신청이 없습니다."), ""]
    lines += ["### " + ngettext("기다리는 가입 신청 ({n}건)", "기다리는 가입 신청 ({n}건)", len(waiting)), ""]
    for request in waiting:
        name = f"{text(request.name)} " if request.name and "name" in request.public else ""
        message = f" — {text(request.message)}" if request.message else ""
        lines.append(f"- {name}@{text(request.handle)}{message}")
    return lines + [""]


def _counts(groups: dict) -> str:
    """공감 3건 · 투표 1건: what one person did, counted."""
    return " · ".join(label(len(groups[group])) for group, label in GROUPS.items() if groups.get(group))


def acts_by_person(archive, counts) -> dict[str, dict[str, list[tuple[str, str]]]]:
    """lower-cased handle -> group -> (record kind, record id) of each proposal written and counted act."""
    acts = defaultdict(lambda: defaultdict(list))
    for proposal in sorted(archive.proposals.values(), key=lambda p: p.id):
        acts[proposal.proposer.lower()][WRITTEN].append(("proposal", proposal.id))
    for (kind, record_id), record in sorted(counts.records.items()):
        group = OPINION if kind.endswith(OPINION) else kind
        if group not in GROUPS:
            continue
        record_kind = ACT_LAYOUT[kind][0]
        for act in record.acts:
            if act.counted:
                acts[act.handle.lower()][group].append((record_kind, record_id))
    return acts


def _act_lines(groups: dict, archive) -> list[str]:
    """- 공감 3건: [제목](proposals/x.md), … one line per kind of act."""
    lines = []
    for group, label in GROUPS.items():
        done = groups.get(group, [])
        if not done:
            continue
        records = list(dict.fromkeys(done))
        links = ", ".join(_record_link(kind, record_id, archive) for kind, record_id in records[:LINKS_SHOWN])
        more = " " + ngettext("외 {n}곳", "외 {n}곳", len(records) - LINKS_SHOWN) if len(records) > LINKS_SHOWN else ""
        lines.append(f"- {label(len(done))}: {links}{more}")
    return (lines or [_("아직 집계된 참여가 없습니다.")]) + [""]



def _record_link(kind: str, record_id: str, archive) -> str:
    record = archive.records_of(kind)[record_id]
    title = record.question if kind == "poll" else record.title
    return f"[{text(title)}]({RECORD_PAGES[kind].format(record_id)})"
