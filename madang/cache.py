"""The history cache: what `history` read last time, kept beside git's own files.

It lives in the repository's git folder (`.git/madang/`), outside every
tracked file, and is safe to delete at any time: a missing, unreadable or
outdated cache only means the whole history is read again.
"""

import hashlib
import os
import pickle
import tempfile
from pathlib import Path

VERSION = 5
"""Bump when the shape of what is stored (history._to_plain) changes."""


def path_for(git_dir, prefix: str) -> Path:
    """One cache file per archive folder inside the repository."""
    key = hashlib.sha256(prefix.encode()).hexdigest()[:16]
    return Path(git_dir) / "madang" / f"history-v{VERSION}-{key}.pickle"


def load(path: Path):
    """The cached History, or None when there is none that can be trusted."""
    try:
        with open(path, "rb") as file:
            version, history = pickle.load(file)
    except Exception:  # a missing, truncated or foreign file is simply no cache
        return None
    return history if version == VERSION else None


def save(path: Path, history) -> None:
    """Write atomically; a folder that cannot be written only means no cache."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as file:
            pickle.dump((VERSION, history), file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(file.name, path)
    except OSError:
        pass
