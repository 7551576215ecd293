"""The MkDocs adapter: hands the generated pages to MkDocs, nothing more.

Generated files enter through `File.generated` in `on_files`; nothing is
written into docs_dir. Record pages stay out of the navigation (Material
renders the whole navigation into every page).
"""

import functools
import sys
from pathlib import Path

import yaml
from babel.core import LOCALE_ALIASES
from mkdocs.config import load_config
from mkdocs.exceptions import ConfigurationError, PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, InclusionLevel
from pymdownx.slugs import slugify

from . import __version__, pipeline
from .contentcache import Store, folder_for
from .constants import RECORD_LAYOUT
from .diagnostics import diagnostic
from .history import ACT_PATH
from .i18n import _, current_language, speaking
from .keptpages import KeptPages, manifest_for
from .pagecache import PageHtml, SearchEntries, site_key
from .render import SCRIPT_PATH, is_navigation_page, navigation
from .render.cards import cards, write_cards
from .render.safe import remembered
from .render.search import rewrite_index
from .render.tables import card_tables
from .secondhalf import SecondHalf, second_half
from .settings import MadangConfig, settings_from

FORMAT_FOLDERS = tuple(sorted({folder.split("/")[0] for folder, _ in RECORD_LAYOUT.values()}))
"""The top folders of every record kind (proposals, polls, juries, content): a change there changes the site."""
BRANCH_HEADS = (".git/HEAD", ".git/refs/heads")
"""A commit or a checkout changes what counts (mkdocs serve)."""
THEME = Path(__file__).parent / "theme"
"""Overrides of Material's templates (share tags and bar, accessibility fixes) and madang's CSS and JS."""
HEADING_IDS = {"case": "lower"}
"""pymdownx.slugs.slugify's options for heading anchors: Python-Markdown's default slugify drops Hangul."""


