"""Keeps the catalogs (madang/locale/*.po) in step with the code: `python -m madang.catalogs`.

Babel's extractor finds every `_()`, `ngettext()` and `N_()` in madang's Python; each catalog gains
the new ids (Korean, the source language, repeats them; another language's new entries are left
empty for a translator, and the tests fail until they are filled) and loses the ones no code uses.
Entries are sorted and carry no line numbers, so two people adding strings rarely conflict.
"""

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from .i18n import LOCALE_DIR, SOURCE_LANGUAGE, languages

PACKAGE = Path(__file__).parent
METHODS = [("**.py", "python")]
KEYWORDS = {"_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2), "N_": None, "NP_": ((1, "c"), 2)}
"""The functions of i18n.py that take a message (NP_ and pgettext: a context first)."""


def extracted() -> Catalog:
    """Every message the code asks for, as a template catalog."""
    template = Catalog(fuzzy=False)
    for filename, line, message, comments, context in extract_from_dir(PACKAGE, METHODS, keywords=KEYWORDS):
        template.add(message, locations=[(filename, line)], auto_comments=comments, context=context)
    return template


def read(language: str) -> Catalog:
    with open(LOCALE_DIR / f"{language}.po", "rb") as file:
        return read_po(file, locale=language)


def update(language: str, template: Catalog) -> Catalog:
    """`language`'s catalog with the template's ids: new ones added, unused ones dropped."""
    catalog = read(language)
    created = catalog.creation_date
    catalog.update(template, no_fuzzy_matching=True)
    catalog.creation_date = created  # the header stays as it was: no line changes when no message does
    if language == SOURCE_LANGUAGE:
        for message in catalog:
            if message.id and (message.fuzzy or not any(_strings(message))):
                message.string = (message.id[0],) * catalog.num_plurals if message.pluralizable else message.id
                message.flags.discard("fuzzy")
    return catalog


def write(language: str, catalog: Catalog):
    with open(LOCALE_DIR / f"{language}.po", "wb") as file:
        write_po(file, catalog, no_location=True, omit_header=False, sort_output=True, ignore_obsolete=True,
                 width=0)


def main():
    template = extracted()
    for language in languages():
        write(language, update(language, template))
        missing = [m.id for m in read(language) if m.id and not all(_strings(m))]
        print(f"{language}.po: {len(template)} messages, {len(missing)} to translate")


def _strings(message) -> tuple:
    return message.string if isinstance(message.string, tuple) else (message.string,)


if __name__ == "__main__":
    main()
