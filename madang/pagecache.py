"""The MkDocs side of the content cache (contentcache.py): a generated page's HTML, kept by its Markdown,
and its search entries, kept by its HTML.

Python-Markdown over thousands of machine-written pages is the largest part of a
city's build; one more endorsement changes a handful of them. The plugin hands
each generated page's `render` to `PageHtml.render`, which converts only a
page whose Markdown (or whose site: the Markdown settings, the files that exist)
changed since the last build, and reads back the rest.
"""

import functools
import json
from collections.abc import Mapping

import markdown
import mkdocs
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents

from .contentcache import Store, key_of
from .render.search import FIELD, page_entries


def stable(value):
    """A setting as plain data that is the same in every process: a function by its name, not its address;
    MkDocs' settings, which are mappings but not dicts, by what they hold; a set in order."""
    if isinstance(value, functools.partial):
        return [stable(value.func), [stable(a) for a in value.args], {k: stable(v) for k, v in value.keywords.items()}]
    if callable(value):
        return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', type(value).__qualname__)}"
    if isinstance(value, Mapping):
        return {str(k): stable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [stable(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted((stable(v) for v in value), key=repr)
    return value if isinstance(value, (str, int, float, bool, type(None))) else repr(value)


def site_key(config) -> str:
    """What every page's HTML depends on beyond its own Markdown and the files it links to (PageHtml): the
    Markdown settings and the URL style."""
    return key_of(
        mkdocs.__version__, markdown.__version__,
        json.dumps(stable([config["markdown_extensions"], config["mdx_configs"]]), sort_keys=True),
        str(config["use_directory_urls"]),
    )


class PageHtml:
    """Python-Markdown's work on a generated page (Page.render), kept by the page's path and Markdown, with
    the address of each file its links looked up (None where none was there).

    A link becomes a page's address only when that page exists, so the HTML depends on which of the files
    it names exist; not on the rest of the site, so a listing page more or a new tag's page leaves every
    other page's HTML kept. MkDocs looks every link's file up through `Files.get_file_from_path`.
    """

    def __init__(self, store: Store, site: str):
        self.store = store
        self.site = site

    def render(self, page: Page, config, files) -> None:
        """Page.render, or what it gave for the same Markdown before: the HTML, the table of contents, the
        title it found and the anchors (links to other pages' anchors by path, for MkDocs' validation)."""
        key = key_of(self.site, page.file.src_uri, page.markdown or "")
        kept = _read(self.store.get(key))
        if not (_is_page(kept) and all(_address(files, path) == url for path, url in kept["looked_up"].items())):
            looked_up = LookedUp(files)
            Page.render(page, config, looked_up)
            self.store.put(key, json.dumps({
                "content": page.content, "toc": _toc_rows(page.toc), "title": page._title_from_render,
                "anchors": sorted(page.present_anchor_ids or ()),
                "links": {f.src_uri: a for f, a in (page.links_to_anchors or {}).items()},
                "looked_up": looked_up.addresses,
            }, ensure_ascii=False).encode("utf-8"))
            return
        page.content, page.toc, page._title_from_render = kept["content"], _toc(kept["toc"]), kept["title"]
        page.present_anchor_ids = set(kept["anchors"])
        linked = {path: files.get_file_from_path(path) for path in kept["links"]}
        page.links_to_anchors = {linked[path]: a for path, a in kept["links"].items() if linked[path]} or None


class LookedUp:
    """The site's files as Page.render reads them, noting the address of every file it looks up."""

    def __init__(self, files):
        self.files = files
        self.addresses = {}

    def get_file_from_path(self, path: str):
        found = self.files.get_file_from_path(path)
        self.addresses[path] = found.url if found is not None else None
        return found

    def __getattr__(self, name):
        return getattr(self.files, name)


def _address(files, path: str) -> str | None:
    found = files.get_file_from_path(path)
    return found.url if found is not None else None


class SearchEntries:
    """A generated page's search entries (search.page_entries: regular expressions over its whole HTML, a
    tenth of a city's rebuild), kept by the page's address, title and HTML."""

    def __init__(self, store: Store):
        self.store = store

    def of(self, location: str, title: str, content: str) -> list[dict]:
        key = key_of("search entries", location, title, content)
        kept = _read(self.store.get(key))
        if _are_entries(kept):
            return kept
        entries = page_entries(location, title, content)
        self.store.put(key, json.dumps(entries, ensure_ascii=False).encode("utf-8"))
        return entries


def _is_page(kept) -> bool:
    """A kept value is a page only as PageHtml.render writes one (written by another tool, or by hand, it is
    made again)."""
    return (isinstance(kept, dict) and kept.keys() == {"content", "toc", "title", "anchors", "links", "looked_up"}
            and isinstance(kept["content"], str) and isinstance(kept["title"], (str, type(None)))
            and _are_texts(kept["anchors"]) and _are_toc_rows(kept["toc"])
            and isinstance(kept["links"], dict) and all(_are_text_pairs(a) for a in kept["links"].values())
            and isinstance(kept["looked_up"], dict)
            and all(isinstance(k, str) and isinstance(v, (str, type(None))) for k, v in kept["looked_up"].items()))


def _are_texts(values) -> bool:
    return isinstance(values, list) and all(isinstance(value, str) for value in values)


def _are_text_pairs(values) -> bool:
    return isinstance(values, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in values.items())


def _are_toc_rows(rows) -> bool:
    return isinstance(rows, list) and all(
        isinstance(row, dict) and row.keys() == {"title", "id", "level", "children"} and isinstance(row["title"], str)
        and isinstance(row["id"], str) and type(row["level"]) is int and _are_toc_rows(row["children"])
        for row in rows)


def _are_entries(kept) -> bool:
    """A kept value is search entries only as page_entries makes them: a list of three texts each, and the
    Korean field's when the entry has Hangul words."""
    return isinstance(kept, list) and all(
        isinstance(entry, dict) and entry.keys() - {FIELD} == {"location", "title", "text"}
        and all(isinstance(value, str) for value in entry.values()) for entry in kept)


def _read(entry: bytes | None) -> dict | list | None:
    """A kept entry: JSON of text, lists and the table of contents' rows, so reading it back runs nothing;
    an unreadable one is None and is made again."""
    try:
        return json.loads(entry) if entry is not None else None
    except (ValueError, RecursionError):  # nested past what json reads
        return None


def _toc_rows(links) -> list:
    return [{"title": link.title, "id": link.id, "level": link.level, "children": _toc_rows(link.children)}
            for link in links]


def _toc(rows: list) -> TableOfContents:
    def links(rows):
        made = []
        for row in rows:
            link = AnchorLink(row["title"], row["id"], row["level"])
            link.children = links(row["children"])
            made.append(link)
        return made
    return TableOfContents(links(rows))
