"""The stages in order: load → validate → history → tally → render.

Each stage is a function from plain values to plain values; this module only
calls them in turn and stops where the archive cannot be counted honestly.
"""

from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path

from .constants import JOIN_FOLDER
from .audit import digest
from .constants import JURY_KIND, MAX_FILE_BYTES, RECORD_LAYOUT
from .diagnostics import ERROR, Diagnostic, diagnostic, sort_key
from .i18n import catalog_language, languages
from .history import (
    ACT_PATH, History, HistoryError, changed_files, checkout_at, file_at, history_at, is_shallow, last_change,
    read_history, tags_and_landings,
)
from .load import load
from .lottery import PLAN_FILE, PlanFiles
from .moderation import moderate
from .records import Archive
from .permissions import rule_for
from .review import Side, review
from .sortition import DrawError, roster
from .score import SelectionResult, SettingLines, score, selection_diagnostics
from .settings import Settings
from .settings_file import SettingsError, read_settings
from .render import GeneratedFile, render
from .tally import Counts, TallyPoints, end_of_day, phase_commit, tally
from .validate import paper_days_after, validate

SHALLOW_MESSAGE = (
    "이 저장소는 기록 일부만 받은 얕은 복제(shallow clone)라 참여를 바르게 셀 수 없어 멈춥니다. "
    "'git fetch --unshallow'로 전체 기록을 받으세요 (GitHub Actions에서는 actions/checkout에 'fetch-depth: 0'). / "
    "This clone is shallow, so the counts would be wrong: run 'git fetch --unshallow' "
    "(in GitHub Actions, set 'fetch-depth: 0' on actions/checkout)."
)


class ArchiveError(Exception):
    """The archive cannot be built; the message says why, for people."""


@dataclass(frozen=True)
class FrozenPhase:
    """A phase's results as recounted at its pinned commit (or its tag's): what `recount --at COMMIT` prints."""

    phase: str
    tag: str | None
    commit: str
    digest: str | None
    selection: SelectionResult | None = None
    problem: str | None = None
    """Why the archive cannot be recounted at the commit, or the pin is wrong (then `digest` is None)."""
    notice: Diagnostic | None = None
    """What is wrong with the pin: not in the history, its tag missing or moved (tally.phase_commit)."""


@dataclass(frozen=True)
class Result:
    archive: Archive
    diagnostics: tuple
    history: History
    counts: Counts
    digest: str
    """audit.digest of the counts: what `recount` prints for this commit."""
    files: tuple[GeneratedFile, ...]
    rewritten: str | None = None
    """Why the previously published counts cannot be reproduced, when they cannot (a rewritten history)."""
    selection: SelectionResult | None = None
    """The weighted selection (score.py), when the settings declare one."""
    frozen: tuple[FrozenPhase, ...] = ()
    """A FrozenPhase for every phase with a pinned commit or an existing tag: its counts recounted there."""


def _citizens_file(path: str) -> bool:
    """An act or a join request: a citizen's file, whose mistake leaves it uncounted but never stops the build."""
    return bool(ACT_PATH.match(path)) or path.startswith(f"{JOIN_FOLDER}/")


def settings_in(folder) -> Settings:
    """The settings of the archive in `folder`, read as data (settings_file.read_settings): those of a
    pull request's base, or of another commit for recounting at it."""
    try:
        return read_settings(folder)
    except SettingsError as error:
        raise ArchiveError(str(error)) from None


def check(root, settings) -> tuple[Archive, list]:
    """Validate every file; acts are not counted, so a shallow clone only warns."""
    archive, diagnostics = validate(load(root), settings.phase_ids)
    diagnostics += selection_diagnostics(archive, settings)
    diagnostics += pin_diagnostics(root, settings, *tags_and_landings(root)).values()
    diagnostics += language_diagnostics(root, settings)
    diagnostics += paper_days_after(archive.acts, lambda path: settings.today)
    if is_shallow(root):
        diagnostics.append(diagnostic("shallow-history", "."))
    return archive, sorted(diagnostics, key=sort_key)


