"""A record's lists that grow with its acts: who took part, and what was not counted and why.

A list that fits one page (ROWS_PER_PAGE rows) stays whole on the record's
page, as a small record always showed it. A longer one (a letter signed by
thousands) shows there its first PREVIEW rows, its pages by the handles they
hold, and a link to its own paged listing beside the record's page
(`proposals/<id>/endorsers.md`, `endorsers-2.md` …), so no page grows with the
record. The open data (data/*.json) keeps every act.
"""

import posixpath
from collections import Counter
from datetime import timedelta

from ..constants import REASONS
from .format import day, how_to_check, moment, page_heading, provenance, text
from .paging import page_file, pager
from ..i18n import _, ngettext

ROWS_PER_PAGE = 100
"""Rows per page of a record's own listing; a list this long or shorter stays whole on the record's page."""
PREVIEW = 20
"""Rows a record's page shows of a list that has its own pages."""


class RecordLists:
    """The paged listings of one record's page, collected while the page is written.

    `page` is the record page's path and `files` the listings' pages, both keyed
    the same way (under the board's folder or the site's root), so links between
    them are relative.
    """

    def __init__(self, page: str, title: str):
        self.page = page
        self.title = title
        self.files: dict[str, str] = {}

    def show(self, name: str, what: str, rows: list[str], block, *, keys=None, unit: str = "건", summary=(),
             per_page: int = ROWS_PER_PAGE, preview: int = PREVIEW) -> list[str]:
        """The record page's lines for one list of `rows` (one rendered item each).

        `block(rows, first)` wraps rows in their list or table, `first` being the
        1-based number of the first; `keys` are the rows' handles when the rows are
        in handle order, so the pages can be found by name; `summary` lines (counts
        per reason) are shown only when the list has pages of its own.
        """
        if len(rows) <= per_page:
            return block(rows, 1)
        first_file = f"{self._folder()}/{name}.md"
        count = -(-len(rows) // per_page)
        for number in range(1, count + 1):
            start = (number - 1) * per_page
            self.files[page_file(first_file, number)] = self._page(
                first_file, number, count, what, rows, start, rows[start : start + per_page], block, unit)
        total = amount(len(rows), unit)
        see_all = ngettext("{what} 전체 보기 ({total}, {n}쪽)", "{what} 전체 보기 ({total}, {n}쪽)", count,
                           what=what, total=total)
        first = _("{what} {total} 가운데 처음 {preview}입니다.", what=what, total=total, preview=amount(preview, unit))
        lines = [*summary, first,
                 "", *block(rows[:preview], 1), "",
                 f"**[{see_all}]({self._link(self.page, first_file)})**", ""]
        if keys is not None:
            lines += self._index(first_file, per_page, count, keys)
        return lines

    def _folder(self) -> str:
        """proposals/x.md → proposals/x; meetings/m/index.md → meetings/m."""
        return self.page.removesuffix("/index.md") if self.page.endswith("/index.md") else self.page.removesuffix(".md")

    def _link(self, source: str, target: str) -> str:
        return posixpath.relpath(target, posixpath.dirname(source) or ".")

    def _page(self, first_file, number, count, what, rows, start, chosen, block, unit) -> str:
        """One page of a listing: its heading, the way back to the record, `chosen` rows (from `start`), the pager."""
        heading = f"{self.title} · {what}" + (" " + _("({number}쪽)", number=number) if number > 1 else "")
        shown = f"{start + 1:,}–{start + len(chosen):,}"
        lines = [
            *page_heading(heading), "",
            f"[← {text(self.title)}]({self._link(first_file, self.page)}) · "
            + _("{total} 가운데 {shown}", total=amount(len(rows), unit), shown=shown), "",
            *block(chosen, start + 1), "",
            pager(posixpath.basename(first_file), number, count, ""), "",
        ]
        return "\n".join(lines) + "\n"

    def _index(self, first_file, per_page, count, keys) -> list[str]:
        """Every page with the first and last handle on it, so a reader finds the page of a name.

        Markdown links, not raw HTML: MkDocs makes `.md` links into page addresses only in Markdown.
        """
        items = []
        for number in range(1, count + 1):
            first, last = keys[(number - 1) * per_page], keys[min(number * per_page, len(keys)) - 1]
            target = self._link(self.page, page_file(first_file, number))
            items.append("[" + _("{number}쪽", number=number) + f"]({target}) @{text(first)}–@{text(last)}")
        return [_("아이디로 쪽 찾기:") + " " + " · ".join(items), ""]

def amount(number: int, unit: str) -> str:
    """1,234명, 1,234건 or 1,234개 as the list counts its rows (in English the number alone)."""
    shown = f"{number:,}"
    if unit == "명":
        return _("{total}명", total=shown)
    return _("{total}개", total=shown) if unit == "개" else _("{total}건", total=shown)


def table(header: str):
    """A block for `show`: the rows under a Markdown table's header (`| a | b |`)."""
    columns = header.count("|") - 1
    return lambda rows, first: [header, "|" + " --- |" * columns, *rows]


def markdown_list(rows, first) -> list[str]:
    """A block for `show`: rows that are already Markdown list items (`- …`)."""
    return list(rows)


def audit_section(record, settings, lists: RecordLists) -> list[str]:
    """집계 내역: which commit was counted and how to recount it, then every act not counted with its reason."""
    lines = ["## " + _("집계 내역"), ""]
    if record.frozen_at is None:
        lines.append(_("마감 전에 반영된 기록이 없습니다."))
    else:
        frozen = record.frozen_at
        at = provenance(settings, frozen.pr, frozen.sha, in_html=True)
        when = moment(frozen.time, settings.timezone)
        if record.deadline_end is not None:
            last_second = record.deadline_end - timedelta(seconds=1)
            lines.append(_("마감일 {day}이 끝나기 전까지 반영된 참여를 셌습니다 ({when}의 기록). "
                           "그 뒤에 반영된 참여는 늦은 참여로 따로 보입니다.",
                           day=day(last_second.astimezone(settings.timezone).date()), when=when))
            lines += ["", how_to_check(
                _("센 기록(커밋): {at}", at=at),
                _("git 저장소에서 그 기록을 찾는 명령: {command}",
                  command=f"<code>git log --first-parent --before={last_second.isoformat()} -1</code>"),
            )]
        else:
            lines.append(_("{when}까지 반영된 참여를 셌습니다.", when=when))
            lines += ["", how_to_check(_("센 기록(커밋): {at}", at=at))]
    lines.append("")
    missing = [act for act in record.acts if not act.counted]
    if not missing:
        return lines + [_("집계되지 않은 참여는 없습니다."), ""]
    lines += [_("집계되지 않은 참여:"), ""]
    rows = [
        f"| @{text(act.handle)} | {REASONS[act.reason]}{': ' + text(act.moderation) if act.moderation else ''} | {moment(act.landed, settings.timezone)} "
        f"| {provenance(settings, act.pr, act.commit)} |"
        for act in missing
    ]
    block = table("| " + " | ".join([_("아이디"), _("사유"), _("반영"), _("기록")]) + " |")
    return lines + lists.show("not-counted", _("집계되지 않은 참여"), rows, block, keys=[act.handle for act in missing],
                              summary=reason_summary(missing)) + [""]


def reason_summary(acts) -> list[str]:
    """How many acts each reason left out, most first: the record page's summary of a long list."""
    reasons = Counter(act.reason for act in acts)
    lines = ["| " + _("사유") + " | " + _("건수") + " |", "| --- | ---: |"]
    lines += [f"| {REASONS[reason]} | {amount(number, '건')} |" for reason, number in reasons.most_common()]
    return lines + [""]
