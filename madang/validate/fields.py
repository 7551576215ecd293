"""Reading typed fields out of YAML, with a diagnostic for every mistake."""

import re
import unicodedata
from datetime import date

from ..constants import DATE_PATTERN, HANDLE_PATTERN
from ..diagnostics import diagnostic
from ..yamltext import YamlDocument


MAX_ITEMS = 200
"""Items in a list of texts (tags, choices, e-mail addresses)."""
MULTILINE_FIELDS = {"comment"}
"""Fields a person may write on several lines; every other text field is one line."""
MAX_LENGTH = {False: 300, True: 10_000}
"""Characters in a one-line (False) and a multi-line (True) field: a title of 200 KB made a build 4.5 times slower."""
INVISIBLE = "\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ud800-\udfff"
UNSEEN = {False: re.compile(f"[\n\t{INVISIBLE}]"), True: re.compile(f"[{INVISIBLE}]")}
"""Control, direction and zero-width characters: a reader cannot see them, and outputs (calendars, cards,
feeds) cannot hold most of them. Tab and line feed are allowed only where a field has several lines.
A lone surrogate (YAML's "\\ud800") is no character at all: no UTF-8 file can hold it."""


class Fields:
    """Reads typed fields out of one YAML mapping, collecting diagnostics."""

    def __init__(self, path: str, document: YamlDocument, known: set, prefix: tuple = ()):
        self.path = path
        self.document = document
        self.prefix = prefix
        self.diagnostics = []
        value = document.value
        for p in prefix:
            value = value[p]
        if value is None:
            value = {}
        if not isinstance(value, dict):
            self.diagnostics.append(diagnostic("not-a-mapping", path, document.line_of(*prefix)))
            value = {}
        self.values = value
        for key in value:
            if key not in known:
                self.report("unknown-field", key, field=key)

    def line(self, key) -> int:
        return self.document.line_of(*self.prefix, key)

    def report(self, slug, key, **values):
        self.diagnostics.append(diagnostic(slug, self.path, self.line(key), **values))

    def present(self, key) -> bool:
        return self.values.get(key) is not None

    def given(self, key, required):
        """Whether the field has a value; when `required`, says it is missing or empty."""
        if key not in self.values:
            if required:
                self.diagnostics.append(diagnostic("missing-field", self.path, self.document.line_of(*self.prefix), field=key))
            return False
        if self.values[key] is None or self.values[key] == "":
            if required:
                self.report("empty-field", key, field=key)
            return False
        return True

    def text(self, key, required=False) -> str | None:
        if not self.given(key, required):
            return None
        value = self.values[key]
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.report("not-text", key, field=key)
            return None
        return self._plain(key, str(value))

    def _plain(self, key, value: str) -> str | None:
        """The text when a person can see all of it and it is not too long, else None with a diagnostic."""
        problem = text_problem(key, value, key in MULTILINE_FIELDS)
        if problem:
            self.report(problem[0], key, **problem[1])
            return None
        return value

    def handle(self, key, required=False) -> str | None:
        value = self.text(key, required)
        if value is not None and not HANDLE_PATTERN.match(value):
            self.diagnostics.append(bad_name("bad-handle", self.path, self.line(key), value))
            return None
        return value

    def date(self, key, required=False) -> date | None:
        if not self.given(key, required):
            return None
        value = self.values[key]
        parsed = parse_date(value)
        if parsed is None:
            self.report("not-a-date", key, field=key, value=value)
        return parsed

    def texts(self, key) -> tuple[str, ...]:
        if not self.given(key, False):
            return ()
        value = self.values[key]
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, (str, int)) and not isinstance(v, bool) for v in value):
            self.report("not-text-list", key, field=key)
            return ()
        if len(value) > MAX_ITEMS:
            self.report("too-many-items", key, field=key, limit=MAX_ITEMS)
            return ()
        texts = tuple(self._plain(key, str(v)) for v in value)
        return () if None in texts else texts

    def choice(self, key, allowed) -> str | None:
        value = self.text(key)
        if value is not None and value not in allowed:
            self.report("bad-value", key, field=key, value=value, allowed=", ".join(allowed))
            return None
        return value

    def boolean(self, key) -> bool:
        if not self.given(key, False):
            return False
        value = self.values[key]
        if not isinstance(value, bool):
            self.report("bad-value", key, field=key, value=value, allowed="true, false")
            return False
        return value

    def integer(self, key) -> int | None:
        if not self.given(key, False):
            return None
        value = self.values[key]
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            self.report("bad-value", key, field=key, value=value, allowed="1, 2, 3, …")
            return None
        return value

    def date_order(self, earlier_key, earlier, later_key, later):
        if earlier and later and later < earlier:
            self.report(
                "date-order", later_key, earlier=earlier_key, earlier_value=earlier, later=later_key, later_value=later
            )


def text_problem(key, value: str, multiline: bool = False) -> tuple[str, dict] | None:
    """Why the text of field `key` cannot be kept: (slug, values) of its diagnostic, or None.

    A character no one can see (UNSEEN) or a text past MAX_LENGTH, the one bound of every text field."""
    unseen = UNSEEN[multiline].search(value)
    if unseen:
        return "unseen-character", {"field": key, "code": f"U+{ord(unseen.group()):04X}"}
    if len(value) > MAX_LENGTH[multiline]:
        return "text-too-long", {"field": key, "limit": MAX_LENGTH[multiline], "length": len(value)}
    return None


def bad_name(slug: str, path: str, line: int, name: str):
    """`slug` about a name that is not a handle, or look-alike-character when a hidden character is why."""
    hidden = look_alike(name)
    if hidden:
        return diagnostic("look-alike-character", path, line, name=name, **hidden)
    return diagnostic(slug, path, line, name=name)


def look_alike(name: str) -> dict | None:
    """The first character of `name` that is neither ASCII nor Korean, as diagnostic values.

    Such a character hides in a name that looks like an ASCII handle: Cyrillic 'а'
    (U+0430) in 'mаllory', a zero-width space, full-width 'ｈｅｉｄｉ'. The message
    names it by code, since it cannot be seen. A Korean name is plainly not a
    handle and keeps the usual message.
    """
    for character in name:
        if not character.isascii() and not unicodedata.name(character, "").startswith(("HANGUL", "CJK")):
            return {"code": f"U+{ord(character):04X}", "character": unicodedata.name(character, "(unnamed)")}
    return None


def parse_date(value) -> date | None:
    """A `YYYY-MM-DD` text as a date; None when it is not a real day."""
    if not isinstance(value, str) or not DATE_PATTERN.match(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None
