"""YAML read the way a volunteer means it, with the line of every key.

PyYAML follows YAML 1.1, where `no` is False, `14:30` is 870, `010` is 8 and
`2020-02-30` raises an exception. Here only `true`/`false`, decimal numbers
and `null`/`~`/nothing are typed; every other plain scalar stays the text the
person wrote. Dates are parsed later by the validators, so an impossible date
becomes a diagnostic, not a traceback.
"""

import re
from functools import lru_cache
from dataclasses import dataclass, field

import yaml
from yaml.composer import Composer
from yaml.nodes import MappingNode, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

MAX_DEPTH = 32
MAX_NODES = 10_000
"""Alias bombs expand to billions of nodes; a real record has dozens."""
MAX_CHARACTERS = 1024 * 1024
"""A file is at most 1 MB, so its text without aliases never exceeds this; a few
thousand aliases of one long text would (and make pages of hundreds of MB)."""

STR = "tag:yaml.org,2002:str"
INT = "tag:yaml.org,2002:int"
FLOAT = "tag:yaml.org,2002:float"
BOOL = "tag:yaml.org,2002:bool"
NULL = "tag:yaml.org,2002:null"
SEQ = "tag:yaml.org,2002:seq"
MAP = "tag:yaml.org,2002:map"


class _PlainResolver(BaseResolver):
    """YAML 1.2 core schema, minus its octal and hexadecimal integers."""


_PlainResolver.add_implicit_resolver(BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
_PlainResolver.add_implicit_resolver(INT, re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789"))
_PlainResolver.add_implicit_resolver(
    FLOAT, re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$"), list("-+0123456789.")
)
_PlainResolver.add_implicit_resolver(NULL, re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])


class _Loader(Reader, Scanner, Parser, Composer, _PlainResolver):
    def __init__(self, stream):
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        _PlainResolver.__init__(self)


try:
    from yaml._yaml import CParser
except ImportError:  # PyYAML built without libyaml
    CParser = None

if CParser is not None:

    class _FastLoader(CParser, _PlainResolver):
        def __init__(self, stream):
            CParser.__init__(self, stream)
            _PlainResolver.__init__(self)


SAFE_FOR_LIBYAML = 200
"""libyaml is ten times faster but recurses in C without a limit (a 100,000-deep list
crashes the process). Nesting needs one of `[{:-?` per level, so a text with fewer of
them than this is safe to hand it; anything else goes to the pure-Python parser."""


def _compose(text: str):
    if CParser is not None and sum(map(text.count, "[{:-?")) < SAFE_FOR_LIBYAML:
        try:
            return yaml.compose(text, Loader=_FastLoader)
        except yaml.YAMLError:
            pass  # report it with the pure-Python parser's marks and words
    return yaml.compose(text, Loader=_Loader)


class YamlProblem(Exception):
    """A file someone wrote is not YAML we accept; carries slug, line and values."""

    def __init__(self, slug: str, line: int, **values):
        super().__init__(slug)
        self.slug = slug
        self.line = line
        self.values = values


@dataclass
class YamlDocument:
    """A parsed YAML value and the 1-based line of every mapping key."""

    value: object
    lines: dict = field(default_factory=dict)
    """Maps a key path such as ('options', 0, 'id') to its line."""

    def line_of(self, *path, default: int = 1) -> int:
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return default


@lru_cache(maxsize=4096)
def parse_yaml(text: str, first_line: int = 1) -> YamlDocument:
    """Parse one YAML document; raise YamlProblem with a line on any mistake.

    `first_line` is the file line where `text` starts (front matter starts at 2).
    Act files repeat the same few texts thousands of times (empty, `source: offline`),
    so results are cached; callers must treat the document as read-only.
    """
    offset = first_line - 1
    try:
        root = _compose(text)
        document = YamlDocument(None)
        if root is not None:
            document.value = _convert(root, (), document.lines, offset, 0, [0, 0])
        return document
    except yaml.MarkedYAMLError as error:
        mark = _error_mark(error, text)
        line = (mark.line + 1 + offset) if mark else first_line
        raise YamlProblem("yaml-syntax", line, problem=_problem(error)) from None
    except yaml.YAMLError as error:
        raise YamlProblem("yaml-syntax", first_line, problem=str(error)) from None
    except RecursionError:
        raise YamlProblem("yaml-too-complex", first_line) from None


TAB_PROBLEM = "이 자리의 탭 문자는 쓸 수 없습니다. 스페이스로 바꿔 주세요 (a tab here: use spaces)"
"""PyYAML's words for a tab ("found character '\\t' that cannot start any token") mean
nothing to a volunteer whose editor indented with a tab; both languages get one phrase."""


def _problem(error) -> str:
    problem = error.problem or str(error)
    return TAB_PROBLEM if "'\\t'" in problem else problem


def _error_mark(error, text):
    """Where a person should look: where an unclosed thing opened, else where parsing failed."""
    problem, context = error.problem_mark, error.context_mark
    if context is None:
        return problem
    at_end = problem is None or problem.index >= len(text.rstrip())
    if at_end or "while scanning a simple key" in (error.context or ""):
        return context
    return problem


def _convert(node, path, lines, offset, depth, counter):
    """The node as plain values; `counter` is [nodes, scalar characters] so far, aliases expanded."""
    line = node.start_mark.line + 1 + offset
    counter[0] += 1
    if isinstance(node, ScalarNode):
        counter[1] += len(node.value)
    if depth > MAX_DEPTH or counter[0] > MAX_NODES or counter[1] > MAX_CHARACTERS:
        raise YamlProblem("yaml-too-complex", line)
    if isinstance(node, ScalarNode):
        return _scalar(node, line)
    if isinstance(node, SequenceNode) and node.tag == SEQ:
        items = []
        for index, item in enumerate(node.value):
            lines[path + (index,)] = item.start_mark.line + 1 + offset
            items.append(_convert(item, path + (index,), lines, offset, depth + 1, counter))
        return items
    if isinstance(node, MappingNode) and node.tag == MAP:
        mapping = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1 + offset
            if not isinstance(key_node, ScalarNode):
                raise YamlProblem("yaml-unsupported", key_line, what="복합 키 / complex key")
            key = key_node.value
            if key in mapping:
                raise YamlProblem("yaml-duplicate-key", key_line, key=key)
            lines[path + (key,)] = key_line
            mapping[key] = _convert(value_node, path + (key,), lines, offset, depth + 1, counter)
        return mapping
    raise YamlProblem("yaml-unsupported", line, what=node.tag)


def _scalar(node, line):
    """The value of a scalar; an explicit tag must agree with how the text reads."""
    text = node.value
    if node.tag == STR:
        return text
    if _PlainResolver().resolve(ScalarNode, text, (True, False)) != node.tag:
        raise YamlProblem("yaml-unsupported", line, what=f"{node.tag} {text}")
    if node.tag == BOOL:
        return text.lower() == "true"
    if node.tag == INT:
        return int(text)
    if node.tag == FLOAT:
        return float(text)
    return None
