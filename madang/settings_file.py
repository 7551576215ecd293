"""madang's settings read from mkdocs.yml as data, without MkDocs.

MkDocs loads mkdocs.yml with PyYAML's full loader and runs its `hooks:` and
plugins, so a pull request's own mkdocs.yml could run code inside the check
that judges it. `check`, `recount`, `draw`, `book`, `from-issue` and the
build's recount of phases read it here instead: a safe YAML loader where
every tag it does not know (`!ENV`, `!relative`, `!!python/name:…`,
`!!python/object/apply:…`) stays an inert `Unread` value, never constructed,
never imported. Only `build` and `serve` hand mkdocs.yml to MkDocs.

`INHERIT:` is followed as MkDocs follows it (mappings merged key by key, any
other value replaced), so `check` reads the settings `build` will use; the
inherited file must be inside the archive's folder.
"""

import posixpath
from pathlib import Path
from typing import NamedTuple

import yaml
from yaml.nodes import ScalarNode

from .settings import MadangConfig, Settings, settings_from

MAX_INHERITED = 8
"""How many files an INHERIT chain may hold; a loop or a longer chain is a mistake."""
TIMESTAMP = "tag:yaml.org,2002:timestamp"


class SettingsError(Exception):
    """mkdocs.yml cannot be read as settings: the file, its line and the problem, in Korean and English."""

    def __init__(self, path: str, line: int, problem: str):
        super().__init__(f"{path}:{line}: {problem}")
        self.path = path
        self.line = line
        self.problem = problem


