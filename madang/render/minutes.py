"""A meeting's minutes as people write them: task lists as checkboxes, owners and due days as chips.

The minutes are the meeting file's Markdown body, sanitized by safe.py, where
`- [ ] 할 일 @담당 2020-09-25` becomes a disabled checkbox (pymdownx.tasklist).
Each task's owner and due day, the ones the task board reads (validate.meetings:
the first @handle and the first YYYY-MM-DD of the line), become chips. A heading
that repeats the section's own (`## 회의록` under the page's 회의록) is dropped.
"""

import re
from datetime import date

from ..i18n import _
from ..validate.meetings import DUE, OWNER
from .format import day, html_text, person
from .safe import html_block, safe_html

TOP_HEADING = 3
"""The minutes' highest heading is an h3: they sit under the page's `## 회의록`."""
TASK_ITEM = re.compile(r'(<li class="task-list-item">)(.*?)(?=</li>|<ul|<ol)', re.S)
TAG = re.compile(r"(<[^>]*>)")


def minutes_block(body: str, heading: str, members) -> str:
    """The minutes under the page's `heading`, as one raw HTML block (safe.html_block)."""
    lines = body.lstrip("\n").split("\n")
    if lines and re.fullmatch(rf"#{{1,6}}\s+{re.escape(heading)}\s*#*\s*", lines[0].strip()):
        body = "\n".join(lines[1:])
    minutes = TASK_ITEM.sub(lambda item: item[1] + _chips(item[2], members), safe_html(body, TOP_HEADING, relative=True))
    return html_block(f'<div class="madang-minutes">\n{minutes}\n</div>')


def _chips(item_html: str, members) -> str:
    """A task's first @handle and first due day as chips, in its text only (never inside a tag)."""
    owner = lambda m: _chip("owner", person(m["handle"], members, html_text))  # noqa: E731
    item_html = _first_in_text(item_html, OWNER, owner)
    return _first_in_text(item_html, DUE, lambda m: _chip("due", _due(m)))


def _first_in_text(item_html: str, pattern, replace) -> str:
    """`item_html` with the first match of `pattern` in a text piece (not in a tag, not in a chip) replaced."""
    pieces, in_chip = TAG.split(item_html), False
    for index, piece in enumerate(pieces):
        if piece.startswith("<"):
            in_chip = piece.startswith('<span class="madang-chip') or (in_chip and piece != "</span>")
        elif not in_chip and pattern.search(piece):
            pieces[index] = pattern.sub(replace, piece, count=1)
            break
    return "".join(pieces)


def _due(match) -> str:
    try:
        return _("기한 {day}", day=day(date(int(match["year"]), int(match["month"]), int(match["day"]))))
    except ValueError:  # check reports it (bad-task-date); the line shows as written
        return match[0]


def _chip(kind: str, shown: str) -> str:
    return f'<span class="madang-chip madang-chip--{kind}">{shown}</span>'
