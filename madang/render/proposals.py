"""The 제안 (proposals) board: listings, tag pages and a page per proposal."""

import html as html_module
import re
from datetime import timedelta

from ..constants import CLOSED, DELIBERATION_FORMS, LIFE_STAGES, OPEN, PROPOSAL_KIND, STATUSES
from .actions import HANDLE, TITLE_PLACEHOLDER, act_block, act_template, actor_path, handle_form, propose_block
from .experiments import experiments_of
from .actlists import RecordLists, audit_section
from .format import (
    act_fields_text, headcount, act_items, act_list, day, html_text, live_d_day, live_status, page_heading, person, text,
)
from .opinions import opinion_count, opinion_section
from .paging import PAGE_SIZE, page_file, pager
from . import participation
from .safe import html_block, safe_html
from .selection import threshold_section
from .answers import PAGE as ANSWERS_PAGE, answer_section
from ..score import best_proposals
from ..i18n import N_, _, ngettext, translated

BEST_MARK = "**BEST**"
"""Before the title of the most-endorsed proposals (score.best_proposals), as Democracy Seoul marks them."""

SORTS = (("index.md", N_("최신순"), "newest"), ("popular.md", N_("공감순"), "most endorsed"))
STATUS_PAGES = tuple((status, f"{status}.md") for status in STATUSES)
PATH = ("proposed", "candidate", "forum", "selected", "running", "shared")
"""The deck's path of a proposal: 제안 → 의제 후보 → 열린토론회 → 실험장 선정 → 실험 중 → 결과 공유."""


def status_of(proposal, today) -> str:
    """A maintainer's status if given, else open until the deadline passes."""
    if proposal.status:
        return proposal.status
    if proposal.endorse_until is not None and today > proposal.endorse_until:
        return CLOSED
    return OPEN


def tag_file(tag: str) -> str:
    """A file name for a tag page; Korean is kept, URL-unsafe characters are not."""
    return "tags/" + (re.sub(r"[\s/\\?#%&<>\"'|*:]+", "-", tag).strip("-.") or "tag") + ".md"


def proposal_pages(archive, counts, settings, crossings=None, promises=None) -> dict[str, str]:
    """Every page of the board, keyed by its path under proposals/; `crossings` are the
    proposals' thresholds as score.threshold_crossings gives them, `promises` the answers they promised
    (promises.promises)."""
    proposals = sorted(archive.proposals.values(), key=lambda p: (p.proposed, p.id), reverse=True)
    count = {p.id: counts.records[(PROPOSAL_KIND, p.id)].count for p in proposals}
    statuses = {p.id: status_of(p, settings.today) for p in proposals}
    tags = sorted({tag for p in proposals for tag in p.tags})
    opinions = {p.id: opinion_count(PROPOSAL_KIND, p.id, counts) for p in proposals}
    listing = _Listing(count, opinions, statuses, tags, settings)
    pages = {
        **listing.pages(_("제안"), proposals, "index.md"),
        **listing.pages(_("제안 · 공감순"), sorted(proposals, key=lambda p: -count[p.id]), "popular.md"),
    }
    for status, file in STATUS_PAGES:
        chosen = [p for p in proposals if statuses[p.id] == status]
        pages.update(listing.pages(_("제안 · {status}", status=STATUSES[status]), chosen, file))
    for tag in tags:
        chosen = [p for p in proposals if tag in p.tags]
        pages.update(listing.pages(_("제안 · #{tag}", tag=tag), chosen, tag_file(tag)))
    acts_by_record = participation.records_by_record(counts)
    for proposal in proposals:
        record = counts.records[(PROPOSAL_KIND, proposal.id)]
        lists = RecordLists(f"{proposal.id}.md", proposal.title)
        pages[f"{proposal.id}.md"] = proposal_page(
            proposal, record, statuses[proposal.id], archive, counts, settings, (crossings or {}).get(proposal.id, ()),
            records=acts_by_record.get((PROPOSAL_KIND, proposal.id), []), lists=lists,
            promise=(promises or {}).get(proposal.id),
        )
        pages.update(lists.files)
    return pages