def check_pull_request(root, author: str, base: str) -> tuple[Archive, list]:
    """`check`, plus what the pull request from `base` to HEAD may not change, given its author (review.py).

    The pull request is judged with its base's settings and members, never its own: a pull request
    cannot change the rules it is judged by. Its own mkdocs.yml is only read as data, for its mistakes.
    """
    try:
        changes = changed_files(root, base)
        with checkout_at(root, base) as (folder, _):
            settings = settings_in(folder)
            base_files = load(folder)
            base_archive, _ = validate(base_files, settings.phase_ids)
    except HistoryError as error:
        raise ArchiveError(str(error)) from None
    head_files = load(root)
    archive, diagnostics = validate(head_files, settings.phase_ids)
    diagnostics += selection_diagnostics(archive, settings)
    try:
        own = read_settings(root)
    except SettingsError as error:
        diagnostics.append(diagnostic("settings-invalid", error.path, error.line, problem=error.problem))
    else:
        diagnostics += pin_diagnostics(root, own, *tags_and_landings(root)).values()
    changed = {change.path for change in changes}
    diagnostics = [d for d in diagnostics if d.path in changed or d.severity == ERROR]
    plans, rosters = _changed_plans(root, changes, archive, settings)
    diagnostics += review(changes, Side(base_files, base_archive), Side(head_files, archive, plans), author,
                          settings.today, rosters)
    return archive, sorted(diagnostics, key=sort_key)


def _changed_plans(root, changes, archive, settings) -> tuple[dict, dict]:
    """(jury id -> plan.json text, jury id -> roster digest) at the head, for each jury whose plan the
    pull request changes; the history is read only then (the roster is a tally)."""
    ids = {c.path.split("/")[1] for c in changes if rule_for(c.path).before_seed_day} & set(archive.juries)
    if not ids:
        return {}, {}
    counted, _, history, _ = count(root, settings)
    plans = {i: counted.plans[i].working for i in ids if i in counted.plans and counted.plans[i].working}
    rosters = {}
    for jury_id in ids:
        try:
            rosters[jury_id] = roster(counted.juries[jury_id], counted, history, settings).digest
        except DrawError:
            continue
    return plans, rosters


def run(root, settings, intro: str | None = None, published: dict | None = None, settings_of=None) -> Result:
    """Build every generated file, or raise ArchiveError when counts would be wrong.

    `published` is the audit (commit, digest) of the site published before, if
    known: when history no longer holds it, `Result.rewritten` says why.
    `settings_of(folder)` reads the settings of a checkout; given it, every
    frozen phase is recounted at its commit (`Result.frozen`). What is wrong with a
    phase's pin is among the diagnostics the build prints, at its line of mkdocs.yml.
    """
    archive, diagnostics, history, counts, selection, counted = scored(root, settings)
    rewritten = rewritten_history(published, history, counted, archive.rewrites)
    notices = pin_diagnostics(root, settings, dict(history.tags), {landing.sha for landing in history.landings})
    diagnostics = report_order([*diagnostics, *notices.values()])
    frozen = frozen_phases(root, settings, history, settings_of, notices) if settings_of else ()
    files = render(archive, counts, history, settings, intro, counted, rewritten, selection, frozen)
    return Result(archive, tuple(diagnostics), history, counts, counted, tuple(files), rewritten, selection, frozen)


def frozen_phases(root, settings, history: History, settings_of, notices: dict) -> tuple[FrozenPhase, ...]:
    """Recount at the freezing commit of every phase that has one (tally.phase_commit); an archive
    that cannot be recounted there is reported on its phase's page, not a failed build.
    `notices` holds pin_diagnostics' notice of each phase that has one."""
    tags, landed = dict(history.tags), {landing.sha for landing in history.landings}
    frozen = []
    for phase in settings.phases:
        sha, _ = phase_commit(phase, tags, landed)
        notice = notices.get(phase.id)
        if sha is None:
            if notice:
                frozen.append(FrozenPhase(phase.id, phase.tag, phase.commit, None, notice=notice))
            continue
        try:
            _, selection, counted, sha = recount(root, settings_of, sha, history_at(history, sha))
        except ArchiveError as error:
            frozen.append(FrozenPhase(phase.id, phase.tag, sha, None, problem=str(error), notice=notice))
            continue
        frozen.append(FrozenPhase(phase.id, phase.tag, sha, counted, selection, notice=notice))
    return tuple(frozen)


