"""The book: the archive as a printable PDF (WeasyPrint), the report handed over at the end.

`madang book [ARCHIVE_DIR] [-o FILE.pdf] [--phase ID]` writes it; with the
`book: true` setting, `build` also puts it in the site as book.pdf. WeasyPrint is
the optional extra `madang[book]`: without it, both say how to install it.

The HTML is made here from the records (book_sections.py) and typeset by
templates/book.css: a cover, a table of contents whose page numbers WeasyPrint
fills in (`target-counter`), running headers (`string-set`) and page numbers.
WeasyPrint breaks Hangul anywhere (it ignores `word-break: keep-all`), so every
word holding Hangul is wrapped in `<span class="w">` (white-space: nowrap): lines
then break only at spaces, as Korean is written.
"""

import logging
import re
import shutil
import subprocess
from html import escape
from pathlib import Path
from urllib.parse import unquote, urlsplit

from . import pipeline
from .i18n import current_language, speaking
from .book_sections import book_body

CSS = Path(__file__).parent / "templates" / "book.css"
TAG = re.compile(r"(<[^>]*>)")
WORD = re.compile(r"[^\s<>]+")
"""A word: a run without spaces (matched whole, so the search is linear in the text)."""
HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")
UNWRAPPED = ("style", "title", "pre", "code")
"""Elements whose text is left as it is (no spans inside)."""
FONT = "Noto Sans CJK KR"


class BookError(Exception):
    """The book cannot be made; the message says why, for people."""


NO_WEASYPRINT = (
    "책을 만들려면 WeasyPrint 68 이상이 필요합니다: python -m pip install 'madang[book]' / "
    "the book needs WeasyPrint 68 or newer: python -m pip install 'madang[book]'"
)
NO_PANGO = (
    "WeasyPrint가 쓰는 Pango 라이브러리가 없습니다 (Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0) / "
    "WeasyPrint needs the Pango library (Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0)"
)


def make_book(root: Path, settings, phase: str | None = None) -> bytes:
    """The PDF of the archive at `root` (only one phase's records when `phase` is given)."""
    if phase is not None and phase not in settings.phase_ids:
        declared = ", ".join(settings.phase_ids) or "없음 / none"
        raise BookError(f"단계 '{phase}'이(가) mkdocs.yml의 phases에 없습니다 (선언된 단계: {declared}). / "
                        f"Phase '{phase}' is not declared in mkdocs.yml (declared: {declared}).")
    archive, _, history, counts, _, counted = pipeline.scored(root, settings)
    with speaking(settings.language):
        document = book_html(archive, counts, history, settings, counted, phase, Path(root).resolve())
    return render_pdf(document, Path(root).resolve())


def book_html(archive, counts, history, settings, counted: str, phase: str | None, root: Path) -> str:
    body = keep_korean_words(book_body(archive, counts, history, settings, counted, phase, root))
    return (
        f'<!DOCTYPE html>\n<html lang="{current_language()}"><head><meta charset="utf-8"><title>{_title(settings, phase)}</title>'
        f"</head><body>\n{body}\n</body></html>\n"
    )


def _title(settings, phase: str | None) -> str:
    titles = {p.id: p.title for p in settings.phases}
    return escape(settings.site_name + (f" · {titles[phase]}" if phase else ""))


def keep_korean_words(html: str) -> str:
    """Wrap each word holding Hangul in `<span class="w">`, in text only: never inside a tag
    or an attribute, nor inside the elements of UNWRAPPED."""
    parts = TAG.split(html)
    inside = []
    for index, part in enumerate(parts):
        if index % 2:
            name = re.match(r"</?([a-zA-Z0-9]+)", part)
            if name and name[1].lower() in UNWRAPPED and not part.endswith("/>"):
                if part.startswith("</"):
                    if inside:
                        inside.pop()
                else:
                    inside.append(name[1].lower())
        elif not inside:
            parts[index] = WORD.sub(_wrap_korean, part)
    return "".join(parts)


def _wrap_korean(word: re.Match) -> str:
    """A word holding Hangul, with its particles and punctuation, in a span the book keeps on one line."""
    return f'<span class="w">{word[0]}</span>' if HANGUL.search(word[0]) else word[0]


def render_pdf(document: str, root: Path) -> bytes:
    """Typeset with WeasyPrint; images are read only from inside the archive, never from the network."""
    logging.getLogger("weasyprint").setLevel(logging.WARNING)  # its progress is not news; its warnings are
    try:  # imported here: WeasyPrint is the optional `book` extra, and the other commands start without it
        from weasyprint import CSS as StyleSheet
        from weasyprint import HTML, URLFetcher
    except ImportError:  # not installed, or older than URLFetcher (WeasyPrint 68)
        raise BookError(NO_WEASYPRINT) from None
    except OSError as error:  # installed, but the system's Pango library is missing
        raise BookError(f"{NO_PANGO} ({error})") from None

    class ArchiveFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if readable(url, root):
                return super().fetch(url, headers)
            raise ValueError(f"not read: {url}")

    fetcher = ArchiveFetcher(allowed_protocols=("file", "data"))
    html = HTML(string=document, base_url=str(root) + "/", url_fetcher=fetcher)
    return html.write_pdf(stylesheets=[StyleSheet(filename=str(CSS))])


def readable(url: str, root: Path) -> bool:
    """Whether the book may embed `url`: a `data:` URI, or a local file inside the archive
    once every link on its way is followed. Nothing else: no network, no host (`//localhost/…`
    is `file://localhost/…`), no file outside `root`."""
    parts = urlsplit(url)
    if parts.scheme == "data":
        return True
    if parts.scheme != "file" or parts.netloc or not parts.path.startswith("/"):
        return False
    resolved = Path(unquote(parts.path)).resolve()
    return resolved == root or root in resolved.parents


def korean_fonts_missing() -> bool:
    """True when fontconfig is there and knows no Korean Noto font (the book would show empty boxes)."""
    if shutil.which("fc-list") is None:
        return False
    found = subprocess.run(["fc-list", FONT], capture_output=True, text=True, check=False)
    return not found.stdout.strip()