class _Listing:
    """Listing pages share one filter bar and one table layout."""

    def __init__(self, count, opinions, statuses, tags, settings):
        self.count = count
        self.opinions = opinions
        self.statuses = statuses
        self.tags = tags
        self.settings = settings
        self.best = best_proposals(count, settings.best)

    def pages(self, title, proposals, first_file) -> dict[str, str]:
        """The listing split into pages of PAGE_SIZE, so no page grows with the archive."""
        count = max(1, -(-len(proposals) // PAGE_SIZE))
        return {
            page_file(first_file, number): self._page(
                title, proposals[(number - 1) * PAGE_SIZE : number * PAGE_SIZE], len(proposals), first_file, number, count
            )
            for number in range(1, count + 1)
        }

    def _page(self, title, proposals, total, first_file, number, count) -> str:
        file = page_file(first_file, number)
        up = "../" * file.count("/")
        lines = [*page_heading(title if number == 1 else _("{title} ({number}쪽)", title=title, number=number)), "", self._filters(up, first_file), ""]
        if file == "index.md":
            lines += self._propose()
        if not proposals:
            lines.append(_("아직 제안이 없습니다."))
            return "\n".join(lines) + "\n"
        lines += ["| " + " | ".join([_("제안"), _("제안자"), _("제안일"), _("마감"), _("공감")]) + " |", "| --- | --- | --- | --- | ---: |"]
        for p in proposals:
            deadline = day(p.endorse_until)
            if self.statuses[p.id] == OPEN and p.endorse_until:
                deadline += f" ({live_d_day(p.endorse_until, self.settings.today, self.settings.timezone)})"
            stage = f" · {LIFE_STAGES[p.stage]}" if p.life else ""
            opinions = " · " + ngettext("의견 {n}", "의견 {n}", self.opinions[p.id]) if self.opinions[p.id] else ""
            best = f"{BEST_MARK} " if p.id in self.best else ""
            lines.append(
                f"| [{text(p.title)}]({up}{p.id}.md){stage} | @{text(p.proposer)} | {day(p.proposed)} "
                f"| {deadline} | {best}{headcount(self.count[p.id])}{opinions} |"
            )
        lines += ["", ngettext("제안 {n}건", "제안 {n}건", total), ""]
        if count > 1:
            lines.append(pager(first_file, number, count, up))
        return "\n".join(lines) + "\n"

    def _propose(self) -> list[str]:
        """제안하기: a new proposal file, prefilled (or issue form 제안하기 on the forge)."""
        return propose_block(self.settings, proposal_template(self.settings))

    def _filters(self, up, current) -> str:
        def item(label, target):
            return f"**{label}**" if target == current else f"[{label}]({up}{target})"

        sorts = " · ".join(item(translated(label), target) for target, label, _english in SORTS)
        statuses = " · ".join(item(STATUSES[status], target) for status, target in STATUS_PAGES)
        tags = " ".join(item(f"#{text(tag)}", tag_file(tag)) for tag in self.tags)
        lines = [_("정렬: {sorts}", sorts=sorts) + "  ", _("상태: {statuses}", statuses=statuses) + " · ["
                 + _("답변") + f"]({up}{ANSWERS_PAGE})  "]
        if tags:
            lines.append(_("태그: {tags}", tags=tags))
        return "\n".join(lines)


def proposal_page(proposal, record, status, archive, counts, settings, crossings=(), *, records, lists,
                  promise=None) -> str:
    """`records`: the tallies of every act kind on the proposal (participation.records_by_record);
    `lists` collects the pages of its long lists (actlists.RecordLists)."""
    members = archive.members
    deadline = day(proposal.endorse_until) or _("없음")
    shown_status = STATUSES.get(status, status)
    if proposal.endorse_until and status == OPEN:
        deadline += f" ({live_d_day(proposal.endorse_until, settings.today, settings.timezone)})"
        shown_status = live_status(shown_status, proposal.endorse_until, STATUSES[CLOSED], settings.timezone)
    tags = " ".join(f"[#{text(tag)}]({tag_file(tag)})" for tag in proposal.tags)
    rows = [
        (_("제안자"), person(proposal.proposer, members)),
        (_("제안일"), day(proposal.proposed)),
        (_("제안동의 마감"), deadline),
        (_("상태"), shown_status),
        (_("공감"), f"**{headcount(record.count)}**"),
    ]
    rows.append((_("과정"), LIFE_STAGES[proposal.stage]))
    if proposal.form:
        rows.append((_("공론화 방식"), DELIBERATION_FORMS[proposal.form]))
    if proposal.phase:
        titles = {phase.id: phase.title for phase in settings.phases}
        rows.append((_("단계"), text(titles.get(proposal.phase, proposal.phase))))
    if tags:
        rows.append((_("태그"), tags))
    lines = [*page_heading(proposal.title), "", "| " + _("항목") + " | " + _("내용") + " |", "| --- | --- |"]
    lines += [f"| {label} | {value} |" for label, value in rows]
    lines += ["", *threshold_section(crossings, record.count, settings)]
    lines += answer_section(proposal, archive, promise, settings)
    lines += [*life_section(proposal, archive), *body_blocks(proposal.body), ""]
    lines += experiments_of(proposal.id, archive)
    lines += _endorsers(proposal, record, members, settings, lists)
    lines += participation.proposal_section(records, settings)
    lines += _take_part(proposal, status, settings)
    lines += opinion_section(PROPOSAL_KIND, proposal.id, archive, counts, settings, lists)
    lines += audit_section(record, settings, lists)
    return "\n".join(lines) + "\n"


TOP_LEVEL_HEADING = re.compile(r"^<h([1-6])>(.*?)</h\1>$", re.MULTILINE)
NESTING = re.compile(r"<(/?)(?:blockquote|ul|ol|li|table|pre)\b")


def body_blocks(markdown_text: str) -> list[str]:
    """The proposer's Markdown, sanitized (safe.py), with its top-level headings as Markdown headings.

    The sanitized HTML goes in raw blocks; a heading outside any list or quote
    becomes a `##` line of its plain text instead, so it gets its Korean anchor and
    a place in the page's table of contents. `#` becomes `##`: the title is the page's one h1.
    """
    html = safe_html(markdown_text)
    blocks, start = [], 0
    for match in TOP_LEVEL_HEADING.finditer(html):
        opened = NESTING.findall(html[: match.start()])
        if opened.count("") != opened.count("/"):
            continue  # inside a list or quote: stays HTML
        blocks += [html_block(html[start : match.start()]), f"{'#' * max(2, int(match[1]))} {_plain(match[2])}"]
        start = match.end()
    blocks.append(html_block(html[start:]))
    return [part for block in blocks if block.strip() for part in (block, "")]


def _plain(heading_html: str) -> str:
    """A sanitized heading's text, escaped again for Markdown (format.text)."""
    return text(html_module.unescape(re.sub(r"<[^>]*>", "", heading_html)))


def _take_part(proposal, status, settings) -> list[str]:
    """공감하기 while the proposal is open, and 의견 남기기 always (render/actions.py)."""
    lines = ["## " + _("참여하기"), "", *handle_form()]
    if status == OPEN:
        endorsement = actor_path("proposals", proposal.id, "endorsements")
        template = act_template("comment: \n", proposal.act_fields)
        lines += act_block(settings, _("공감하기"), endorsement, template, own=_("내 공감"))
    opinion = actor_path("proposals", proposal.id, "opinions", f"{HANDLE}.1.md")
    return lines + act_block(settings, _("의견 남기기"), opinion, translated(OPINION_TEMPLATE))


OPINION_TEMPLATE = N_("여기에 의견을 적어 주세요. (이미 .1 파일이 있으면 파일 이름의 숫자를 2, 3…으로 바꿉니다)\n")
PROPOSAL_TEMPLATE = """---
title: {title}
proposer: {handle}
proposed: {today}
endorse_until: {until}
tags: [작은도서관]
---

## 문제

## 제안
"""


def proposal_template(settings) -> str:
    """A new proposal proposed on the build day, open for endorsement `endorse_days` (setting) from it."""
    until = settings.today + timedelta(settings.endorse_days)
    return PROPOSAL_TEMPLATE.format(title=TITLE_PLACEHOLDER, handle=HANDLE, today=settings.today, until=until)


def life_section(proposal, archive) -> list[str]:
    """The path strip (the current step in bold) and each step taken, with its date and what moved it."""
    taken = {step.stage for step in proposal.life}
    end = proposal.stage if proposal.stage not in PATH else None
    path = [stage for stage in PATH if not end or stage == "proposed" or stage in taken] + ([end] if end else [])
    strip = [
        "**" + _("{stage} (지금)", stage=LIFE_STAGES[stage]) + "**" if stage == proposal.stage
        else f"✓ {LIFE_STAGES[stage]}" if stage == "proposed" or stage in taken
        else LIFE_STAGES[stage]
        for stage in path
    ]
    lines = ["## " + _("걸어온 길"), "", " → ".join(strip), "", f"- {LIFE_STAGES['proposed']} · {day(proposal.proposed)}"]
    for step in proposal.life:
        lines.append(f"- {LIFE_STAGES[step.stage]} · {day(step.date)}" + "".join(_step_links(step, archive)))
    return lines + [""]


def _step_links(step, archive):
    """' · 모임: [title](…)' for each meeting, poll and experiment the step names."""
    if step.meeting:
        meeting = archive.meetings.get(step.meeting)
        link = f"[{text(meeting.title if meeting else step.meeting)}](../meetings/{step.meeting}/index.md)"
        yield " · " + _("모임: {link}", link=link)
    if step.poll:
        poll = archive.polls.get(step.poll)
        link = f"[{text(poll.question if poll else step.poll)}](../polls/{step.poll}.md)"
        yield " · " + _("투표: {link}", link=link)
    if step.experiment:
        experiment = archive.experiments.get(step.experiment)
        title = experiment.title if experiment else step.experiment
        link = f"[{text(title)}](../experiments/{step.experiment}/index.md)"
        yield " · " + _("실험장: {link}", link=link)
    if step.answer:
        yield " · [" + _("답변 {n}", n=step.answer) + f"](#answer-{step.answer})"


def _endorsers(proposal, record, members, settings, lists) -> list[str]:
    lines = ["## " + _("공감한 사람"), ""]
    counted = [act for act in record.acts if act.counted]
    if not counted:
        return lines + [_("아직 집계된 공감이 없습니다."), ""]
    lines.append(ngettext("{n}명이 공감했습니다.", "{n}명이 공감했습니다.", len(counted)))
    lines.append("")

    def comment(act) -> str:
        fields = act_fields_text(proposal.act_fields, act.content)
        return fields + (f" — “{html_text(act.comment)}”" if act.comment else "")

    rows = act_items(counted, members, settings, comment)
    keys = [act.handle for act in counted]
    return lines + lists.show("endorsers", _("공감한 사람"), rows, act_list, keys=keys, unit="명") + [""]
