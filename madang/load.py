"""Stage 1: read an archive's files into parsed documents, never touching git.

Reading is defensive: a record's or an act's file or folder that is a symlink
(even one inside the archive), a symlink out of the archive, a symlink loop or
to nothing, a nested git repository (a submodule), a folder where a file
belongs, a file over 1 MB, bytes that are not UTF-8 and broken YAML each become a
diagnostic, and the rest of the archive is still read. Links anywhere under
content/ are checked too: MkDocs publishes whatever they lead to.
"""

import codecs
import errno
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from . import gcpause
from .constants import (
    ACT_LAYOUT, ANSWER_FOLDER, JOIN_FOLDER, MAX_FILE_BYTES, MODERATION_FOLDER, NEWS_FOLDER, NEWS_KIND, OPINION,
    RECORD_LAYOUT,
)
from .diagnostics import Diagnostic, diagnostic
from .nesting import MAX_NESTING, too_deep
from .yamltext import YamlDocument, YamlProblem, parse_yaml

DOCS_FOLDER = "content"
"""MkDocs' docs_dir (DESIGN.md): every file under it is published, links followed."""


@dataclass
class Document:
    """One file as parsed: its YAML (or front matter) and Markdown body."""

    path: str
    yaml: YamlDocument
    body: str = ""
    body_line: int = 1


@dataclass
class ActEntry:
    """A file found in an act folder, e.g. proposals/x/endorsements/heidi.yml."""

    kind: str
    """An act kind (constants.ACT_LAYOUT)."""
    record_id: str
    name: str
    """The file name as found; validation checks it is '<handle>.yml' (opinions: '<handle>.<n>.md')."""
    document: Document | None
    path: str


@dataclass
class LoadedFiles:
    """All documents of an archive, as `validate` receives them."""

    root: Path
    members: Document | None = None
    records: dict = field(default_factory=dict)
    """(kind, folder name) -> Document, or None when the record file is unreadable."""
    acts: list[ActEntry] = field(default_factory=list)
    answers: dict = field(default_factory=dict)
    moderation: dict = field(default_factory=dict)
    rewrites: dict = field(default_factory=dict)
    """File name -> Document of moderation/rewrites/<name>: what `madang erase --rewrite` did."""
    """File name -> Document of moderation/<name>, or None when unreadable."""
    """(proposal id, file name) -> Document of proposals/<id>/answers/<name>, or None when unreadable."""
    joins: list[Document] = field(default_factory=list)
    """joins/*: the join requests, read as YAML whatever their name (validate says what is wrong with it)."""
    diagnostics: list[Diagnostic] = field(default_factory=list)


@gcpause.paused()
def load(root) -> LoadedFiles:
    """Read members.yml, every record and act file, and the news posts under `root`."""
    root = Path(os.path.realpath(root))
    files = LoadedFiles(root)
    reader = _Reader(root, files.diagnostics)
    if reader.exists("members.yml"):
        files.members = reader.yaml_document("members.yml")
    for kind, (folder, record_file) in RECORD_LAYOUT.items():
        act_folders = {acts: act_kind for act_kind, (record_kind, acts) in ACT_LAYOUT.items() if record_kind == kind}
        for record_dir in reader.entries(folder):
            _load_record(reader, files, kind, record_dir, record_file, act_folders)
    for request in reader.entries(JOIN_FOLDER):
        document = reader.yaml_document(request) if not reader.is_dir(request) else None
        if document is not None:
            files.joins.append(document)
    for post in reader.entries(NEWS_FOLDER):
        name = post.rsplit("/", 1)[1]
        if name.endswith(".md") and name not in ("index.md", "README.md") and not reader.record_link(post):
            files.records[(NEWS_KIND, name[: -len(".md")])] = reader.front_matter_document(post)
    for entry in reader.entries(MODERATION_FOLDER):
        if entry == f"{MODERATION_FOLDER}/rewrites":
            files.rewrites = {path.rsplit("/", 1)[1]: reader.yaml_document(path)
                              for path in reader.entries(entry) if not reader.record_link(path)}
        elif not reader.record_link(entry):
            files.moderation[entry.rsplit("/", 1)[1]] = reader.yaml_document(entry)
    _check_published_links(reader)
    _check_pages(reader, files)
    return files


