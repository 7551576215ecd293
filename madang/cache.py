"""The history cache: what `history` read last time, kept beside git's own files.

It lives in the repository's git folder (`.git/madang/`), outside every
tracked file, and is safe to delete at any time: a missing, unreadable or
outdated cache only means the whole history is read again.

The file is text: a header line, then one line of JSON per segment, oldest
first, each `[head it continues from, head, payload]`. A build that finds new
commits appends one segment holding only what they added, so one more pull
request writes kilobytes instead of the whole history again. Segments that do
not chain (two builds appending at once, a write cut short) make the whole
file no cache.

Data, not pickles: reading the cache back builds lists, strings and numbers
and runs nothing, whoever wrote the file. Arrays of numbers and bytes (act
texts) are stored as base64 (`_plain`), so a city's 200,000 events still read
back in a few `array` calls.
"""

import base64
import hashlib
import json
import os
import tempfile
from array import array
from pathlib import Path

VERSION = 9
"""Bump when the shape of what is stored (history._segment) changes (9: JSON instead of pickles)."""
HEADER = json.dumps({"madang-history-cache": VERSION, "itemsize": array("I").itemsize}) + "\n"
"""The first line: the version, and the size of an array item (the arrays are stored as their bytes)."""
MAX_SEGMENTS = 100
"""Past this many segments the history rewrites the file as one (reading many is slower)."""


def path_for(git_dir, prefix: str) -> Path:
    """One cache file per archive folder inside the repository."""
    key = hashlib.sha256(prefix.encode()).hexdigest()[:16]
    return Path(git_dir) / "madang" / f"history-v{VERSION}-{key}.json"


def load(path: Path) -> list | None:
    """The stored segments, oldest first; None when there are none that can be trusted."""
    try:
        with open(path, encoding="utf-8") as file:
            if file.readline() != HEADER:
                return None
            segments = [json.loads(line, object_hook=_typed) for line in file]
    except (OSError, ValueError, TypeError):  # a missing, truncated or foreign file is simply no cache
        return None
    if not all(isinstance(segment, list) and len(segment) == 3 for segment in segments):
        return None
    heads = [None] + [head for _, head, _ in segments]
    chained = all(base == heads[index] for index, (base, _, _) in enumerate(segments))
    return segments if segments and chained else None


def save(path: Path, head: str, payload) -> None:
    """Replace the file with one segment, atomically; a folder that cannot be written only means no cache."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, delete=False) as file:
            file.write(HEADER + _line(None, head, payload))
        os.replace(file.name, path)
        _remove_other_versions(path)
    except OSError:
        pass


def _remove_other_versions(path: Path) -> None:
    """The same archive's cache files of other versions (history-v8-….pickle and older) are never read again."""
    key = path.stem.rsplit("-", 1)[-1]
    for other in path.parent.glob(f"history-v*-{key}.*"):
        if other != path:
            other.unlink(missing_ok=True)


def append(path: Path, base: str, head: str, payload) -> None:
    """Add a segment continuing from `base`, the head of the file's last segment."""
    try:
        with open(path, "a", encoding="utf-8") as file:
            file.write(_line(base, head, payload))
    except OSError:
        pass


def _line(base, head, payload) -> str:
    return json.dumps([base, head, payload], ensure_ascii=False, separators=(",", ":"), default=_plain) + "\n"


def _plain(value) -> dict:
    """An array of numbers or bytes as JSON: its bytes in base64, tagged with what it was."""
    if isinstance(value, array):
        return {"array": value.typecode, "base64": base64.b64encode(value.tobytes()).decode()}
    if isinstance(value, bytes):
        return {"bytes": base64.b64encode(value).decode()}
    raise TypeError(f"the history cache cannot hold {type(value).__name__}")


def _typed(entry: dict):
    """The other way (json's object_hook): a tagged entry back to its array or bytes."""
    if "array" in entry:
        return array(entry["array"], base64.b64decode(entry["base64"], validate=True))
    if "bytes" in entry:
        return base64.b64decode(entry["bytes"], validate=True)
    return entry
