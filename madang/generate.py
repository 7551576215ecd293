"""`madang generate ARCHIVE_DIR OUT_DIR`: the site's sources as plain files, for an engine without madang.

The plugin hands MkDocs the generated pages in memory (plugin.py); this writes
the same files to disk, made by the same plugin methods (`on_config`,
`on_files`), so plain MkDocs, or another engine that reads MkDocs' layout, can
build the site:

    OUT_DIR/docs/          the archive's own pages (content/, without its act files), every generated
                           page and data file, the share cards (assets/cards/); a shared page's card in
                           its front matter (`madang_card`), as theme/main.html reads it
    OUT_DIR/overrides/     madang's theme (theme/), with the archive's own `custom_dir` over it
    OUT_DIR/mkdocs.yml     the archive's mkdocs.yml without the madang plugin: `nav` written out,
                           Korean heading ids, madang's script, `extra.madang` for the theme
    OUT_DIR/madang.json    the card and search metadata: every card, and the search settings

What a plain build lacks is what happens after MkDocs has made a page's HTML
(docs/architecture.md "madang generate"): the phone layout of wide tables
(render/tables.py) and madang's search index (search.py).
"""

import json
import shutil
from pathlib import Path

import yaml
from mkdocs.structure.files import get_files
from mkdocs.utils.yaml import yaml_load

from . import __version__, book
from .i18n import speaking
from .plugin import HEADING_IDS, THEME, MadangPlugin, load_mkdocs_config
from .render import SCRIPT_PATH
from .render.cards import write_cards
from .render.search import FIELD, SEPARATOR

GENERATED_BY = "madang generate"
DROPPED = ("site_dir", "INHERIT")
"""mkdocs.yml keys the written file leaves out: the site goes to OUT_DIR/site; INHERIT is already merged in."""


class GenerateError(Exception):
    """OUT_DIR cannot be written there; the message says why, in Korean and English."""