def _check_published_links(reader) -> None:
    """Judge every link under content/, following the good ones as MkDocs will.

    MkDocs publishes what a link there leads to (a link to /proc/self/environ
    would publish the build's secrets) and follows folder links without end.
    """
    for folder, dirs, names in os.walk(f"{reader.root}/{DOCS_FOLDER}", followlinks=True):
        inner = folder[len(reader.root) + 1 :]
        dirs[:] = [d for d in dirs if not os.path.islink(f"{folder}/{d}") or reader.safe_path(f"{inner}/{d}")]
        for name in names:
            if os.path.islink(f"{folder}/{name}"):
                reader.safe_path(f"{inner}/{name}")


def _check_pages(reader, files) -> None:
    """Refuse what MkDocs cannot publish under content/: a name that is not UTF-8, and a page
    nested too deeply for its Markdown to render (at its line).

    Records are judged when read (and reported then if they could not be); other pages
    are read here only for this.
    """
    read = {document.path for document in files.records.values() if document is not None}
    read.update(d.path for d in files.diagnostics)
    for folder, dirs, names in os.walk(f"{reader.root}/{DOCS_FOLDER}"):
        inner = folder[len(reader.root) + 1 :]
        dirs[:] = [d for d in dirs if reader.utf8_name(f"{inner}/{d}")]
        for name in names:
            relative = f"{inner}/{name}"
            if not reader.utf8_name(relative):
                continue
            if not name.endswith(".md") or relative in read or os.path.islink(f"{folder}/{name}"):
                continue
            data, _ = _read_bytes(f"{folder}/{name}")
            text, _ = decode(data) if data is not None else (None, None)
            line = too_deep(text) if text is not None else None
            if line is not None:
                files.diagnostics.append(diagnostic("markdown-too-deep", relative, line, limit=MAX_NESTING))


def _load_record(reader, files, kind, record_dir: str, record_file: str, act_folders: dict):
    """One record folder: its record file and its act folders (act folder name -> act kind).

    Folders under content/ are also MkDocs pages: other files there (images, notes)
    are theirs, so only the archive's own folders warn about strays.
    """
    name = record_dir.rsplit("/", 1)[1]
    in_content = record_dir.startswith("content/")
    if reader.record_link(record_dir):
        return
    path = reader.safe_path(record_dir)
    if path is None:
        return
    if not os.path.isdir(path):
        if not in_content:
            files.diagnostics.append(diagnostic("stray-file", record_dir, name=name))
        return
    if reader.is_repository(record_dir):
        return
    files.records[(kind, name)] = _record_document(reader, files, record_dir, record_file)
    inside = reader.entries(record_dir)
    for inner in inside:
        entry = inner.rsplit("/", 1)[1]
        if in_content or entry in act_folders or entry == record_file or (kind == "proposal" and entry == ANSWER_FOLDER):
            continue
        if inner.endswith(".yml") or reader.is_dir(inner):
            expected = ", ".join(act_folders)
            files.diagnostics.append(diagnostic("act-outside-record", inner, name=entry, expected=expected))
    if kind == "proposal" and f"{record_dir}/{ANSWER_FOLDER}" in inside:
        _load_answers(reader, files, name, f"{record_dir}/{ANSWER_FOLDER}")
    for act_folder, act_kind in act_folders.items():
        if f"{record_dir}/{act_folder}" not in inside:
            continue  # most records lack most kinds of act: no need to look for them
        if reader.record_link(f"{record_dir}/{act_folder}"):
            continue
        for act_path in reader.entries(f"{record_dir}/{act_folder}"):
            if reader.record_link(act_path):
                continue
            act_name = act_path.rsplit("/", 1)[1]
            if act_kind.endswith(OPINION):
                document = reader.front_matter_document(act_path, optional=True)
            else:
                document = reader.yaml_document(act_path)
            files.acts.append(ActEntry(act_kind, name, act_name, document, act_path))