class Unread(NamedTuple):
    """A value under a tag this reader does not construct (`!ENV`, `!!python/name:…`)."""

    tag: str
    path: str
    line: int


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader: unknown tags are Unread, days stay text (for _Day to read or refuse),
    and every mapping's key lines are kept in `key_lines` (by the mapping's id), for located messages."""

    def __init__(self, text: str, path: str):
        super().__init__(text)
        self.path = path
        self.key_lines = {}

    def construct_yaml_map(self, node):
        data = {}
        yield data
        data.update(self.construct_mapping(node))
        self.key_lines[id(data)] = {
            key.value: key.start_mark.line + 1 for key, _ in node.value if isinstance(key, ScalarNode)
        }


_Loader.add_constructor("tag:yaml.org,2002:map", _Loader.construct_yaml_map)
_Loader.add_multi_constructor("", lambda loader, tag, node: Unread(tag, loader.path, node.start_mark.line + 1))
_Loader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != TIMESTAMP]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _Where:
    """Where every key of every mapping read was written, across an INHERIT chain."""

    def __init__(self):
        self.mappings = {}
        """id(mapping) -> {key: (file, line)}; the mappings themselves are kept alive by the document."""

    def add(self, path: str, key_lines: dict) -> None:
        for mapping_id, lines in key_lines.items():
            self.mappings[mapping_id] = {key: (path, line) for key, line in lines.items()}

    def line(self, mapping, key, default: tuple[str, int]) -> tuple[str, int]:
        return self.mappings.get(id(mapping), {}).get(key, default)


def read_settings(folder) -> Settings:
    """The settings of the archive in `folder` (madang's defaults when mkdocs.yml lists no madang plugin).

    Raises SettingsError, located, for a file that is not YAML, a madang setting that is wrong,
    or one written under a tag this reader does not construct.
    """
    where = _Where()
    document = _read(Path(folder), "mkdocs.yml", where, ())
    options, place = _madang_options(document, where)
    unread = _first_unread(options)
    if unread is not None:
        raise SettingsError(unread.path, unread.line, (
            f"madang 설정은 데이터로만 읽습니다. '{unread.tag}' 태그 대신 값을 그대로 적어 주세요 / "
            f"madang's settings are read as data: write the value itself, not a '{unread.tag}' tag"
        ))
    if not isinstance(options, dict):
        raise SettingsError(*place, "madang 설정은 '항목: 값' 형태여야 합니다 / madang's settings must be 'key: value' pairs")
    config = MadangConfig(config_file_path=str(Path(folder) / "mkdocs.yml"))
    config.load_dict(options)
    errors, _ = config.validate()
    if errors:
        key, error = errors[0]
        problem = str(error) if key == "format" else (
            f"madang 설정 '{key}'이(가) 잘못되었습니다 / madang setting '{key}' is wrong: {error}"
        )
        raise SettingsError(*where.line(options, key, place), problem)
    theme = document.get("theme")
    return settings_from(config, _text(document.get("site_name")) or "", _text(document.get("repo_url")),
                         _text(document.get("site_url")), _text(theme.get("language")) if isinstance(theme, dict) else None)


def _read(folder: Path, name: str, where: _Where, chain: tuple) -> dict:
    """The mapping in `folder`/`name`, merged over the one it INHERITs (as MkDocs merges them)."""
    if len(chain) >= MAX_INHERITED or name in chain:
        raise SettingsError(chain[-1], 1, "INHERIT이 되풀이됩니다 / INHERIT goes round in a loop (or is too long)")
    document, key_lines = _parse(folder, name)
    where.add(name, key_lines)
    parent_name = document.pop("INHERIT", None)
    if parent_name is None:
        return document
    parent = posixpath.normpath(posixpath.join(posixpath.dirname(name), str(parent_name)))
    inside = (folder / parent).resolve().is_relative_to(folder.resolve())
    if not isinstance(parent_name, str) or not inside or not (folder / parent).is_file():
        raise SettingsError(*where.line(document, "INHERIT", (name, 1)), (
            f"INHERIT '{parent_name}': 아카이브 폴더 안의 파일이어야 합니다 / must be a file inside the archive's folder"
        ))
    return _merge(_read(folder, parent, where, chain + (name,)), document, where)


def _parse(folder: Path, name: str) -> tuple[dict, dict]:
    """The top-level mapping of one file and its loader's key_lines; SettingsError when it is not one."""
    try:
        text = (folder / name).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise SettingsError(name, 1, "UTF-8 텍스트가 아닙니다 / not UTF-8 text") from None
    except OSError as error:
        raise SettingsError(name, 1, f"읽을 수 없습니다 / cannot be read: {error.strerror}") from None
    loader = _Loader(text, name)
    try:
        document = loader.get_single_data()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        raise SettingsError(name, mark.line + 1 if mark else 1,
                            f"YAML 문법 오류 / YAML syntax error: {error.problem or error}") from None
    except (yaml.YAMLError, RecursionError, ValueError, TypeError) as error:
        raise SettingsError(name, 1, f"YAML을 읽을 수 없습니다 / cannot read the YAML: {error}") from None
    finally:
        loader.dispose()
    if document is None:
        return {}, {}
    if not isinstance(document, dict):
        raise SettingsError(name, 1, "'항목: 값' 형태여야 합니다 / expected 'key: value' pairs")
    return document, loader.key_lines


def _merge(parent: dict, child: dict, where: _Where) -> dict:
    """MkDocs' INHERIT merge (mergedeep's REPLACE): mappings key by key, every other value replaced.
    Values are not copied, so `where` still locates them."""
    merged = dict(parent)
    for key, value in child.items():
        both = isinstance(value, dict) and isinstance(parent.get(key), dict)
        merged[key] = _merge(parent[key], value, where) if both else value
    where.mappings[id(merged)] = {**where.mappings.get(id(parent), {}), **where.mappings.get(id(child), {})}
    return merged


def _madang_options(document: dict, where: _Where) -> tuple[object, tuple[str, int]]:
    """The options under `plugins: [madang]`, `- madang: {…}` or `plugins: {madang: {…}}`, and where they are."""
    plugins = document.get("plugins")
    place = where.line(document, "plugins", ("mkdocs.yml", 1))
    items = [plugins] if isinstance(plugins, dict) else plugins if isinstance(plugins, list) else []
    for item in items:
        if item == "madang":
            return {}, place
        if isinstance(item, dict) and "madang" in item:
            options = item["madang"]
            return ({} if options is None else options), where.line(item, "madang", place)
    return {}, place


def _first_unread(value) -> Unread | None:
    """The first Unread anywhere in `value`."""
    if isinstance(value, Unread):
        return value
    children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
    return next((found for child in children if (found := _first_unread(child)) is not None), None)


def _text(value) -> str | None:
    return value if isinstance(value, str) and value else None
