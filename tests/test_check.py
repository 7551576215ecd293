"""`python build.py check ARCHIVE` on archives written by citizens.

Each test builds an archive in a temporary folder and runs the real command
line in a subprocess. It asserts the exact diagnostics (`path:line:` and
slug), the exit status (1 when any diagnostic is an error, else 0), that no
Python traceback is ever shown, and that check changed no file of the archive.

Most archives are golden folders, tests/cases/<name>/:

    input/...      the archive's files; a default mkdocs.yml and content/index.md
                   are added when the input has none
    expected.txt   the exact diagnostics, one `path:line: slug` a line, in the
                   order check prints them ('#' starts a comment line); or
    valid.txt      (free text saying why) for an archive that must pass with no
                   diagnostic at all.

Files git cannot carry well (symlinks, files over 1 MB, non-UTF-8 or NUL
bytes, names differing only by case, names with a newline, empty folders),
and what a reader could not see in a golden file (tabs, look-alike or
invisible characters, NFC/NFD twins, submodules, thousands of files) are
made by code: a builder registered under the test's name makes the archive,
and the test asserts on the run.

Every archive the selected tests need is built and checked once, up front, a
few processes at a time (the `checked` fixture), so the file runs in seconds.
"""

import hashlib
import inspect
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Callable

import pytest

REPO = Path(__file__).resolve().parent.parent
BUILD_PY = REPO / "build.py"
CASES = Path(__file__).resolve().parent / "cases"

DEFAULT_MKDOCS_YML = """\
site_name: 검사 시험 / check test
docs_dir: content
theme: {name: material, language: ko}
plugins: [search, madang]
"""

ERROR_LABEL = "오류"
WARNING_LABEL = "경고"
DIAGNOSTIC_LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+): (?P<label>오류|경고)\[(?P<slug>[a-z0-9-]+)\] \S")
SUMMARY_LINE = re.compile(
    r"^검사 결과: 오류 (?P<errors>\d+)건, 경고 (?P<warnings>\d+)건 / (?P=errors) errors, (?P=warnings) warnings$"
)

# The severity of every slug, as the tests expect it (madang/diagnostics.py MESSAGES).
WARNING_SLUGS = {
    "unknown-field", "act-outside-record", "stray-file", "unknown-role", "unknown-phase",
    "shallow-history", "not-a-repository", "duplicate-choice", "max-choices-ignored",
    "score-only-field", "choice-only-field", "no-voters", "form-too-early",
    "reply-to-unknown", "endorsed-opinion-unknown", "endorsed-own-opinion", "act-field-choices-ignored",
    "language-without-catalog",
}


# ----------------------------------------------------------------- helpers


@dataclass
class CheckRun:
    archive: Path
    returncode: int
    stdout: str
    stderr: str
    before: dict
    after: dict

    @property
    def diagnostics(self) -> list[tuple[str, int, str, str]]:
        """(path, line, label, slug) of every diagnostic line, in printed order."""
        found = []
        for text in self.stdout.splitlines():
            match = DIAGNOSTIC_LINE.match(text)
            if match:
                found.append((match["path"], int(match["line"]), match["label"], match["slug"]))
        return found

    @property
    def located(self) -> list[str]:
        """Every diagnostic as `path:line: slug`."""
        return [f"{path}:{line}: {slug}" for path, line, _, slug in self.diagnostics]

    def describe(self) -> str:
        return f"exit {self.returncode}\n--- stdout\n{self.stdout}--- stderr\n{self.stderr}"


def snapshot(root: Path) -> dict:
    """Every entry under root: a file's sha256, a link's target, or 'dir'."""
    state = {}
    for folder, dirs, files in os.walk(root, followlinks=False):
        for name in dirs + files:
            path = Path(folder, name)
            key = path.relative_to(root).as_posix()
            if path.is_symlink():
                state[key] = "link -> " + os.readlink(path)
            elif path.is_dir():
                state[key] = "dir"
            elif path.is_fifo():
                state[key] = "fifo"
            else:
                state[key] = hashlib.sha256(path.read_bytes()).hexdigest()
    return state


def run_check(archive: Path) -> CheckRun:
    """Run the real command line on archive, hashing every file around it."""
    before = snapshot(archive)
    process = subprocess.run(
        [sys.executable, str(BUILD_PY), "check", str(archive)],
        cwd=archive.parent,
        capture_output=True,
        timeout=120,
    )
    after = snapshot(archive)
    return CheckRun(
        archive,
        process.returncode,
        process.stdout.decode("utf-8", errors="replace"),
        process.stderr.decode("utf-8", errors="replace"),
        before,
        after,
    )


