"""The MkDocs side of the content cache (contentcache.py): a generated page's HTML, kept by its Markdown.

Python-Markdown over thousands of machine-written pages is the largest part of a
city's build; one more endorsement changes a handful of them. The plugin hands
each generated page's `render` to `PageHtml.render`, which converts only a
page whose Markdown (or whose site: the Markdown settings, the files that exist)
changed since the last build, and reads back the rest.
"""

import functools
import json
import pickle

import markdown
import mkdocs
from mkdocs.structure.pages import Page

from .contentcache import Store, key_of


def _stable(value):
    """A value of mdx_configs as text that is the same in every process (a function by its name, not its address)."""
    if isinstance(value, functools.partial):
        return [_stable(value.func), [_stable(a) for a in value.args], {k: _stable(v) for k, v in value.keywords.items()}]
    if callable(value):
        return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', type(value).__qualname__)}"
    if isinstance(value, dict):
        return {str(k): _stable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_stable(v) for v in value]
    return value if isinstance(value, (str, int, float, bool, type(None))) else repr(value)


def site_key(config, files) -> str:
    """What every page's HTML depends on beyond its own Markdown: the Markdown settings, the URL style and
    which files exist (a link is made to a page's URL only when the page is there)."""
    return key_of(
        mkdocs.__version__, markdown.__version__,
        json.dumps(_stable([config["markdown_extensions"], config["mdx_configs"]]), sort_keys=True),
        str(config["use_directory_urls"]), "\n".join(sorted(f.src_uri for f in files)),
    )


class PageHtml:
    """Python-Markdown's work on a generated page (Page.render), kept by the page's path and Markdown."""

    def __init__(self, store: Store, site: str):
        self.store = store
        self.site = site

    def render(self, page: Page, config, files) -> None:
        """Page.render, or what it gave for the same Markdown before: the HTML, the table of contents, the
        title it found and the anchors (links to other pages' anchors by path, for MkDocs' validation)."""
        key = key_of(self.site, page.file.src_uri, page.markdown or "")
        kept = self.store.get(key)
        if kept is not None:
            try:
                content, toc, title, anchors, links = pickle.loads(kept)
            except Exception:  # an unreadable entry is made again
                kept = None
        if kept is None:
            Page.render(page, config, files)
            links = {f.src_uri: a for f, a in (page.links_to_anchors or {}).items()}
            self.store.put(key, pickle.dumps(
                (page.content, page.toc, page._title_from_render, page.present_anchor_ids, links),
                protocol=pickle.HIGHEST_PROTOCOL))
            return
        page.content, page.toc, page._title_from_render, page.present_anchor_ids = content, toc, title, anchors
        page.links_to_anchors = {files.get_file_from_path(path): a for path, a in links.items()} or None
