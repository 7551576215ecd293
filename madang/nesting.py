"""How deeply a Markdown text nests, estimated from its lines' starts, before any renderer reads it."""

import re

MAX_NESTING = 50
"""Deepest nesting of lists, quotes and indentation on one line (a legible text needs under ten).

Python-Markdown parses each level by recursion: a few hundred levels exhaust
Python's stack (RecursionError). Fifty stays far below that wherever it runs.
"""
LINE_PREFIX = re.compile(r"^[ \t>*+\-.)0-9]*", re.M)
"""What may open containers at a line's start: indentation, '>', list markers."""
LIST_MARKER = re.compile(r"(?<![^ \t>])(?:[-*+]|[0-9]{1,9}[.)])(?=[ \t]|\Z)")


def too_deep(markdown_text: str) -> int | None:
    """The 1-based line of the first line nested deeper than MAX_NESTING, or None.

    A generous estimate: every '>' and list marker at the line's start counts as
    one level, and so does every four columns of the spaces and tabs among them.
    """
    for number, match in enumerate(LINE_PREFIX.finditer(markdown_text), 1):
        prefix = match[0]
        if len(prefix) <= MAX_NESTING:
            continue
        blanks = len(re.sub(r"[^ \t]", "", prefix).expandtabs(4))
        if prefix.count(">") + len(LIST_MARKER.findall(prefix)) + blanks // 4 > MAX_NESTING:
            return number
    return None
