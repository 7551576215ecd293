"""Korean search: word-final pieces of Hangul words, so prefix search finds words inside words.

Material's search (lunr) matches the start of each word, and a Korean word
carries its particles and compounds with it: 작은도서관은 is one word, so the
query 도서관 (which Material turns into 도서관*) finds nothing. Adding every
suffix of every Hangul word (도서관은, 서관은, 관은, 은) to a separate field of
the same index entry makes a prefix query match anywhere inside a word, while
Material's search UI, its result snippets and its highlighting stay as they are.
"""

import html
import json
import re

FIELD = "madang_ko"
"""The added index field; listed in the index config so Material's worker indexes it."""
FIELD_BOOST = 0.5
"""Below a whole-word hit in the text (1), far below the title (1000)."""
SEPARATOR = r"""[\s\-,:;!?=\[\]()"'/@·…]+|\.(?!\d)"""
"""Where words end: also at brackets and @, so `나무 (@namu)` gives the word namu; 2020.09.20 stays one word."""
HANGUL_WORD = re.compile(r"[\uac00-\ud7a3]{2,}")
TAG = re.compile(r"<[^>]*>")
UNSEARCHED = re.compile(r"<(script|style|object)\b.*?</\1>", re.S)
"""What Material's search leaves out of the text, too."""
HEADING = re.compile(r'<h([1-6]) id="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
"""A heading Python-Markdown wrote (with its anchor id): where a section of the index starts."""
HEADING_TAGS = re.compile(r"<h[1-6]\b[^>]*>.*?</h[1-6]>", re.S)
HEADER_LINK = re.compile(r'<a class="headerlink".*?</a>', re.S)
BLOCK_END = re.compile(r"</(?:p|li|tr|pre|blockquote|dd|dt|div|table|ul|ol|details|summary)>|<br\s*/?>", re.I)
CELL_END = re.compile(r"</t[dh]>")
BLOCK_LENGTH = 140
"""At most two blocks show in a result: a snippet under 300 characters."""


def word_suffixes(text: str) -> list[str]:
    """Every suffix of every Hangul word in `text`, each once, in order of appearance.

    A word's suffixes include the word itself: after punctuation
    (`(작은도서관`) the whole word is not the start of a lunr token.
    """
    seen = {}
    for word in HANGUL_WORD.findall(TAG.sub(" ", text)):
        for start in range(len(word)):
            seen.setdefault(word[start:], None)
    return list(seen)


def add_korean_field(index: dict) -> dict:
    """Material's search index (search_index.json, parsed) with the suffix field added to every entry."""
    index["config"]["separator"] = SEPARATOR
    index["config"].setdefault("fields", {})[FIELD] = {"boost": FIELD_BOOST}
    for entry in index["docs"]:
        with_korean_field(entry)
    return index


def with_korean_field(entry: dict) -> dict:
    """The entry, with the suffixes of the Hangul words of its title, text and tags when it has any."""
    suffixes = word_suffixes(" ".join((entry.get("title", ""), entry.get("text", ""), *entry.get("tags", []))))
    if suffixes:
        entry[FIELD] = " ".join(suffixes)
    return entry


def page_entries(location: str, title: str, content: str) -> list[dict]:
    """Index entries for a generated page, cut at its headings as Material cuts its own pages: one for
    the page (its text up to the first section) and one per section, found at `page/#heading-id`.

    Material's search parses every page's HTML in Python to cut it: a fifth of a
    city archive's build, for thousands of record pages. Regular expressions over
    the HTML Python-Markdown wrote do the same here for a fraction of the time.

    Each entry's text is short blocks (`<p>`, at most BLOCK_LENGTH characters):
    Material's result shows the (at most two) blocks holding the match, so a
    result reads as a snippet, not the whole page. Material shows `title` and
    `text` as HTML, so both are escaped text, as in its own entries (escaped_text).
    Each carries the Korean field (with_korean_field), so a kept entry carries it too.
    """
    content = UNSEARCHED.sub(" ", content)
    sections = [h for h in HEADING.finditer(content) if h[1] != "1"]
    starts = [0, *(h.start() for h in sections)]
    ends = [*(h.start() for h in sections), len(content)]
    entries = [{"location": location, "title": escaped_text(title), "text": blocks(content[starts[0]:ends[0]])}]
    for heading, start, end in zip(sections, starts[1:], ends[1:]):
        entries.append({
            "location": f"{location}#{heading[2]}",
            "title": escaped_text(" ".join(TAG.sub(" ", HEADER_LINK.sub("", heading[3])).split())),
            "text": blocks(content[heading.end():end]),
        })
    return [with_korean_field(entry) for entry in entries]


def blocks(section_html: str) -> str:
    """The section's text as escaped `<p>` blocks of at most BLOCK_LENGTH characters, cut between words:
    one per paragraph, list item or table row (its cells on one line)."""
    shown = []
    for block in BLOCK_END.split(HEADING_TAGS.sub(" ", section_html)):
        words = html.unescape(TAG.sub("", CELL_END.sub(" ", block))).split()  # inline tags join: (D-12)
        line = ""
        for word in words:
            if line and len(line) + 1 + len(word) > BLOCK_LENGTH:
                shown.append(line)
                line = ""
            line = f"{line} {word}" if line else word[:BLOCK_LENGTH]
        if line:
            shown.append(line)
    return "".join(f"<p>{html.escape(line, quote=False)}</p>" for line in shown)


def escaped_text(html_text: str) -> str:
    """HTML text (tags already cut) escaped once: an entity stays one (`&lt;script&gt;`), a bare `<`
    becomes one. The page's title comes escaped by page_heading and must not be escaped twice."""
    return html.escape(html.unescape(html_text), quote=False)


def rewrite_index(path, entries=()) -> tuple[int, int]:
    """Add the field and `entries` (page_entries, which carry it) to the search index file in place; its size
    in bytes before and after. Material's own entries (the pages people wrote) are cut into short blocks as the
    generated pages are: a person's long paragraph would otherwise be a result's whole snippet."""
    before = path.read_text(encoding="utf-8")
    index = json.loads(before)
    for entry in index["docs"]:
        entry["text"] = blocks(entry.get("text", ""))
    index = add_korean_field(index)
    index["docs"].extend(entries)
    after = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    path.write_text(after, encoding="utf-8")
    return len(before.encode("utf-8")), len(after.encode("utf-8"))