class MadangPlugin(BasePlugin[MadangConfig]):
    published: dict | None = None
    """The audit (commit, digest) of the site published before; the command line sets it."""
    previous_site: Path | None = None
    """The folder of the site built before, whose unchanged pages this build keeps (keptpages.py); the
    command line sets it, and saves what was kept once the new site is in place."""
    kept_pages: KeptPages | None = None
    two_cores = False
    """Whether the generated pages may be converted by a forked second process (secondhalf.py): the command
    line's build sets it; `serve` and a plain `mkdocs build` convert on one core."""
    second_half: SecondHalf | None = None

    def on_config(self, config):
        config.mdx_configs.setdefault("toc", {}).setdefault("slugify", slugify(**HEADING_IDS))
        if SCRIPT_PATH not in config.extra_javascript:
            config.extra_javascript.append(SCRIPT_PATH)
        self.settings = settings_from(
            self.config, config.site_name, config.repo_url, config.site_url, config.theme.get("language")
        )
        config.extra["madang"] = theme_values(self.settings)
        if str(THEME) not in config.theme.dirs:  # after the archive's own custom_dir, before Material
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(THEME))
        return config

    def on_files(self, files, config):
        root = Path(config.config_file_path).parent
        home = files.get_file_from_path("index.md")
        intro = home.content_string if home else None
        self.page_store, self.card_store = Store(folder_for(root, "pages")), Store(folder_for(root, "cards"))
        self.search_store, self.body_store = Store(folder_for(root, "search")), Store(folder_for(root, "bodies"))
        try:
            with remembered(self.body_store):
                result = pipeline.run(root, self.settings, intro, self.published, pipeline.settings_in)
                with speaking(self.settings.language):
                    self.cards = {card.page: card
                                  for card in cards(result.archive, result.counts, self.settings, result.selection)}
        except pipeline.ArchiveError as error:
            raise PluginError(str(error)) from None
        for problem in result.diagnostics:
            print(problem, file=sys.stderr)
        if not config.site_url:
            print(diagnostic("site-url-missing", "mkdocs.yml"), file=sys.stderr)
        if result.rewritten:
            print(f"\n!!! {result.rewritten}\n", file=sys.stderr)
        generated_paths = {generated.path for generated in result.files}
        user_pages = sorted(f.src_uri for f in files.documentation_pages() if f.src_uri not in generated_paths)
        docs = Path(config.docs_dir).resolve().relative_to(root.resolve()).as_posix()
        for file in list(files):
            if ACT_PATH.match(f"{docs}/{file.src_uri}"):
                files.remove(file)  # sign-ups and opinions under content/ are shown on their record's page
        for page in files.documentation_pages():
            if page.src_uri not in generated_paths and not is_navigation_page(page.src_uri):
                page.inclusion = InclusionLevel.NOT_IN_NAV
        for generated in result.files:
            existing = files.get_file_from_path(generated.path)
            if existing is not None:
                files.remove(existing)
            inclusion = InclusionLevel.INCLUDED if generated.in_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, generated.path, content=generated.content, inclusion=inclusion))
        if config.nav is None:
            config.nav = navigation(user_pages, self.settings.language)
        self.quick_search = {generated.path for generated in result.files if generated.path.endswith(".md")}
        self.search_entries = []
        self.page_search = SearchEntries(self.search_store)
        if self.previous_site is not None:
            self.kept_pages = KeptPages(manifest_for(folder_for(root, "sites"), self.previous_site), self.previous_site)
        return files

    def on_nav(self, nav, config, files):
        """Every plugin has added its files: the site's part of each page's cache key is known (pagecache.py),
        and the generated pages can be converted on two cores (secondhalf.py) when the command line builds."""
        self.page_html = PageHtml(self.page_store, site_key(config))
        self.nav = nav
        if self.two_cores:
            generated = [file for file in files.documentation_pages() if file.src_uri in self.quick_search]
            self.second_half = second_half(generated, config, files, self.page_store.folder)
        return nav

    def on_env(self, env, config, files):
        """Every page is read and converted, none is rendered yet: each shared page gets its share card, for
        the theme's Open Graph tags (theme/main.html), and the unchanged pages are kept (keptpages.py)."""
        if self.second_half is not None:
            self.second_half.wait()
        for file in files.documentation_pages():
            card = self.cards.get(file.src_uri)
            if card is not None and file.page is not None:
                file.page.meta["madang_card"] = {"image": card.image, "title": card.title, "summary": card.summary}
        if self.kept_pages is not None:
            self.kept_pages.choose(config, self.nav, files)
        return env

    def on_pre_page(self, page, config, files):
        """A generated page's Markdown is converted only when it changed since the last build (pagecache.py)."""
        if self.second_half is not None:
            self.second_half.reached(page.file.src_uri)
        if page.file.src_uri in self.quick_search:
            page.render = functools.partial(self.page_html.render, page)
        return page

    @event_priority(50)  # before Material's search plugin reads the page
    def on_page_context(self, context, page, config, nav):
        """A generated page is indexed here, by section in short blocks (search.page_entries), not by Material."""
        if page.file.src_uri in self.quick_search:
            page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
            self.search_entries.extend(self.page_search.of(page.url, page.title, page.content))
        return context

    def on_build_error(self, error):
        if self.second_half is not None:
            self.second_half.stop()

    def on_page_content(self, html, page, config, files):
        """Tables of three or more columns read as cards on a phone (render/tables.py, madang.css)."""
        return card_tables(html)

    @event_priority(-100)  # after Material's search plugin has written the index
    def on_post_build(self, config):
        site = Path(config.site_dir)
        index = site / "search" / "search_index.json"
        if index.exists():
            rewrite_index(index, self.search_entries)
        if self.kept_pages is not None:
            self.kept_pages.link_into(site)
        with speaking(self.settings.language):
            write_cards(self.cards.values(), self.settings.site_name, site, self.card_store)  # not held as MkDocs files
        for store in (self.page_store, self.card_store, self.search_store, self.body_store):
            store.prune()

    def on_serve(self, server, config, builder):
        """Watch every folder of the format, the archive's own files (members.yml) and the branch heads.

        A folder that does not exist yet is made, empty (git does not see it): MkDocs can only watch what
        exists, and a new archive's first proposal, poll or jury must show up as it is written."""
        root = Path(config.config_file_path).parent
        for name in FORMAT_FOLDERS:
            try:
                (root / name).mkdir(exist_ok=True)
            except OSError:  # a read-only checkout: nothing new will be written there either
                continue
            server.watch(str(root / name))
        server.watch(str(root), recursive=False)
        for name in BRANCH_HEADS:
            if (root / name).exists():
                server.watch(str(root / name))
        return server


def theme_values(settings) -> dict:
    """What madang's theme templates read as `config.extra.madang` (theme/main.html, theme/partials/): the
    version and archive format the footer shows and the theme's words, in the site's language. In
    `extra`, not Jinja globals, so a plain MkDocs build of `madang generate`'s mkdocs.yml has them too."""
    with speaking(settings.language):
        return {"version": __version__, "words": theme_words(settings.archive_format)}


def theme_words(archive_format: int) -> dict:
    """The words madang's theme templates show (theme/main.html, theme/partials/), in the site's language."""
    return {
        "locale": LOCALE_ALIASES.get(current_language(), current_language()),
        "share": _("공유하기"),
        "copy_link": _("링크 복사"),
        "copied": _("링크를 복사했습니다"),
        "closed": _("마감"),
        "archive_format": _("아카이브 형식 {format}", format=archive_format),
        "made_with": _("만든 도구:"),
    }


def load_mkdocs_config(config_file: Path, **overrides):
    """The archive's MkDocs config; a mistake in mkdocs.yml is a message, not a traceback."""
    try:
        return load_config(config_file=str(config_file), **overrides)
    except (ValueError, TypeError, OSError, yaml.YAMLError) as error:
        raise ConfigurationError(
            f"{config_file}: mkdocs.yml을 읽을 수 없습니다 / cannot read mkdocs.yml: {error}"
        ) from None
