"""User Markdown to sanitized HTML: the one place where what a citizen wrote becomes HTML.

The Markdown is rendered with the `markdown` library, then everything not on
an allow-list is removed by nh3: no script, no event handler, no style, no
frame or form, and links only to http, https, mailto or relative addresses.
The result is meant to sit in a generated page as a raw HTML block, which
MkDocs passes through untouched (see `html_block`).

Inside `remembered()` (the plugin's build) each distinct text is rendered and
sanitized once, and with a contentcache.Store read back on the next build.
"""

import re
from contextlib import contextmanager
from contextvars import ContextVar
from html import escape
from importlib.metadata import version

import markdown
import nh3
import pymdownx

from ..contentcache import Store, key_of
from ..nesting import too_deep

EXTENSIONS = ("tables", "fenced_code", "sane_lists", "nl2br", "pymdownx.tasklist")
"""Tables, fenced code and task lists (`- [ ] 할 일`) as on the forge; `nl2br`: a line break typed on a
phone stays one."""

TAGS = {
    "h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "ul", "ol", "li", "a", "em", "strong", "code", "pre",
    "blockquote", "table", "thead", "tbody", "tr", "th", "td", "img", "input",
}
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "code": {"class"},
    "input": {"checked"},
    "ul": {"class"},
    "ol": {"start", "class"},
    "li": {"class"},
    "th": {"align"},
    "td": {"align"},
    **{f"h{level}": {"id"} for level in range(1, 7)},
}
DROPPED_WITH_CONTENT = {
    "script", "style", "iframe", "object", "embed", "template", "noscript", "textarea", "svg", "math",
}
"""Removed with everything inside; other unknown tags lose the tag and keep their text."""
INPUT = re.compile(r'<input( checked="")?>')
"""An input as the sanitizer leaves it: with at most its `checked` attribute."""
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow noopener ugc"
ID_PREFIX = "user-"
"""Ids the author wrote cannot clash with the page's own."""
CODE_CLASS = re.compile(r"language-[A-Za-z0-9_+-]{1,40}\Z")
TASK_LIST = re.compile(r"task-list\Z")
KEPT_CLASSES = {"code": CODE_CLASS, "ul": TASK_LIST, "ol": TASK_LIST, "li": re.compile(r"task-list-item\Z")}
"""The classes fenced code and task lists carry (Material styles them); any other class is dropped."""
HEADING_TAG = re.compile(r"<(/?)h([1-6])\b")

_markdown = markdown.Markdown(extensions=list(EXTENSIONS))


def safe_html(markdown_text: str, top_heading: int = 1, *, relative: bool = False) -> str:
    """Sanitized HTML of user Markdown; its `#` headings become `<h{top_heading}>` and below. `relative`: its
    highest heading does, whichever level the author started at (minutes people begin with `##` sit under
    the page's h2, and must not skip h3).

    Text nested deeper than MAX_NESTING (which `check` refuses in every body) is
    shown as plain text, so that no text can exhaust the renderer's stack.
    """
    if too_deep(markdown_text):
        return "<p>" + escape(markdown_text).replace("\n", "<br>\n") + "</p>"
    remembered_html = _remembered.get()
    cleaned = _sanitized(markdown_text) if remembered_html is None else remembered_html.of(markdown_text)
    return _shift_headings(cleaned, top_heading - _highest_heading(cleaned) if relative else top_heading - 1)


def _sanitized(markdown_text: str) -> str:
    rendered = _markdown.reset().convert(markdown_text)
    cleaned = nh3.clean(
        rendered,
        tags=TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes=ATTRIBUTES,
        attribute_filter=_attribute_filter,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        id_prefix=ID_PREFIX,
    )
    return _checkboxes(cleaned)


class RememberedHtml:
    """The sanitized HTML of each text, made once: a proposal's body shows on its page, in the feed and on
    its share card. Kept in a contentcache.Store by the text and the versions of the libraries that make
    it, so a rebuild renders only the bodies that changed (a city's: 6 s of every build)."""

    def __init__(self, store: Store):
        self.store = store
        self.made = {}
        self.versions = [markdown.__version__, pymdownx.__version__, version("nh3")]

    def of(self, markdown_text: str) -> str:
        html = self.made.get(markdown_text)
        if html is None:
            html = self.made[markdown_text] = self._kept(markdown_text)
        return html

    def _kept(self, markdown_text: str) -> str:
        key = key_of("safe_html", *self.versions, markdown_text)
        html = _text(self.store.get(key))
        if html is None:
            html = _sanitized(markdown_text)
            self.store.put(key, html.encode("utf-8"))
        return html


def _text(kept: bytes | None) -> str | None:
    try:
        return None if kept is None else kept.decode("utf-8")
    except UnicodeDecodeError:  # behind a right hash, but not what madang writes
        return None


_remembered: ContextVar[RememberedHtml | None] = ContextVar("madang_remembered_html", default=None)


@contextmanager
def remembered(store: Store):
    """Within it, each distinct text is rendered and sanitized once (RememberedHtml)."""
    token = _remembered.set(RememberedHtml(store))
    try:
        yield
    finally:
        _remembered.reset(token)


def _checkboxes(html: str) -> str:
    """A task list's box, and so every input anyone writes, is a checkbox no one can tick: a picture of done."""
    return INPUT.sub(lambda m: f'<input type="checkbox" disabled{" checked" if m[1] else ""}>', html)


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    """Only the classes of KEPT_CLASSES are kept."""
    if attribute == "class":
        pattern = KEPT_CLASSES.get(tag)
        return value if pattern is not None and pattern.match(value) else None
    return value


def _highest_heading(html: str) -> int:
    return min((int(m[2]) for m in HEADING_TAG.finditer(html)), default=1)


def _shift_headings(html: str, by: int) -> str:
    """Move headings `by` levels down (up when negative), within h1–h6. Safe on sanitized HTML: a '<' in
    text is '&lt;'."""
    if by == 0:
        return html
    return HEADING_TAG.sub(lambda m: f"<{m[1]}h{max(1, min(6, int(m[2]) + by))}", html)


def html_block(html: str) -> str:
    """HTML made safe to embed in Markdown as one raw block: no blank line inside.

    Python-Markdown 3 keeps a block open until its closing tag, but CommonMark
    renderers end it at a blank line and parse the rest as Markdown, where text the
    sanitizer kept (a literal `[a](javascript:…)`) would become a link; the pages
    must not depend on which renderer reads them. A newline before a blank line
    becomes `&#10;`, which the browser reads as the same newline.
    """
    return re.sub(r"\n(?=[ \t]*(?:\n|\Z))", "&#10;", html.strip("\n"))