def language_diagnostics(root, settings) -> list:
    """A site language madang has no catalog for is shown in Korean: said at `theme.language` in mkdocs.yml."""
    if catalog_language(settings.requested_language) is not None:
        return []
    document = SettingLines(root, "language").document
    line = document.line_of("theme", "language") if document is not None else 1
    return [diagnostic("language-without-catalog", "mkdocs.yml", line, language=settings.requested_language,
                       languages=", ".join(languages()))]


def pin_diagnostics(root, settings, tags: dict, landed) -> dict:
    """phase id -> what is wrong with its pin (tally.phase_commit), located at its `commit:` line
    (or its `tag:` line for a missing or moved tag) in mkdocs.yml."""
    line = SettingLines(root, "phases")
    found = {}
    for index, phase in enumerate(settings.phases):
        _, notice = phase_commit(phase, tags, landed)
        if notice is not None:
            slug, values = notice
            key = "commit" if slug == "phase-commit-unknown" else "tag"
            found[phase.id] = diagnostic(slug, "mkdocs.yml", line(index, key), **values)
    return found


def rewritten_history(published: dict | None, history: History, counted: str, rewrites=()) -> str | None:
    """Why the last published counts can no longer be reproduced from this history, or None.

    A published commit must stay on the first-parent chain (a force push that
    removes it rewrites what citizens saw); the same commit must give the same digest.
    A commit `madang erase --rewrite` replaced (`rewrites`, moderation/rewrites/) is named as that.
    """
    if not published or not published.get("commit"):
        return None
    commit, published_digest = published["commit"], published.get("digest")
    if commit == history.head:
        if published_digest and published_digest != counted:
            return REPRODUCE_MESSAGE.format(commit=commit[:12], digest=published_digest, now=counted)
        return None
    if commit not in {landing.sha for landing in history.landings}:
        for record in rewrites:
            new = next((c.get("new") for c in record["commits"] if isinstance(c, dict) and c.get("old") == commit), None)
            if new is not None:
                request = record.get("request") if isinstance(record.get("request"), dict) else {}
                return ERASURE_MESSAGE.format(
                    date=record.get("rewritten"), entry=request.get("entry"), commit=commit[:12], new=str(new)[:12],
                    before=record.get("digest_before"), after=record.get("digest_after"))
        return REWRITTEN_MESSAGE.format(commit=commit[:12], digest=published_digest or "-")
    return None


REWRITTEN_MESSAGE = (
    "기록이 다시 쓰였습니다: 앞서 공개한 커밋 {commit} (요약값 {digest})이(가) 지금 기록에 없어, 그때 공개한 숫자를 "
    "다시 셀 수 없습니다. / The history was rewritten: the published commit {commit} (digest {digest}) is no "
    "longer in it, so the numbers published then cannot be recounted."
)
ERASURE_MESSAGE = (
    "개인정보 삭제 요청으로 {date}에 기록을 다시 썼습니다 (운영 기록 {entry}): 앞서 공개한 커밋 {commit}은(는) {new}(으)로 "
    "바뀌었습니다. 다시 쓰기 전 요약값 {before}, 뒤 {after}. / Rewritten for an erasure request on {date} "
    "(moderation entry {entry}): the published commit {commit} is now {new}; digest before {before}, after {after}."
)
ERASURE_TITLE = "개인정보 삭제 요청으로 다시 쓴 기록 / Rewritten for an erasure request"
REPRODUCE_MESSAGE = (
    "같은 커밋 {commit}에서 요약값이 달라졌습니다: 공개 {digest}, 지금 {now}. / The same commit {commit} now gives "
    "digest {now}, not the published {digest}."
)