def _load_answers(reader, files, proposal_id: str, folder: str) -> None:
    """A proposal's official answers (answers/<n>.md); their names are judged when validated."""
    if reader.record_link(folder):
        return
    for path in reader.entries(folder):
        if not reader.record_link(path):
            files.answers[(proposal_id, path.rsplit("/", 1)[1])] = reader.front_matter_document(path)


def _record_document(reader, files, record_dir: str, record_file: str) -> Document | None:
    record_path = f"{record_dir}/{record_file}"
    if not reader.exists(record_path):
        files.diagnostics.append(diagnostic("record-missing", record_dir, folder=record_dir, record=record_file))
        return None
    if reader.record_link(record_path):
        return None
    if record_file.endswith(".md"):
        return reader.front_matter_document(record_path)
    return reader.yaml_document(record_path)


class _Reader:
    """Reads files under one root, turning every failure into a diagnostic."""

    def __init__(self, root: Path, diagnostics: list):
        self.root = str(root)
        self.diagnostics = diagnostics
        self.plain = set()
        """Paths listed inside a safe folder that are not symlinks: safe without a look."""
        self.judged = {}
        """Other paths already looked at -> the absolute path, or None: each is reported once."""

    def safe_path(self, relative: str) -> str | None:
        """The absolute path (plain strings: this runs once per file), or None with a
        diagnostic when a symlink leads out of the archive, loops or leads nowhere."""
        path = f"{self.root}/{relative}"
        if relative in self.plain:
            return path
        if relative not in self.judged:
            problem = self._link_problem(relative, path)
            if problem:
                self.diagnostics.append(diagnostic(problem, relative))
            self.judged[relative] = None if problem else path
        return self.judged[relative]

    def _link_problem(self, relative: str, path: str) -> str | None:
        """What is wrong with the links on the way to `path`, if anything.

        A loop is a link that never ends (a -> b -> a) or one leading to a folder
        that holds it, on disk or on the way walked through other links.
        """
        target = os.path.realpath(path)
        if target != self.root and not target.startswith(self.root + os.sep):
            return "symlink-outside"
        if not os.path.islink(path):
            return None
        try:
            os.stat(path)
        except OSError as error:
            return {errno.ELOOP: "symlink-loop", errno.ENOENT: "symlink-broken"}.get(error.errno)
        folders = relative.split("/")[:-1]
        for depth in range(len(folders) + 1):
            folder = os.path.realpath("/".join([self.root, *folders[:depth]]))
            if folder == target or folder.startswith(target + os.sep):
                return "symlink-loop"
        return None

    def record_link(self, relative: str) -> bool:
        """Whether a record's folder or file, an act folder or an act file is a symbolic link, reported.

        Even a link inside the archive is refused there: it would publish a record or an act
        in the name of whoever wrote its target, and escape the freeze of the path it replaces.
        """
        if relative in self.plain or not os.path.islink(f"{self.root}/{relative}"):
            return False
        if self.safe_path(relative) is not None:  # a link out, a loop or to nothing is reported as such
            self.diagnostics.append(diagnostic("record-symlink", relative))
        return True

    def utf8_name(self, relative: str) -> bool:
        """Whether a path found on disk is UTF-8 text; if not, reported once, named with `\\xff` escapes.

        Such a name cannot be written in a page, a URL or a digest, so nothing under it is read.
        """
        try:
            relative.encode("utf-8")
            return True
        except UnicodeEncodeError:
            shown = relative.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
            if shown not in self.judged:
                self.judged[shown] = None
                self.diagnostics.append(diagnostic("not-utf8-name", shown))
            return False

    def is_repository(self, relative: str) -> bool:
        """Whether a folder is another git repository (a submodule), reported: its
        files are not in the archive's history, so nothing in it can be traced."""
        if not os.path.lexists(f"{self.root}/{relative}/.git"):
            return False
        self.diagnostics.append(diagnostic("submodule", relative))
        return True

    def exists(self, relative: str) -> bool:
        return os.path.lexists(f"{self.root}/{relative}")

    def is_dir(self, relative: str) -> bool:
        path = self.safe_path(relative)
        return path is not None and os.path.isdir(path)

    def entries(self, relative: str) -> list[str]:
        """Archive-relative paths inside a folder, sorted; none if it is absent."""
        path = self.safe_path(relative)
        if path is None or not os.path.isdir(path) or self.is_repository(relative):
            return []
        try:
            with os.scandir(path) as scan:
                found = sorted((f"{relative}/{entry.name}", entry.is_symlink()) for entry in scan)
        except OSError:
            self.diagnostics.append(diagnostic("unreadable", relative))
            return []
        found = [(inner, is_link) for inner, is_link in found if self.utf8_name(inner)]
        self.plain.update(inner for inner, is_link in found if not is_link)
        return [inner for inner, _ in found]

    def text(self, relative: str) -> str | None:
        path = self.safe_path(relative)
        if path is None:
            return None
        data, slug = _read_bytes(path)
        if slug:
            self.diagnostics.append(diagnostic(slug, relative))
            return None
        text, problem = decode(data)
        if problem:
            slug, line = problem
            self.diagnostics.append(diagnostic(slug, relative, line))
        return text

    def yaml_document(self, relative: str) -> Document | None:
        text = self.text(relative)
        if text is None:
            return None
        try:
            return Document(relative, parse_yaml(text))
        except YamlProblem as problem:
            self.diagnostics.append(diagnostic(problem.slug, relative, problem.line, **problem.values))
            return None

    def front_matter_document(self, relative: str, optional: bool = False) -> Document | None:
        """A Markdown file with YAML front matter; `optional`: a file without any is all body."""
        text = self.text(relative)
        if text is None:
            return None
        try:
            return front_matter_document(relative, text, optional)
        except YamlProblem as problem:
            self.diagnostics.append(diagnostic(problem.slug, relative, problem.line, **problem.values))
            return None


