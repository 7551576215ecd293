"""The stages in order: load → validate → history → tally → render.

Each stage is a function from plain values to plain values; this module only
calls them in turn and stops where the archive cannot be counted honestly.
"""

from dataclasses import dataclass

from .diagnostics import diagnostic, has_errors, sort_key
from .history import History, HistoryError, is_shallow, read_history
from .load import load
from .records import Archive
from .render import GeneratedFile, render
from .tally import Counts, tally
from .validate import validate

SHALLOW_MESSAGE = (
    "이 저장소는 기록 일부만 받은 얕은 복제(shallow clone)라 참여를 바르게 셀 수 없어 멈춥니다. "
    "'git fetch --unshallow'로 전체 기록을 받으세요 (GitHub Actions에서는 actions/checkout에 'fetch-depth: 0'). / "
    "This clone is shallow, so the counts would be wrong: run 'git fetch --unshallow' "
    "(in GitHub Actions, set 'fetch-depth: 0' on actions/checkout)."
)


class ArchiveError(Exception):
    """The archive cannot be built; the message says why, for people."""


@dataclass(frozen=True)
class Result:
    archive: Archive
    diagnostics: tuple
    history: History
    counts: Counts
    files: tuple[GeneratedFile, ...]


def check(root, settings) -> tuple[Archive, list]:
    """Validate every file; acts are not counted, so a shallow clone only warns."""
    archive, diagnostics = validate(load(root), settings.phase_ids)
    if is_shallow(root):
        diagnostics.append(diagnostic("shallow-history", "."))
    return archive, sorted(diagnostics, key=sort_key)


def run(root, settings, intro: str | None = None) -> Result:
    """Build every generated file, or raise ArchiveError when counts would be wrong."""
    archive, diagnostics = validate(load(root), settings.phase_ids)
    diagnostics.sort(key=sort_key)
    if has_errors(diagnostics):
        errors = "\n".join(str(d) for d in diagnostics)
        raise ArchiveError(f"{errors}\n파일에 오류가 있어 사이트를 만들지 않았습니다. / The archive has errors; nothing was built.")
    try:
        history = read_history(root)
    except HistoryError as error:
        raise ArchiveError(f"git 기록을 읽지 못했습니다. / Could not read the git history: {error}") from None
    if history.shallow:
        raise ArchiveError(SHALLOW_MESSAGE)
    if not history.repository:
        diagnostics.append(diagnostic("not-a-repository", "."))
    counts = tally(archive, history, settings)
    files = render(archive, counts, history, settings, intro)
    return Result(archive, tuple(diagnostics), history, counts, tuple(files))