def count(root, settings, history: History | None = None) -> tuple[Archive, list, History, Counts]:
    """Validate, read the history (unless it is given) and tally; raise ArchiveError when counts would be wrong.

    A mistake in an act file stops nothing: the tally judges every act file from git and lists the
    wrong one as not counted, with its reason (`check` still refuses it)."""
    archive, diagnostics = validate(load(root), settings.phase_ids)
    diagnostics += selection_diagnostics(archive, settings)
    diagnostics = report_order(diagnostics)
    blocking = [d for d in diagnostics if d.severity == ERROR and not _citizens_file(d.path)]
    if blocking:
        warnings = sum(d.severity != ERROR for d in diagnostics)
        errors = "\n".join(str(d) for d in blocking)
        raise ArchiveError(
            f"{errors}\n파일에 오류가 {len(blocking)}건 있어 사이트를 만들지 않았습니다 (그 밖의 오류와 경고 "
            f"{len(diagnostics) - len(blocking)}건은 'check'로 보세요). / The archive has {len(blocking)} errors; nothing "
            f"was built (run 'check' for {len(diagnostics) - len(blocking)} other problems, {warnings} of them warnings)."
        )
    try:
        if history is None:
            history = read_history(root)
    except HistoryError as error:
        raise ArchiveError(f"git 기록을 읽지 못했습니다. / Could not read the git history: {error}") from None
    if history.shallow:
        raise ArchiveError(SHALLOW_MESSAGE)
    if not history.repository:
        diagnostics.append(diagnostic("not-a-repository", "."))
    archive = replace(archive, plans=plan_files(root, archive, history, settings))
    archive, counts = moderate(archive, tally(archive, history, settings), settings.language)
    landed = {act.path: act.added.astimezone(settings.timezone).date()
              for record in counts.records.values() for act in record.acts if act.added is not None}
    return archive, diagnostics + paper_days_after(archive.acts, landed.get), history, counts


def plan_files(root, archive, history: History, settings) -> dict:
    """jury id -> lottery.PlanFiles for each `method: leximin` jury: its plan.json in the tree, and as
    the last commit landed before its seed's day began held it (the latest landing while no seed day is set)."""
    plans = {}
    for jury in archive.juries.values():
        if jury.method != "leximin":
            continue
        name = f"{RECORD_LAYOUT[JURY_KIND][0]}/{jury.id}/{PLAN_FILE}"
        working = _plan_in_tree(Path(root, name))
        cut = end_of_day(jury.seed.date - timedelta(days=1), settings.timezone) if jury.seed else None
        point = TallyPoints(history.landings).point(cut) if history.landings else -1
        landing = history.landings[point] if point >= 0 else None
        committed = file_at(root, landing.sha, name) if landing else None
        plans[jury.id] = PlanFiles(working, committed, landing)
    return plans


def _plan_in_tree(path: Path) -> str | None:
    """plan.json's text in the tree; a link, a folder or a file over MAX_FILE_BYTES reads as "" (never
    the plan that landed, so the draw refuses it), a missing file as None."""
    if not path.exists() and not path.is_symlink():
        return None
    if path.is_symlink() or not path.is_file() or path.stat().st_size > MAX_FILE_BYTES:
        return ""
    return path.read_bytes().decode("utf-8", errors="replace")


def report_order(diagnostics) -> list[Diagnostic]:
    """Errors first, then warnings, each by path and line: the problem that matters is never buried."""
    return sorted(diagnostics, key=lambda d: (d.severity != ERROR, sort_key(d)))


def scored(root, settings, history: History | None = None):
    """`count`, then the selection and the digest of both: (archive, diagnostics, history, counts,
    selection, digest). The one place a digest is made, for the site, `recount` and the book alike."""
    archive, diagnostics, history, counts = count(root, settings, history)
    selection = score(archive, counts, settings, last_change(root))
    return archive, diagnostics, history, counts, selection, digest(
        counts, settings, history.head, selection, archive.moderation)


def recount(
    root, settings_of, rev: str = "HEAD", history: History | None = None,
) -> tuple[Counts, SelectionResult | None, str, str]:
    """Every tally and the selection as of commit `rev`, their digest and the commit's full sha.

    The archive is read from a temporary checkout of `rev`, so its files, its
    settings (`settings_of(folder)`) and its history are all those of that
    commit, whatever the working tree holds. `history`, when given, is that
    commit's (history.history_at), so git's log is not read again.
    """
    try:
        with checkout_at(root, rev) as (folder, sha):
            if history is None:
                history = history_of(root, folder, sha)
            _, _, _, counts, selection, counted = scored(folder, settings_of(folder), history)
    except HistoryError as error:
        raise ArchiveError(str(error)) from None
    return counts, selection, counted, sha


def history_of(root, folder, sha: str) -> History:
    """The history of commit `sha`, checked out at `folder`.

    When `sha` landed on the first-parent chain of the repository's HEAD, it is
    that history cut at `sha` (history.history_at): read with the repository's
    own cache, which it keeps for the next build or recount. Otherwise it is read
    at the checkout, without a cache: the checkout's git folder, where that cache
    would live, is removed with it.
    """
    return history_at(read_history(root), sha) or read_history(folder, use_cache=False)