def front_matter_document(path: str, text: str, optional: bool = False) -> Document:
    """Split and parse front matter; raises YamlProblem (with a slug) when it cannot.

    Also used by the tally on act contents read from git, so a file is read the
    same way whether it is in the working tree or in a past commit.
    """
    lines = text.split("\n")
    if lines[0].strip() != "---":
        if optional:
            return _bounded(Document(path, parse_yaml(""), text, 1))
        raise YamlProblem("front-matter-missing", 1)
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        raise YamlProblem("front-matter-unclosed", 1)
    parsed = parse_yaml("\n".join(lines[1:end]), first_line=2)
    return _bounded(Document(path, parsed, "\n".join(lines[end + 1 :]), end + 2))


def _bounded(document: Document) -> Document:
    """The document, unless its body nests deeper than any renderer can follow (YamlProblem at that line)."""
    line = too_deep(document.body)
    if line is not None:
        raise YamlProblem("markdown-too-deep", document.body_line + line - 1, limit=MAX_NESTING)
    return document


def _read_bytes(path: str) -> tuple[bytes | None, str | None]:
    """A regular file's bytes, or None and the slug of what stops reading it.

    Plain `os` calls make four system calls where `open().read()` makes nine,
    which halves the time of reading a city's 200,000 small act files.
    O_NONBLOCK: a named pipe must not hang the build (it is then not-a-file).
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        return None, "not-a-file"
    except OSError:
        return None, "unreadable"
    try:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):
            return None, "not-a-file"
        if status.st_size > MAX_FILE_BYTES:
            return None, "file-too-large"
        return os.read(fd, status.st_size), None
    except OSError:
        return None, "unreadable"
    finally:
        os.close(fd)


def decode(data: bytes) -> tuple[str | None, tuple[str, int] | None]:
    """UTF-8 text with Unix newlines, or None and (slug, line) of the problem."""
    if b"\0" in data:
        return None, ("nul-byte", data[: data.index(b"\0")].count(b"\n") + 1)
    data = data.removeprefix(codecs.BOM_UTF8)  # faster than the "utf-8-sig" codec, which is written in Python
    try:
        text = data.decode()
    except UnicodeDecodeError as error:
        return None, ("not-utf8", data[: error.start].count(b"\n") + 1)
    return text.replace("\r\n", "\n").replace("\r", "\n"), None
