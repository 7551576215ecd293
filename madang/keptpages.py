"""Pages kept from the site built before: a page whose inputs did not change is not rendered again.

After Python-Markdown (pagecache.py), Material's templates over every page are
the largest part of a rebuild, and one more endorsement changes a handful of
pages. Each page gets a key of everything its template reads: the page (its
HTML, table of contents, title, front matter, address, share card), the whole
navigation (Material draws it into every page), the settings, the theme's
templates and the versions of the tools. `madang build` remembers, for the site
it put in place, each page file's key, size and time (`.git/madang/sites/`). The
next build gives a page whose key and file are unchanged an empty template, so
MkDocs writes nothing for it, and links the previous site's file into the new
one. Every plugin hook still runs for every page (the search index is made
whole); only the template is skipped. A build with a plugin madang does not
know keeps nothing: that plugin may write into a page in ways no key sees.
"""

import hashlib
import json
import logging
import os
import shutil
from importlib.metadata import version
from pathlib import Path

import material
import mkdocs

from .contentcache import key_of
from .pagecache import stable

KEPT_TEMPLATE = "madang-kept.html"
"""An empty template in madang's theme: MkDocs writes no file for a page that renders to nothing."""
KNOWN_PLUGINS = {"madang", "search", "material/search"}
"""The plugins whose effect on a page the key covers (madang's own, Material's search)."""
UNSTABLE_SETTINGS = {"plugins", "site_dir", "config_file_path"}
"""Settings a page does not show (plugins are checked by name; the staging folder differs in every build)."""
BUILD_LOG = logging.getLogger("mkdocs.commands.build")
TOOLS = ("mkdocs", "mkdocs-material", "jinja2", "markdown", "pymdown-extensions")


class KeptPages:
    """The pages of the previous site that this build links instead of rendering."""

    def __init__(self, manifest_file: Path | None, previous_site: Path):
        self.manifest_file = manifest_file
        self.previous_site = previous_site
        self.kept: list[str] = []
        """Kept pages' output paths (dest_uri)."""
        self.unsaid: set[str] = set()
        """MkDocs' "Page skipped" for each kept page: not news."""
        self.keys: dict[str, str] = {}
        """Every page's output path with its key, for the manifest of the site being built."""
        self.written: dict[str, list] = {}
        """The manifest of the site being built: each page file's key, size and time."""

    def choose(self, config, nav, files) -> None:
        """Key every page (after every page is read and converted, before any is rendered) and give the
        unchanged ones the empty template."""
        if self.manifest_file is None or not set(config.plugins) <= KNOWN_PLUGINS:
            return
        site = _site_key(config, nav, files)
        previous = _read_manifest(self.manifest_file)
        for file in files.documentation_pages():
            page = file.page
            if page is None:
                continue
            key = key_of(site, _page_part(page))
            self.keys[file.dest_uri] = key
            if _unchanged(previous.get(file.dest_uri), key, self.previous_site / file.dest_uri):
                page.meta["template"] = KEPT_TEMPLATE
                self.kept.append(file.dest_uri)
                self.unsaid.add(f"Page skipped: '{file.src_uri}'. Generated empty output.")
        BUILD_LOG.addFilter(self.quiet)

    def quiet(self, record: logging.LogRecord) -> bool:
        return record.getMessage() not in self.unsaid

    def link_into(self, site: Path) -> None:
        """Link each kept page's previous file into the new site (a copy where links cannot be made), and
        note every page file's size and time for the manifest."""
        BUILD_LOG.removeFilter(self.quiet)
        for dest_uri in self.kept:
            target = site / dest_uri
            target.parent.mkdir(parents=True, exist_ok=True)
            source = self.previous_site / dest_uri
            try:
                os.link(source, target)
            except OSError:
                shutil.copy2(source, target)
        for dest_uri, key in self.keys.items():
            try:
                stat = (site / dest_uri).stat()
            except OSError:
                continue
            self.written[dest_uri] = [key, stat.st_size, stat.st_mtime_ns]

    def save(self) -> None:
        """After the new site is in place: what the next build may keep of it."""
        if self.manifest_file is None or not self.written:
            return
        try:
            self.manifest_file.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.manifest_file.with_suffix(".new")
            temporary.write_text(json.dumps(self.written, sort_keys=True), encoding="utf-8")
            os.replace(temporary, self.manifest_file)
        except OSError:
            pass


def manifest_for(folder: Path | None, site_dir: Path) -> Path | None:
    """The manifest of the site at `site_dir`, in the archive's cache folder (contentcache.folder_for)."""
    if folder is None:
        return None
    return folder / f"{hashlib.sha256(str(site_dir.resolve()).encode()).hexdigest()[:32]}.json"


def _unchanged(entry, key: str, previous_file: Path) -> bool:
    """The previous site has this page's file, made with this key and not touched since."""
    if not (isinstance(entry, list) and len(entry) == 3 and entry[0] == key):
        return False
    try:
        stat = previous_file.stat()
    except OSError:
        return False
    return [stat.st_size, stat.st_mtime_ns] == entry[1:]


def _read_manifest(manifest_file: Path) -> dict:
    try:
        manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return manifest if isinstance(manifest, dict) else {}


def _site_key(config, nav, files) -> str:
    """What every page's output depends on beyond the page: tools, settings, templates, navigation, files."""
    settings = {name: value for name, value in config.items() if name not in UNSTABLE_SETTINGS}
    return key_of(
        json.dumps([version(tool) for tool in TOOLS]),
        json.dumps(stable(settings), sort_keys=True, ensure_ascii=False),
        _templates_key(config.theme.dirs),
        json.dumps(_nav_rows(nav.items), ensure_ascii=False),
        "\n".join(sorted(f"{file.src_uri}\t{file.dest_uri}" for file in files)),
    )


def _templates_key(dirs: list[str]) -> str:
    """The theme's folders in order and their files' contents (an archive's `custom_dir`, madang's theme);
    MkDocs' and Material's own are known by their versions."""
    rows = list(dirs)
    for folder in dirs:
        if any(Path(folder).is_relative_to(Path(package.__file__).parent) for package in (mkdocs, material)):
            continue
        for path in sorted(Path(folder).rglob("*")):
            if path.is_file():
                rows.append(f"{path}\t{hashlib.sha256(path.read_bytes()).hexdigest()}")
    return "\n".join(rows)


def _nav_rows(items) -> list:
    """The navigation as Material draws it: each item's kind, title, address and children."""
    return [[type(item).__name__, item.title, getattr(item, "url", None), _nav_rows(item.children or [])]
            for item in items]


def _page_part(page) -> str:
    """What a page's template reads of the page itself (its place in the navigation is its address)."""
    return json.dumps(stable({
        "src": page.file.src_uri, "url": page.url, "canonical": page.canonical_url, "edit": page.edit_url,
        "title": page.title, "content": page.content, "toc": _toc_rows(page.toc), "meta": page.meta,
    }), sort_keys=True, ensure_ascii=False)


def _toc_rows(links) -> list:
    return [[link.title, link.id, link.level, _toc_rows(link.children)] for link in links]

