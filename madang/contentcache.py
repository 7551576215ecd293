"""The content cache: what a build made from a text, kept by a hash of that text, so a rebuild makes only what changed.

Four things are kept, each under a key of everything its output depends on and
madang's version: the HTML Python-Markdown makes of a generated page (`pages/`,
with its table of contents, title and anchors: pagecache.py), that page's search
entries (`search/`: pagecache.SearchEntries), a share card's PNG (`cards/`:
render/cards.py) and the sanitized HTML of a text people wrote (`bodies/`:
render/safe.RememberedHtml).
An endorsement changes its record's pages and card; every other page and card is
read back, byte for byte what making it again would give.

It lives beside the history cache, in the repository's git folder
(`.git/madang/`), outside every tracked file, and is safe to delete at any time:
a missing or unreadable entry is only made again. Each build removes the entries
it did not use, so the folder holds one site's worth.
"""

import hashlib
import os
import subprocess
import tempfile
from pathlib import Path

from . import __version__

FOLDER = "madang"
"""The folder inside the git folder, shared with the history cache (cache.py)."""


def folder_for(root, name: str) -> Path | None:
    """`.git/madang/<name>` of the repository holding `root`; None outside a git repository."""
    try:
        found = subprocess.run(["git", "-C", str(root), "rev-parse", "--absolute-git-dir"],
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    return Path(found) / FOLDER / name if found else None


def key_of(*parts: str) -> str:
    """The sha256 of madang's version and `parts`, each told apart from the next."""
    digest = hashlib.sha256(__version__.encode())
    for part in parts:
        digest.update(b"\0" + part.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


class Store:
    """Entries under `folder` by key, each behind the sha256 of its bytes (a damaged entry reads as none);
    what this build did not use is removed by `prune`."""

    def __init__(self, folder: Path | None):
        self.folder = folder
        self.used = set()

    def get(self, key: str) -> bytes | None:
        self.used.add(key)
        if self.folder is None:
            return None
        try:
            stored = (self.folder / key).read_bytes()
        except OSError:
            return None
        value = stored[hashlib.sha256().digest_size:]
        return value if stored[:hashlib.sha256().digest_size] == hashlib.sha256(value).digest() else None

    def put(self, key: str, value: bytes) -> None:
        """Written whole or not at all; a folder that cannot be written only means no cache."""
        self.used.add(key)
        if self.folder is None:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=self.folder, delete=False) as file:
                file.write(hashlib.sha256(value).digest() + value)
            os.replace(file.name, self.folder / key)
        except OSError:
            pass

    def prune(self) -> None:
        if self.folder is None or not self.folder.is_dir():
            return
        for entry in self.folder.iterdir():
            if entry.name not in self.used:
                entry.unlink(missing_ok=True)
