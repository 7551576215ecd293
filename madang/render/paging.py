"""Listings split into pages of PAGE_SIZE rows, so no page grows with the archive."""

from ..i18n import _

PAGE_SIZE = 50
"""Rows per listing page."""


def page_file(first_file: str, number: int) -> str:
    """index.md, index-2.md, index-3.md …"""
    return first_file if number == 1 else f"{first_file[:-3]}-{number}.md"


def pager(first_file: str, number: int, count: int, up: str) -> str:
    """쪽: ‹ 이전 · 1 … 4 5 **6** 7 8 … 40 · 다음 ›"""

    def link(label, target):
        return f"[{label}]({up}{page_file(first_file, target)})"

    shown = sorted({1, count, *range(max(1, number - 2), min(count, number + 2) + 1)})
    parts, previous = [], 0
    for target in shown:
        if target > previous + 1:
            parts.append("…")
        parts.append(f"**{target}**" if target == number else link(str(target), target))
        previous = target
    if number > 1:
        parts.insert(0, link("‹ " + _("이전"), number - 1))
    if number < count:
        parts.append(link(_("다음") + " ›", number + 1))
    return _("쪽:") + " " + " · ".join(parts)
