"""Tables that read on a phone: a listing's rows become cards below a phone's width.

The boards write their listings as Markdown tables (제안, 투표, 모임, 할 일, the
selection's scores). At 360 px a table of four or five columns squeezes its
cells until dates, handles and numbers break inside ("202 / 0.09 / .15"). So
every table of three or more columns gets its header's words on each cell
(`data-label`) and its title cell marked (the row's first cell with a link, else
its first cell); madang.css then shows each row as a card below a phone's width:
the title on its own line, the other cells after it as "label value" on one line
of facts. Wider screens keep the table. Two-column tables (항목 | 내용) fit a phone
as they are.

The pages' HTML is Python-Markdown's (or the sanitizer's, for what people
wrote), so tables are plain `<table><thead>…<tbody>…` with no table inside a
table; one that holds another is left as it is.
"""

import html
import re

CARD_COLUMNS = 3
"""From this many columns a table becomes cards on a phone."""
TABLE = re.compile(r"<table>(.*?)</table>", re.S)
HEADER = re.compile(r"<thead>(.*?)</thead>", re.S)
HEADER_CELL = re.compile(r"<th\b[^>]*>(.*?)</th>", re.S)
ROW = re.compile(r"<tr>(.*?)</tr>", re.S)
CELL = re.compile(r"<td\b([^>]*)>(.*?)</td>", re.S)
TAG = re.compile(r"<[^>]*>")


def card_tables(page_html: str) -> str:
    """The page's HTML with every table of CARD_COLUMNS or more columns marked for cards."""
    if "<table>" not in page_html:
        return page_html
    return TABLE.sub(_card_table, page_html)


def _card_table(match: re.Match) -> str:
    inner = match[1]
    header = HEADER.search(inner)
    if "<table" in inner or header is None:
        return match[0]
    labels = [" ".join(html.unescape(TAG.sub(" ", cell)).split()) for cell in HEADER_CELL.findall(header[1])]
    if len(labels) < CARD_COLUMNS:
        return match[0]
    body = inner[header.end():]
    rows = ROW.sub(lambda row: f"<tr>{_labelled_cells(row[1], labels)}</tr>", body)
    return f"<table data-madang-cards>{inner[:header.end()]}{rows}</table>"


def _labelled_cells(row_html: str, labels: list[str]) -> str:
    cells = list(CELL.finditer(row_html))
    title = next((i for i, cell in enumerate(cells) if "<a " in cell[2]), 0)
    parts, at = [], 0
    for i, cell in enumerate(cells):
        label = html.escape(labels[i], quote=True) if i < len(labels) else ""
        mark = " data-madang-title" if i == title else f' data-label="{label}"'
        parts += [row_html[at:cell.start()], f"<td{cell[1]}{mark}>{cell[2]}</td>"]
        at = cell.end()
    return "".join(parts) + row_html[at:]
