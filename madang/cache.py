"""The history cache: what `history` read last time, kept beside git's own files.

It lives in the repository's git folder (`.git/madang/`), outside every
tracked file, and is safe to delete at any time: a missing, unreadable or
outdated cache only means the whole history is read again.

The file is a chain of segments, oldest first, each `(head it continues from,
head, payload)`. A build that finds new commits appends one segment holding
only what they added, so one more pull request writes kilobytes instead of
the whole history again. Segments that do not chain (two builds appending at
once, a write cut short) make the whole file no cache.
"""

import hashlib
import os
import pickle
import tempfile
from pathlib import Path

VERSION = 8
"""Bump when the shape of what is stored (history._segment) changes (8: who opened the pull request, renames)."""
MAX_SEGMENTS = 100
"""Past this many segments the history rewrites the file as one (reading many is slower)."""


def path_for(git_dir, prefix: str) -> Path:
    """One cache file per archive folder inside the repository."""
    key = hashlib.sha256(prefix.encode()).hexdigest()[:16]
    return Path(git_dir) / "madang" / f"history-v{VERSION}-{key}.pickle"


def load(path: Path) -> list | None:
    """The stored segments, oldest first; None when there are none that can be trusted."""
    try:
        with open(path, "rb") as file:
            if pickle.load(file) != VERSION:
                return None
            segments = []
            while file.peek(1):
                segments.append(pickle.load(file))
    except Exception:  # a missing, truncated or foreign file is simply no cache
        return None
    heads = [None] + [head for _, head, _ in segments]
    chained = all(base == heads[index] for index, (base, _, _) in enumerate(segments))
    return segments if segments and chained else None


def save(path: Path, head: str, payload) -> None:
    """Replace the file with one segment, atomically; a folder that cannot be written only means no cache."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as file:
            pickle.dump(VERSION, file, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump((None, head, payload), file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(file.name, path)
    except OSError:
        pass


def append(path: Path, base: str, head: str, payload) -> None:
    """Add a segment continuing from `base`, the head of the file's last segment."""
    try:
        with open(path, "ab") as file:
            pickle.dump((base, head, payload), file, protocol=pickle.HIGHEST_PROTOCOL)
    except OSError:
        pass
