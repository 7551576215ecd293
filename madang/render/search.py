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
        suffixes = word_suffixes(" ".join((entry.get("title", ""), entry.get("text", ""), *entry.get("tags", []))))
        if suffixes:
            entry[FIELD] = " ".join(suffixes)
    return index


def page_entry(location: str, title: str, content: str) -> dict:
    """One index entry for a whole generated page, its text read with a regular expression.

    Material's search parses every page's HTML in Python to cut it at its
    headings: a fifth of a city archive's build, for thousands of record pages
    whose headings (공감, 집계 내역) are the same on every page. A record is
    found by its page; its words are all in this one entry.

    Material's search shows `title` and `text` as HTML, so both are escaped
    text, as in Material's own entries (see escaped_text).
    """
    text = " ".join(TAG.sub(" ", UNSEARCHED.sub(" ", content)).split())
    return {"location": location, "title": escaped_text(title), "text": escaped_text(text)}


def escaped_text(html_text: str) -> str:
    """HTML text (tags already cut) escaped once: an entity stays one (`&lt;script&gt;`), a bare `<`
    becomes one. The page's title comes escaped by page_heading and must not be escaped twice."""
    return html.escape(html.unescape(html_text), quote=False)


def rewrite_index(path, entries=()) -> tuple[int, int]:
    """Add `entries` (page_entry) and the field to the search index file in place; its size in bytes before and after."""
    before = path.read_text(encoding="utf-8")
    index = json.loads(before)
    index["docs"].extend(entries)
    index = add_korean_field(index)
    after = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    path.write_text(after, encoding="utf-8")
    return len(before.encode("utf-8")), len(after.encode("utf-8"))
