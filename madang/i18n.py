"""The words a citizen reads, in the site's one language (mkdocs.yml `theme.language`), from a catalog.

Korean is the source language: every message id is the Korean text written in the code, wrapped in
`_()` (or `ngettext()` where a number decides the form). Each language is one catalog,
`madang/locale/<language>.po`, read with Babel when the site is built (no compile step a fresh clone
would lack); the Korean catalog repeats the ids, so both are complete and checked alike. A language
without a catalog is shown in Korean, and `check` says so (`language-without-catalog`).

The language is chosen once per build (`speaking`), not passed through every function: a page, a feed
and a card are all rendered in the same one, and the stages below render never see words.
"""

import gettext
from collections.abc import Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).parent / "locale"
"""One catalog per language, `<language>.po` (ko.po, en.po)."""
SOURCE_LANGUAGE = "ko"
"""The language of the message ids, and the one shown when the site's language has no catalog."""

_language: ContextVar[str] = ContextVar("madang_language", default=SOURCE_LANGUAGE)


def languages() -> tuple[str, ...]:
    """The languages with a catalog."""
    return tuple(sorted(path.stem for path in LOCALE_DIR.glob("*.po")))


def catalog_language(requested: str | None) -> str | None:
    """The catalog for a theme language ("en", "en-GB", "ko_KR" -> "en", "ko"); None when there is none."""
    if not requested:
        return SOURCE_LANGUAGE
    name = str(requested).replace("-", "_")
    for candidate in (name, name.split("_")[0].lower()):
        if candidate in languages():
            return candidate
    return None


def site_language(requested: str | None) -> str:
    """The language a site is shown in: its own when madang has its catalog, else Korean."""
    return catalog_language(requested) or SOURCE_LANGUAGE


@cache
def translations(language: str) -> gettext.GNUTranslations:
    """The catalog of `language`, read from its .po file and compiled in memory (Babel's .mo writer)."""
    with open(LOCALE_DIR / f"{language}.po", "rb") as file:
        catalog = read_po(file, locale=language)
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


@contextmanager
def speaking(language: str):
    """Render everything inside in `language` (a catalog's name: site_language chooses it)."""
    token = _language.set(language)
    try:
        yield
    finally:
        _language.reset(token)


def current_language() -> str:
    return _language.get()


def _(message: str, **values) -> str:
    """`message` (its Korean text) in the current language, its `{placeholders}` filled from `values`."""
    words = translations(_language.get()).gettext(message)
    return words.format(**values) if values else words


def ngettext(singular: str, plural: str, n: int, **values) -> str:
    """The form of a message for the number `n` (one form in Korean, two in English), `{n}` filled."""
    return translations(_language.get()).ngettext(singular, plural, n).format(n=n, **values)


def pgettext(context: str, message: str, **values) -> str:
    """`message` where the same Korean needs other words elsewhere (제안: the tab "Proposals", the stage "Proposed")."""
    words = translations(_language.get()).pgettext(context, message)
    return words.format(**values) if values else words


def N_(message: str) -> str:
    """Marks a message to translate later, where it is used (a constant made when the module loads)."""
    return message


def NP_(context: str, message: str) -> tuple[str, str]:
    """N_ with a context (pgettext), for a constant label."""
    return (context, message)


def translated(label: str | tuple[str, str]) -> str:
    """A label marked with N_ or NP_, in the current language."""
    return pgettext(*label) if isinstance(label, tuple) else _(label)


class Words(Mapping):
    """A table of labels (constants.py: statuses, levels, roles), each read in the current language.

    The keys are the format's values (`open`, `verified`); the labels are marked with N_ or NP_ so Babel
    finds them, and are translated when they are read, not when the module loads.
    """

    def __init__(self, labels: dict):
        self._labels = dict(labels)

    def __getitem__(self, key) -> str:
        return translated(self._labels[key])

    def __iter__(self):
        return iter(self._labels)

    def __len__(self) -> int:
        return len(self._labels)

    def __repr__(self) -> str:
        return f"Words({self._labels!r})"