def assert_sane(run: CheckRun):
    """What holds for every run: no traceback, nothing changed, honest summary."""
    output = run.stdout + run.stderr
    assert "Traceback" not in output, run.describe()
    assert run.before == run.after, "check changed the archive's files"
    lines = [line for line in run.stdout.splitlines() if line.strip()]
    assert lines, run.describe()
    summary = SUMMARY_LINE.match(lines[-1])
    assert summary, run.describe()
    for line in lines[:-1]:
        assert DIAGNOSTIC_LINE.match(line), f"not a diagnostic line: {line!r}\n{run.describe()}"
    labels = [label for _, _, label, _ in run.diagnostics]
    assert int(summary["errors"]) == labels.count(ERROR_LABEL), run.describe()
    assert int(summary["warnings"]) == labels.count(WARNING_LABEL), run.describe()
    for _, _, label, slug in run.diagnostics:
        assert label == (WARNING_LABEL if slug in WARNING_SLUGS else ERROR_LABEL), (slug, label)
    assert run.returncode == (1 if ERROR_LABEL in labels else 0), run.describe()


def assert_diagnostics(run: CheckRun, expected: list[str]):
    """The run printed exactly these `path:line: slug` diagnostics, in this order."""
    assert_sane(run)
    assert run.located == expected, run.describe()
    errors = any(line.rsplit(" ", 1)[1] not in WARNING_SLUGS for line in expected)
    assert run.returncode == (1 if errors else 0), run.describe()


def write(root: Path, relative: str, content: str | bytes) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_bytes(content.encode("utf-8"))
    return path


def make_archive(root: Path) -> Path:
    """The smallest valid archive: mkdocs.yml, content/ and one proposal."""
    root.mkdir(parents=True, exist_ok=True)
    write(root, "mkdocs.yml", DEFAULT_MKDOCS_YML)
    write(root, "content/index.md", "# 홈\n")
    write(root, "proposals/p/proposal.md", PROPOSAL)
    return root


PROPOSAL = """\
---
title: 유아들만 이용할 수 있는 작은도서관
proposer: dandi
proposed: 2020-09-02
---
본문
"""


# ------------------------------------------------ running every archive once

BUILDERS: dict[str, Callable[[Path], Path]] = {}
"""Test name (as pytest shows it, e.g. 'test_nul_byte' or 'test_golden_case[ballots]')
-> a function that makes that test's archive inside the folder it is given."""


def builds(*test_names: str):
    """Register the decorated function as the archive builder of these tests."""

    def register(function):
        for name in test_names:
            BUILDERS[name] = function
        return function

    return register


def _build_and_check(builder, root: Path):
    """The run, or the exception (a skip, a failed build) the test should raise."""
    try:
        return run_check(builder(root))
    except (Exception, pytest.skip.Exception) as error:  # a skip is not an Exception
        return error


@pytest.fixture(scope="module")
def _runs(request, tmp_path_factory) -> dict:
    """Check every archive the selected tests need, a few processes in parallel."""
    names = [item.name for item in request.session.items if item.path == request.path and item.name in BUILDERS]
    workers = max(1, min(8, os.cpu_count() or 1))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {}
        for name in names:
            root = tmp_path_factory.mktemp(re.sub(r"\W+", "-", name)[:40])
            futures[name] = pool.submit(_build_and_check, BUILDERS[name], root)
        return {name: future.result() for name, future in futures.items()}


@pytest.fixture
def checked(request, _runs, tmp_path) -> CheckRun:
    """This test's archive, already checked."""
    name = request.node.name
    result = _runs.get(name) or _build_and_check(BUILDERS[name], tmp_path)
    if isinstance(result, BaseException):
        raise result
    return result


# ------------------------------------------------------------ golden cases


def golden_names() -> list[str]:
    return sorted(p.name for p in CASES.iterdir() if p.is_dir())