def generate(config_file: Path, out: Path, published: dict | None = None) -> int:
    """Write the site's sources into `out` (replaced whole when complete); the number of pages written."""
    root = config_file.parent
    config = load_mkdocs_config(config_file)
    _refuse_inside_archive(root, Path(config.docs_dir), out)
    plugin = config.plugins.get("madang")
    if not isinstance(plugin, MadangPlugin):
        raise GenerateError(f"{config_file}: madang 플러그인이 없습니다 (plugins: [search, madang]). / "
                            "mkdocs.yml does not use the madang plugin")
    plugin.published = published
    config = config.plugins.on_config(config)  # as MkDocs' build runs them: every plugin's, in order
    files = config.plugins.on_files(get_files(config), config=config)
    staging = out.parent / f".{out.name}.generating"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        pages = _write_docs(files, plugin.cards, staging / "docs")
        with speaking(plugin.settings.language):
            write_cards(plugin.cards.values(), plugin.settings.site_name, staging / "docs")
        if plugin.settings.book:
            (staging / "docs" / "book.pdf").write_bytes(book.make_book(root, plugin.settings))
        _write_theme(config, staging / "overrides")
        (staging / "mkdocs.yml").write_text(plain_mkdocs_yml(config), encoding="utf-8")
        (staging / "madang.json").write_text(_metadata(plugin), encoding="utf-8")
        shutil.rmtree(out, ignore_errors=True)
        staging.rename(out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return pages


def _refuse_inside_archive(root: Path, docs: Path, out: Path) -> None:
    """OUT_DIR is replaced whole: never the archive, a folder holding it, or a folder inside its docs."""
    out, root, docs = out.resolve(), root.resolve(), docs.resolve()
    if out == root or out in root.parents or docs in (out, *out.parents):
        raise GenerateError(f"{out}: 아카이브 폴더나 그 위, 문서 폴더(content/) 안에는 쓰지 않습니다 (통째로 바뀝니다). / "
                            "OUT_DIR is replaced whole: choose a folder outside the archive's own files")


def _write_docs(files, cards: dict, docs: Path) -> int:
    """Every file MkDocs would build from the docs and madang, as it would read it; a shared page with its card
    in its front matter. What another plugin generates is left to it: the plain build runs it too."""
    pages = 0
    for file in files:
        if file.inclusion.is_excluded() or file.generated_by not in (None, "madang"):
            continue
        target = docs / file.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        card = cards.get(file.src_uri)
        if card is not None:
            target.write_text(with_card(file.content_string, card), encoding="utf-8")
        elif file.generated_by is None:
            shutil.copyfile(file.abs_src_path, target)
        else:
            target.write_bytes(file.content_bytes)
        pages += file.is_documentation_page()
    return pages


def with_card(page: str, card) -> str:
    """The page with `madang_card` (what the plugin's on_env sets) added to its front matter, made if it has none."""
    line = "madang_card: " + yaml.safe_dump({"image": card.image, "title": card.title, "summary": card.summary},
                                            allow_unicode=True, default_flow_style=True, width=float("inf"))
    if page.startswith("---\n"):
        return f"---\n{line}{page[4:]}"
    return f"---\n{line}---\n{page}"


def _write_theme(config, overrides: Path) -> None:
    """madang's theme, then the archive's own custom_dir over it: the order the plugin puts them in."""
    shutil.copytree(THEME, overrides)
    if config.theme.custom_dir:
        shutil.copytree(config.theme.custom_dir, overrides, dirs_exist_ok=True)


class _Slugify:
    """pymdownx.slugs.slugify(**HEADING_IDS), written as the tag MkDocs' YAML loader calls it by."""


def _slugify_tag(dumper, _):
    return dumper.represent_mapping("tag:yaml.org,2002:python/object/apply:pymdownx.slugs.slugify",
                                    {"kwds": HEADING_IDS})


class _Dumper(yaml.Dumper):
    """PyYAML's full dumper (an archive's own `!!python/name:` values stay what they were), Hangul as itself."""


_Dumper.add_representer(_Slugify, _slugify_tag)


def plain_mkdocs_yml(config) -> str:
    """The archive's mkdocs.yml as MkDocs reads it (INHERIT merged, !ENV read), for a build without the madang plugin."""
    with open(config.config_file_path, encoding="utf-8") as file:
        written = yaml_load(file)
    settings = {key: value for key, value in written.items() if key not in DROPPED}
    settings["docs_dir"] = "docs"
    settings["nav"] = config.nav
    theme = settings.get("theme") or {}
    settings["theme"] = {**({"name": theme} if isinstance(theme, str) else theme), "custom_dir": "overrides"}
    settings["plugins"] = _plugins(settings.get("plugins") or [])
    settings["markdown_extensions"] = _extensions(settings.get("markdown_extensions") or [])
    scripts = list(settings.get("extra_javascript") or [])
    settings["extra_javascript"] = scripts if SCRIPT_PATH in scripts else [*scripts, SCRIPT_PATH]
    settings["extra"] = {**(settings.get("extra") or {}), "madang": config.extra["madang"]}
    if settings.get("hooks"):
        root = Path(config.config_file_path).parent
        settings["hooks"] = [str((root / hook).resolve()) for hook in settings["hooks"]]
    header = f"# {GENERATED_BY} {__version__}: the archive's mkdocs.yml, for a build without the madang plugin\n"
    return header + yaml.dump(settings, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=120)


def _plugins(plugins) -> list:
    """The archive's plugins without madang; Material's search splits words where madang's index does."""
    listed = [{name: options} for name, options in plugins.items()] if isinstance(plugins, dict) else list(plugins)
    kept = []
    for entry in listed:
        name, options = (entry, None) if isinstance(entry, str) else next(iter(entry.items()))
        if name == "madang":
            continue
        if name == "search":
            entry = {"search": {"separator": SEPARATOR, **(options or {})}}
        kept.append(entry)
    return kept


def _extensions(extensions) -> list:
    """The archive's Markdown extensions, toc with madang's Korean heading ids unless it sets its own slugify."""
    listed = [{name: options} for name, options in extensions.items()] if isinstance(extensions, dict) else list(extensions)
    others = [entry for entry in listed if (entry if isinstance(entry, str) else next(iter(entry))) != "toc"]
    toc = next(({**(next(iter(e.values())) or {})} for e in listed if isinstance(e, dict) and "toc" in e), {})
    toc.setdefault("slugify", _Slugify())
    return [*others, {"toc": toc}]


def _metadata(plugin: MadangPlugin) -> str:
    """madang.json: every share card (the page, its image, the words on it) and the search settings."""
    cards = [{"page": c.page, "image": c.image, "title": c.title, "summary": c.summary, "kind": c.kind,
              "facts": c.facts} for c in plugin.cards.values()]
    search = {"separator": SEPARATOR, "korean_suffix_field": FIELD, "indexed_by_section": sorted(plugin.quick_search)}
    return json.dumps({"generator": GENERATED_BY, "cards": cards, "search": search}, ensure_ascii=False, indent=1)