def golden_expectation(name: str) -> list[str] | None:
    """The expected `path:line: slug` lines, or None for a must-pass archive."""
    case = CASES / name
    expected, valid = case / "expected.txt", case / "valid.txt"
    assert (case / "input").is_dir(), f"{case} has no input/ folder"
    assert expected.is_file() != valid.is_file(), f"{case} needs exactly one of expected.txt or valid.txt"
    if valid.is_file():
        assert valid.read_text(encoding="utf-8").strip(), f"{valid}: say why the archive is valid"
        return None
    lines = [
        line.strip()
        for line in expected.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert lines, f"{expected} lists no diagnostic; use valid.txt for an archive that must pass"
    for line in lines:
        assert re.fullmatch(r".+:\d+: [a-z0-9-]+", line), f"{expected}: not 'path:line: slug': {line!r}"
    return lines


def materialize(name: str, root: Path) -> Path:
    """Copy a golden case's input into root/archive, adding the defaults."""
    archive = root / "archive"
    shutil.copytree(CASES / name / "input", archive, symlinks=True)
    if not (archive / "mkdocs.yml").exists():
        write(archive, "mkdocs.yml", DEFAULT_MKDOCS_YML)
    if not (archive / "content").exists():
        write(archive, "content/index.md", "# 홈\n")
    return archive


for _case in golden_names():
    BUILDERS[f"test_golden_case[{_case}]"] = partial(materialize, _case)


@pytest.mark.parametrize("case", golden_names())
def test_golden_case(case, checked):
    expected = golden_expectation(case)
    if expected is None:
        assert_sane(checked)
        assert checked.diagnostics == [], checked.describe()
        assert checked.returncode == 0, checked.describe()
    else:
        assert_diagnostics(checked, expected)


def test_golden_cases_are_well_formed():
    names = golden_names()
    assert "valid-sample" in names
    assert len(names) >= 10
    for name in names:
        golden_expectation(name)


# ------------------------------------------------- archives made by code


def errors_only(run: CheckRun) -> list[str]:
    """The `path:line: slug` of every error (warnings left out)."""
    return [f"{path}:{line}: {slug}" for path, line, label, slug in run.diagnostics if label == ERROR_LABEL]


def symlink(link: Path, target: str | Path):
    link.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.symlink(target, link)
    except (OSError, NotImplementedError) as error:
        pytest.skip(f"cannot make symbolic links here: {error}")


POLL = """\
question: 모임 요일
author: jay
opened: 2020-09-01
options:
  - {id: sat, label: 토요일}
  - {id: sun, label: 일요일}
"""


@builds("test_not_utf8")
def _not_utf8(root):
    archive = make_archive(root / "archive")
    latin1 = b"x: caf\xe9\n"  # 'café' in Latin-1
    write(archive, "proposals/p/endorsements/heidi.yml", "comment: 좋아요\nsource: offline\n".encode() + latin1)
    # Korean text saved as EUC-KR (CP949), as old Windows editors do.
    euc_kr = "유아 도서관".encode("euc-kr")
    write(archive, "proposals/q/proposal.md", b"---\ntitle: " + euc_kr + b"\nproposer: dandi\n---\n")
    return archive


def test_not_utf8(checked):
    assert_diagnostics(checked, [
        "proposals/p/endorsements/heidi.yml:3: not-utf8",
        "proposals/q/proposal.md:2: not-utf8",
    ])


@builds("test_nul_byte")
def _nul_byte(root):
    archive = make_archive(root / "archive")
    write(archive, "proposals/p/endorsements/heidi.yml", "comment: 좋아요\nsource: off".encode() + b"\x00line\n")
    # UTF-16 (what some editors call 'Unicode') has a NUL in every ASCII character.
    write(archive, "members.yml", "heidi:\n  name: 하이디\n".encode("utf-16"))
    return archive


def test_nul_byte(checked):
    assert_diagnostics(checked, [
        "members.yml:1: nul-byte",
        "proposals/p/endorsements/heidi.yml:2: nul-byte",
    ])


LIMIT = 1024 * 1024


@builds("test_file_over_1_mb")
def _large_files(root):
    archive = make_archive(root / "archive")
    big = "comment: " + "가" * (LIMIT // 3) + "\n"
    assert len(big.encode()) > LIMIT
    write(archive, "proposals/p/endorsements/heidi.yml", big)
    exact = "# " + "a" * (LIMIT - len("# \n")) + "\n"  # a YAML comment: fields have their own limits
    assert len(exact.encode()) == LIMIT
    write(archive, "proposals/p/endorsements/jay.yml", exact)  # exactly 1 MB is allowed
    write(archive, "proposals/big/proposal.md", PROPOSAL + "본문\n" * (LIMIT // 7))
    return archive


def test_file_over_1_mb(checked):
    assert_diagnostics(checked, [
        "proposals/big/proposal.md:1: file-too-large",
        "proposals/p/endorsements/heidi.yml:1: file-too-large",
    ])


SECRET = "비밀-SECRET"


@builds("test_symlinks_out_of_the_archive")
def _symlinks(root):
    archive = make_archive(root / "archive")
    outside = root / "outside"
    write(outside, "secret.yml", f"comment: {SECRET}\n")
    write(outside, "record/proposal.md", PROPOSAL.replace("유아들만", SECRET))
    write(outside, "polls/q/poll.yml", POLL)
    write(outside, "endorsements/heidi.yml", f"comment: {SECRET}\n")
    symlink(archive / "proposals/p/endorsements/heidi.yml", outside / "secret.yml")
    symlink(archive / "proposals/p/endorsements/jay.yml", "../../../../outside/secret.yml")
    symlink(archive / "proposals/evil", outside / "record")
    symlink(archive / "members.yml", outside / "secret.yml")
    symlink(archive / "polls", outside / "polls")
    symlink(archive / "proposals/q/proposal.md", outside / "record/proposal.md")
    symlink(archive / "proposals/q/endorsements", outside / "endorsements")
    # Links that stay inside the archive are refused too at a record's or an act's path (record-symlink).
    write(archive, "shared/comment.yml", "comment: 같이 씁니다\n")
    symlink(archive / "proposals/r/proposal.md", "../p/proposal.md")
    symlink(archive / "proposals/r/endorsements/namu.yml", archive / "shared/comment.yml")
    write(root, "outside.sha256", repr(snapshot(outside)))
    return archive


def test_symlinks_out_of_the_archive(checked):
    """Links out of the archive are errors, and nothing behind them is read or shown; a record or an act
    that is a link inside the archive is an error too (it would speak in its target's author's name)."""
    assert_sane(checked)
    assert errors_only(checked) == [
        "members.yml:1: symlink-outside",
        "polls:1: symlink-outside",
        "proposals/evil:1: symlink-outside",
        "proposals/p/endorsements/heidi.yml:1: symlink-outside",
        "proposals/p/endorsements/jay.yml:1: symlink-outside",
        "proposals/q/endorsements:1: symlink-outside",
        "proposals/q/proposal.md:1: symlink-outside",
        "proposals/r/endorsements/namu.yml:1: record-symlink",
        "proposals/r/proposal.md:1: record-symlink",
    ], checked.describe()
    assert checked.returncode == 1
    assert "SECRET" not in checked.stdout + checked.stderr
    root = checked.archive.parent
    assert repr(snapshot(root / "outside")) == (root / "outside.sha256").read_text(encoding="utf-8")


@builds("test_folder_where_a_file_belongs")
def _folders(root):
    archive = make_archive(root / "archive")
    (archive / "proposals/p/endorsements/heidi.yml").mkdir(parents=True)
    write(archive, "proposals/p/endorsements/jay.yml/comment.yml", "comment: 좋아요\n")
    (archive / "proposals/r/proposal.md").mkdir(parents=True)
    (archive / "polls/q/poll.yml").mkdir(parents=True)
    (archive / "members.yml").mkdir()
    return archive


def test_folder_where_a_file_belongs(checked):
    assert_diagnostics(checked, [
        "members.yml:1: not-a-file",
        "polls/q/poll.yml:1: not-a-file",
        "proposals/p/endorsements/heidi.yml:1: not-a-file",
        "proposals/p/endorsements/jay.yml:1: not-a-file",
        "proposals/r/proposal.md:1: not-a-file",
    ])


@builds("test_a_named_pipe_is_not_a_file_and_does_not_hang_check")
def _pipe(root):
    archive = make_archive(root / "archive")
    (archive / "proposals/p/endorsements").mkdir(parents=True, exist_ok=True)
    os.mkfifo(archive / "proposals/p/endorsements/heidi.yml")  # nobody ever writes to it
    return archive


def test_a_named_pipe_is_not_a_file_and_does_not_hang_check(checked):
    assert_diagnostics(checked, ["proposals/p/endorsements/heidi.yml:1: not-a-file"])


@builds("test_act_files_differing_only_by_case")
def _case_twins(root):
    archive = make_archive(root / "archive")
    write(archive, "proposals/p/endorsements/Heidi.yml", "comment: 좋아요\n")
    write(archive, "proposals/p/endorsements/heidi.yml", "comment: 좋아요 (두 번째)\n")
    write(archive, "proposals/r/proposal.md", PROPOSAL)
    write(archive, "proposals/r/endorsements/heidi.yml", "")  # the same person on another record is fine
    write(archive, "polls/q/poll.yml", POLL)
    for name in ("JAY", "Jay", "jay"):
        write(archive, f"polls/q/ballots/{name}.yml", "choices: [sat]\n")
    if len(os.listdir(archive / "polls/q/ballots")) != 3:
        pytest.skip("case-insensitive file system")
    return archive


def test_act_files_differing_only_by_case(checked):
    """The first file in name order counts; every other spelling is reported."""
    assert_diagnostics(checked, [
        "polls/q/ballots/Jay.yml:1: duplicate-handle",
        "polls/q/ballots/jay.yml:1: duplicate-handle",
        "proposals/p/endorsements/heidi.yml:1: duplicate-handle",
    ])


@builds("test_newline_at_the_end_of_a_name")
def _newline_names(root):
    archive = make_archive(root / "archive")
    try:
        write(archive, "proposals/p/endorsements/heidi\n.yml", "comment: 좋아요\n")
        write(archive, "proposals/q\n/proposal.md", PROPOSAL)
    except OSError as error:
        pytest.skip(f"file names cannot hold a newline here: {error}")
    return archive


def test_newline_at_the_end_of_a_name(checked):
    """'heidi<newline>.yml' is not '<handle>.yml', and 'q<newline>' is not a record id.

    (The printed path holds the newline, so only the slugs are looked for.)
    """
    assert "Traceback" not in checked.stdout + checked.stderr
    assert checked.before == checked.after
    assert "오류[bad-act-file]" in checked.stdout, checked.describe()
    assert "오류[bad-id]" in checked.stdout, checked.describe()
    assert checked.returncode == 1, checked.describe()


@builds("test_crlf_and_byte_order_mark")
def _line_endings(root):
    archive = make_archive(root / "archive")
    crlf = "---\r\ntitle: 제목\r\nproposer: dandi\r\nproposed: 2020-02-30\r\n---\r\n본문\r\n"
    write(archive, "proposals/crlf/proposal.md", crlf)
    write(archive, "proposals/crlf/endorsements/heidi.yml", "comment: 좋아요\r\nsource: online\r\n")
    write(archive, "proposals/bom/proposal.md", "\ufeff" + PROPOSAL.replace("\n", "\r\n"))
    write(archive, "proposals/bom/endorsements/heidi.yml", "\ufeffcomment: 좋아요\r\nsource: offline\r\n")
    write(archive, "proposals/cr/endorsements/jay.yml", "comment: 좋아요\rsource: paper\r")
    write(archive, "proposals/cr/proposal.md", PROPOSAL.replace("\n", "\r"))
    write(archive, "members.yml", "\ufeffheidi:\r\n  name: 하이디\r\n  roles: [citizen]\r\n")
    return archive


def test_crlf_and_byte_order_mark(checked):
    """Windows (CRLF) and old Mac (CR) line ends and a UTF-8 BOM are fine; lines still count right."""
    assert_diagnostics(checked, [
        "proposals/cr/endorsements/jay.yml:2: bad-source",
        "proposals/crlf/endorsements/heidi.yml:2: bad-source",
        "proposals/crlf/proposal.md:4: not-a-date",
    ])


@builds("test_diagnostics_with_braces_in_values")
def _braces(root):
    archive = make_archive(root / "archive")
    write(archive, "proposals/p/endorsements/heidi.yml", "'{comment}': '{0} {x}'\nsource: '{field}'\n")
    write(
        archive,
        "proposals/q/proposal.md",
        "---\ntitle: 제목\nproposer: dandi\nproposed: '{value}'\nstatus: '%s {}'\n---\n",
    )
    return archive


def test_diagnostics_with_braces_in_values(checked):
    """Values that look like format placeholders are printed as written."""
    assert_diagnostics(checked, [
        "proposals/p/endorsements/heidi.yml:1: unknown-field",
        "proposals/p/endorsements/heidi.yml:2: bad-source",
        "proposals/q/proposal.md:4: not-a-date",
        "proposals/q/proposal.md:5: bad-value",
    ])
    assert "'{value}'" in checked.stdout and "'{comment}'" in checked.stdout


# Deep nesting: (file text, the lines where it may be reported).
DEEP = {
    "flow-list-40": ("comment: " + "[" * 40 + "]" * 40 + "\n", (1,)),
    "block-list-40": ("comment:\n" + "- " * 40 + "b\n", (2,)),
    "flow-list-1000": ("comment: " + "[" * 1000 + "]" * 1000 + "\n", (1,)),
    "flow-map-1000": ("comment: " + "{a: " * 1000 + "b" + "}" * 1000 + "\n", (1,)),
    "block-list-1000": ("comment:\n" + "- " * 1000 + "b\n", (1, 2)),
    "flow-list-100000": ("comment: " + "[" * 100_000 + "]" * 100_000 + "\n", (1,)),
}


def _deep_archive(text, root):
    archive = make_archive(root / "archive")
    write(archive, "proposals/p/endorsements/heidi.yml", text)
    return archive


for _id, (_text, _) in DEEP.items():
    BUILDERS[f"test_deep_nesting[{_id}]"] = partial(_deep_archive, _text)


@pytest.mark.parametrize("case", list(DEEP))
def test_deep_nesting(case, checked):
    """Deep nesting is refused with one diagnostic, never a RecursionError.

    The line is where the nesting goes too deep (2 for the block list), or 1
    for the whole file.
    """
    assert_sane(checked)
    expected = [[f"proposals/p/endorsements/heidi.yml:{line}: yaml-too-complex"] for line in DEEP[case][1]]
    assert checked.located in expected, checked.describe()
    assert checked.returncode == 1


# Explicit YAML tags: (file, its text); the tag is on the text's line with '!!'.
TAGGED = {
    "int-hex": ("proposals/p/endorsements/heidi.yml", "comment: !!int 0x10\n"),
    "int-text": ("proposals/p/endorsements/heidi.yml", "comment: !!int 좋아요\n"),
    "float-inf": ("proposals/p/endorsements/heidi.yml", "comment: !!float .inf\n"),
    "float-text": ("proposals/p/endorsements/heidi.yml", "comment: !!float 좋아요\n"),
    "bool-yes": ("polls/q/poll.yml", POLL.replace("options:", "multiple: !!bool yes\noptions:")),
}


def _tagged_archive(path, text, root):
    archive = make_archive(root / "archive")
    write(archive, "polls/q/poll.yml", POLL)
    # Two choices: fine only if the poll really is `multiple: true`.
    write(archive, "polls/q/ballots/heidi.yml", "choices: [sat, sun]\n" if "multiple" in text else "choices: [sat]\n")
    write(archive, path, text)
    return archive


for _id, (_path, _text) in TAGGED.items():
    BUILDERS[f"test_explicit_yaml_tags[{_id}]"] = partial(_tagged_archive, _path, _text)


@pytest.mark.parametrize("case", list(TAGGED))
def test_explicit_yaml_tags(case, checked):
    """A value with an explicit !!int/!!float/!!bool tag is read as meant, or reported at its line.

    It must never crash check, and never silently become something else:
    `!!bool yes` is not false (YAML 1.1 reads it as true, YAML 1.2 refuses it).
    """
    path, text = TAGGED[case]
    line = 1 + text[: text.index("!!")].count("\n")
    assert_sane(checked)
    for diagnostic in checked.located:
        assert diagnostic.startswith(f"{path}:{line}: "), checked.describe()


# ------------------------------------------- hostile archives made by code


def message_of(run: CheckRun, located: str) -> str:
    """The printed line of the diagnostic `path:line: slug`."""
    path_line, slug = located.rsplit(": ", 1)
    return next(line for line in run.stdout.splitlines() if line.startswith(f"{path_line}: ") and f"[{slug}]" in line)


@builds("test_tabs_for_indentation")
def _tabs(root):
    archive = make_archive(root / "archive")
    write(archive, "proposals/p/endorsements/heidi.yml", "comment:\n\t- 좋아요\n")
    write(archive, "proposals/p/endorsements/jay.yml", "comment: 좋아요\n\tsource: offline\n")
    write(archive, "proposals/q/proposal.md", PROPOSAL.replace("proposer:", "\tproposer:"))
    write(archive, "polls/q/poll.yml", POLL)
    write(archive, "polls/q/ballots/heidi.yml", "choices:\n  -\tsat\n")
    # A tab after the colon or inside quotes is not indentation: fine.
    write(archive, "proposals/p/endorsements/namu.yml", 'comment:\t"좋아요\t정말"\n')
    return archive


def test_tabs_for_indentation(checked):
    """Tabs cannot indent YAML: reported at the tab's line, in words a volunteer understands."""
    expected = [
        "polls/q/ballots/heidi.yml:2: yaml-syntax",
        "proposals/p/endorsements/heidi.yml:2: yaml-syntax",
        "proposals/p/endorsements/jay.yml:2: yaml-syntax",
        "proposals/q/proposal.md:3: yaml-syntax",
    ]
    assert_diagnostics(checked, expected)
    for located in expected:
        message = message_of(checked, located)
        assert "탭 문자" in message and "use spaces" in message, message
        assert "cannot start any token" not in message, message


CYRILLIC_A = "\u0430"  # а, drawn like the Latin a
CYRILLIC_IE = "\u0435"  # е, drawn like the Latin e
ZERO_WIDTH_SPACE = "\u200b"
LOOK_ALIKES = {
    f"proposals/p/endorsements/m{CYRILLIC_A}llory.yml": "U+0430 CYRILLIC SMALL LETTER A",
    f"proposals/p/endorsements/h{CYRILLIC_IE}idi.yml": "U+0435 CYRILLIC SMALL LETTER IE",
    f"proposals/p/endorsements/heidi{ZERO_WIDTH_SPACE}.yml": "U+200B ZERO WIDTH SPACE",
    "proposals/p/endorsements/\uff48\uff45\uff49\uff44\uff49.yml": "U+FF48 FULLWIDTH LATIN SMALL LETTER H",
    f"polls/q/ballots/j{CYRILLIC_A}y.yml": "U+0430 CYRILLIC SMALL LETTER A",
}


@builds("test_look_alike_characters_in_handles")
def _look_alikes(root):
    archive = make_archive(root / "archive")
    write(archive, "members.yml", f"heidi:\n  name: 하이디\nm{CYRILLIC_A}llory:\n  name: 하이디\n")
    write(archive, "proposals/p/endorsements/heidi.yml", "")
    write(archive, "proposals/p/endorsements/mallory.yml", "")
    write(archive, "proposals/q/proposal.md", PROPOSAL.replace("dandi", f"d{CYRILLIC_A}ndi"))
    write(archive, f"proposals/pr{CYRILLIC_A}posal/proposal.md", PROPOSAL)
    write(archive, "polls/q/poll.yml", POLL)
    write(archive, "polls/q/ballots/jay.yml", "choices: [sat]\n")
    for path in LOOK_ALIKES:
        write(archive, path, "choices: [sun]\n" if path.startswith("polls") else "")
    return archive


def test_look_alike_characters_in_handles(checked):
    """A name that looks like an ASCII handle but hides another character is refused, and
    the message names that character by its code: 'mаllory' is not 'mallory', and the
    file does not count for heidi, mallory or jay. A record id says 'ASCII' already."""
    located = sorted([f"{path}:1: look-alike-character" for path in LOOK_ALIKES] + [
        "members.yml:3: look-alike-character",
        "proposals/q/proposal.md:3: look-alike-character",
        f"proposals/pr{CYRILLIC_A}posal:1: bad-id",
    ])
    assert_diagnostics(checked, located)
    for path, character in LOOK_ALIKES.items():
        message = message_of(checked, f"{path}:1: look-alike-character")
        assert character in message and "영문" in message and "ASCII" in message, message
    assert "U+0430 CYRILLIC SMALL LETTER A" in message_of(checked, "members.yml:3: look-alike-character")
    assert "ASCII" in message_of(checked, f"proposals/pr{CYRILLIC_A}posal:1: bad-id")


NFC, NFD = (unicodedata.normalize(form, "제안") for form in ("NFC", "NFD"))
NFC_NAME, NFD_NAME = (unicodedata.normalize(form, "하이디") for form in ("NFC", "NFD"))


@builds("test_korean_names_in_nfc_and_nfd")
def _normalization_twins(root):
    """macOS used to write file names decomposed (NFD); Linux keeps what it is given."""
    archive = make_archive(root / "archive")
    for record in (NFC, NFD):
        write(archive, f"proposals/{record}/proposal.md", PROPOSAL)
        write(archive, f"proposals/{record}/endorsements/heidi.yml", "")
    for name in (NFC_NAME, NFD_NAME):
        write(archive, f"proposals/p/endorsements/{name}.yml", "")
    if len(os.listdir(archive / "proposals")) != 3:
        pytest.skip("this file system merges NFC and NFD names")
    return archive


def test_korean_names_in_nfc_and_nfd(checked):
    """The same Korean word spelled two ways (NFC, NFD) makes two folders: neither is an
    ASCII id, each is reported on its own, and nothing crashes or is merged."""
    assert NFC != NFD
    assert_diagnostics(checked, [
        f"proposals/p/endorsements/{NFD_NAME}.yml:1: bad-act-file",
        f"proposals/p/endorsements/{NFC_NAME}.yml:1: bad-act-file",
        f"proposals/{NFD}:1: bad-id",
        f"proposals/{NFC}:1: bad-id",
    ])


@builds("test_symlink_loops")
def _loops(root):
    archive = make_archive(root / "archive")
    symlink(archive / "proposals/a", "b")  # a -> b -> a
    symlink(archive / "proposals/b", "a")
    symlink(archive / "proposals/up", ".")  # the folder holding the link: proposals/up/up/up/...
    symlink(archive / "proposals/p/endorsements/heidi.yml", "heidi.yml")
    symlink(archive / "proposals/p/endorsements/jay.yml", ".")
    symlink(archive / "proposals/p/endorsements/x.yml", "y.yml")
    symlink(archive / "proposals/p/endorsements/y.yml", "x.yml")
    symlink(archive / "proposals/p/endorsements/namu.yml", "gone.yml")
    write(archive, "polls/q/poll.yml", POLL)
    symlink(archive / "polls/q/ballots", "..")
    symlink(archive / "members.yml", "members.yml")
    symlink(archive / "content/again", ".")
    # Links to a file or a folder elsewhere in the archive are refused at a record's or an act's path.
    symlink(archive / "proposals/r/proposal.md", "../p/proposal.md")
    write(archive, "shared/endorsements/namu.yml", "comment: 같이 씁니다\n")
    symlink(archive / "proposals/r/endorsements", "../../shared/endorsements")
    return archive


def test_symlink_loops(checked):
    """Links that lead back to themselves or to a folder holding them are refused, one
    diagnostic each, without hanging; a link to nothing is reported as such."""
    assert_diagnostics(checked, [
        "content/again:1: symlink-loop",
        "members.yml:1: symlink-loop",
        "polls/q/ballots:1: symlink-loop",
        "proposals/a:1: symlink-loop",
        "proposals/b:1: symlink-loop",
        "proposals/p/endorsements/heidi.yml:1: symlink-loop",
        "proposals/p/endorsements/jay.yml:1: symlink-loop",
        "proposals/p/endorsements/namu.yml:1: symlink-broken",
        "proposals/p/endorsements/x.yml:1: symlink-loop",
        "proposals/p/endorsements/y.yml:1: symlink-loop",
        "proposals/r/endorsements:1: record-symlink",
        "proposals/r/proposal.md:1: record-symlink",
        "proposals/up:1: symlink-loop",
    ])


@builds("test_links_under_content_publish_nothing_outside")
def _content_links(root):
    archive = make_archive(root / "archive")
    write(root, "outside/secret.md", f"# {SECRET}\n")
    symlink(archive / "content/leak.md", root / "outside/secret.md")
    symlink(archive / "content/environ.md", "/proc/self/environ")  # the build's secrets, on CI
    symlink(archive / "content/news/2020-10-01-leak.md", root / "outside/secret.md")
    # A folder link inside the archive is fine, but a link out behind it is not.
    write(archive, "assets/photos.md", "# 사진\n")
    symlink(archive / "assets/passwd.md", "/etc/passwd")
    symlink(archive / "content/assets", "../assets")
    # content/a/b/a/b/...: a loop only through the way MkDocs walks.
    write(archive, "elsewhere/note.md", "# 메모\n")
    symlink(archive / "content/a", "../elsewhere")
    symlink(archive / "elsewhere/b", "../content")
    return archive


def test_links_under_content_publish_nothing_outside(checked, tmp_path):
    """MkDocs publishes whatever a link under content/ leads to: check reports every link
    out (once, even where a news post is read too) or round, and the build refuses."""
    assert_diagnostics(checked, [
        "content/a/b:1: symlink-loop",
        "content/assets/passwd.md:1: symlink-outside",
        "content/environ.md:1: symlink-outside",
        "content/leak.md:1: symlink-outside",
        "content/news/2020-10-01-leak.md:1: symlink-outside",
    ])
    site = tmp_path / "site"
    build = subprocess.run(
        [sys.executable, str(BUILD_PY), "build", str(checked.archive), "-d", str(site)],
        capture_output=True, timeout=120,
    )
    output = (build.stdout + build.stderr).decode("utf-8", errors="replace")
    assert build.returncode == 1, output
    assert "Traceback" not in output and SECRET not in output
    assert not site.exists()


def quiet_git(cwd: Path, *args):
    """git with a clean configuration and a fixed identity."""
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_TERMINAL_PROMPT": "0"}
    identity = ("-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false")
    try:
        subprocess.run(["git", *identity, *args], cwd=cwd, env=env, check=True, capture_output=True, timeout=60)
    except FileNotFoundError:
        pytest.skip("git is not installed")


@builds("test_git_submodule_inside_proposals")
def _submodule(root):
    other = root / "other"  # someone else's repository, holding a proposal and an endorsement
    write(other, "proposal.md", PROPOSAL)
    write(other, "endorsements/heidi.yml", "")
    quiet_git(other, "init", "-q")
    quiet_git(other, "add", "-A")
    quiet_git(other, "commit", "-q", "-m", "other")
    archive = make_archive(root / "archive")
    quiet_git(archive, "init", "-q")
    quiet_git(archive, "add", "-A")
    quiet_git(archive, "commit", "-q", "-m", "archive")
    quiet_git(archive, "-c", "protocol.file.allow=always", "submodule", "add", "-q", str(other), "proposals/x")
    quiet_git(archive, "-c", "protocol.file.allow=always", "submodule", "add", "-q", str(other), "polls")
    # A gitlink alone (a submodule not checked out) leaves nothing in the working tree.
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=other, capture_output=True, text=True).stdout.strip()
    quiet_git(archive, "update-index", "--add", "--cacheinfo", f"160000,{head},proposals/y")
    quiet_git(archive, "commit", "-q", "-m", "submodules")
    return archive


def test_git_submodule_inside_proposals(checked):
    """A submodule's files are not in the archive's history, so none can be traced: the
    folder is reported and nothing in it is read (its proposal, its endorsement)."""
    assert_diagnostics(checked, [
        "polls:1: submodule",
        "proposals/x:1: submodule",
    ])
    assert not (checked.archive / "proposals/y").exists()


MANY = 3000


@builds("test_thousands_of_act_files")
def _many_acts(root):
    archive = make_archive(root / "archive")
    for number in range(MANY):
        write(archive, f"proposals/p/endorsements/citizen-{number:04}.yml", "comment: 공감합니다\n")
    return archive


def test_thousands_of_act_files(checked):
    """Thousands of act files on one record (one pull request's worth) check cleanly."""
    assert len(checked.before) > MANY
    assert_sane(checked)
    assert checked.diagnostics == [], checked.describe()


# ------------------------------------------------------------ mkdocs.yml

# Settings check cannot use: (mkdocs.yml text or None for none, words the message must hold one of).
UNUSABLE_SETTINGS = {
    "missing": (None, ("mkdocs.yml",)),
    "broken-yaml": ("site_name: [시험\n", ("mkdocs.yml",)),
    "bad-timezone": (
        "site_name: 시험\ndocs_dir: content\nplugins:\n  - madang:\n      timezone: Mars/Olympus\n",
        ("Mars/Olympus",),
    ),
    "impossible-phase-date": (
        "site_name: 시험\ndocs_dir: content\nplugins:\n  - madang:\n      phases:\n"
        "        - {id: a, title: 가, start: 2020-02-30, end: 2020-03-10}\n",
        ("2020-02-30", "mkdocs.yml"),
    ),
}


def _settings_archive(mkdocs_yml, root):
    archive = make_archive(root / "archive")
    if mkdocs_yml is None:
        (archive / "mkdocs.yml").unlink()
    else:
        write(archive, "mkdocs.yml", mkdocs_yml)
    return archive


for _id, (_text, _) in UNUSABLE_SETTINGS.items():
    BUILDERS[f"test_unusable_mkdocs_yml[{_id}]"] = partial(_settings_archive, _text)


@pytest.mark.parametrize("case", list(UNUSABLE_SETTINGS))
def test_unusable_mkdocs_yml(case, checked):
    """Settings that cannot be read end in a message and exit 1, never a traceback."""
    output = checked.stdout + checked.stderr
    assert "Traceback" not in output, checked.describe()
    assert checked.before == checked.after
    assert checked.returncode == 1, checked.describe()
    assert any(hint in output for hint in UNUSABLE_SETTINGS[case][1]), checked.describe()


# ------------------------------------------------------ the sample archive


def test_repository_sample_archive_passes():
    """The archive in this repository (its own proposals, polls, members) is valid."""
    process = subprocess.run(
        [sys.executable, str(BUILD_PY), "check", str(REPO)], cwd=REPO, capture_output=True, timeout=120
    )
    stdout = process.stdout.decode("utf-8", errors="replace")
    stderr = process.stderr.decode("utf-8", errors="replace")
    assert "Traceback" not in stdout + stderr
    assert process.returncode == 0, stdout + stderr
    assert "오류[" not in stdout, stdout


def test_every_builder_has_its_test():
    """A builder registered under a name no test has would silently never run."""
    tests = {name: function for name, function in globals().items() if name.startswith("test_")}
    for name in BUILDERS:
        assert name.split("[")[0] in tests, name
    for name, function in tests.items():
        if "checked" in inspect.signature(function).parameters:
            assert any(key == name or key.startswith(name + "[") for key in BUILDERS), name
