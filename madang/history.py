"""Stage 3: act events from git: two passes over the whole log.

The only module that talks to git. Pass one lists every commit reachable from
HEAD with its parents, author and the act files it changed; pass two walks
the first-parent chain (the branch as it was built, one landing after
another) with each landing's diff against its first parent and its message.
Each side commit is assigned to the merge that landed it by one walk over the
parents, so the whole history costs two `git log` processes and one
`git cat-file --batch` for the contents, whatever its length.
"""

import re
import subprocess
import tempfile
from array import array
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import NamedTuple

import git

from . import cache, gcpause
from .constants import ACT_LAYOUT, HANDLE_PATTERN, RECORD_LAYOUT

KIND_OF_FOLDER = {
    (RECORD_LAYOUT[record_kind][0], acts): kind for kind, (record_kind, acts) in ACT_LAYOUT.items()
}
"""(record folder, act folder) -> act kind."""
ACT_PATH = re.compile(
    "^(?=(?:" + "|".join(sorted(f"{re.escape(folder)}/[^/]+/{re.escape(acts)}" for folder, acts in KIND_OF_FOLDER))
    + r")/[^/]+$)"  # only an act folder its record kind has: juries/x/ballots/y.yml is no act
    "(?P<folder>" + "|".join(sorted({re.escape(folder) for folder, _ in KIND_OF_FOLDER})) + r")/(?P<record>[^/]+)/"
    "(?P<acts>" + "|".join(sorted({re.escape(acts) for _, acts in KIND_OF_FOLDER})) + r")/(?P<name>[^/]+)$"
)
ACT_MARKERS = tuple(sorted({f"/{acts}/" for _, acts in KIND_OF_FOLDER}))

PR_IN_SUBJECT = (
    re.compile(r"^Merge pull request #(\d+) from "),  # GitHub, merge commit
    re.compile(r"\(#(\d+)\)\s*$"),  # GitHub, squash
)
PR_IN_BODY = (
    re.compile(r"See merge request \S*!(\d+)"),  # GitLab
    re.compile(r"Reviewed-on: \S*/pulls/(\d+)"),  # Gitea, Forgejo
)
SOURCE_ACCOUNT = (
    re.compile(r"^Merge pull request #\d+ from (?P<login>[A-Za-z0-9-]+)/\S"),  # GitHub
    re.compile(r"^Merge pull request '.*' \(#\d+\) from (?P<login>[A-Za-z0-9-]+)/[^\s:/]+:\S+ into \S+$"),  # Gitea, Forgejo
)
"""The subject a forge writes when it merges a pull request from an account's own fork: the login is the
fork's owner. (GitLab's default merge subject names no account; there a squash merge's author tells.)"""

RECORD = "\x1e\x1dmadang-commit\x1d\x1e"
"""Separators no commit message or file name carries by accident (neither may hold a NUL)."""
FIELD = "\x1f\x1dmadang\x1d\x1f"
END = "\x1d\x1dmadang-end\x1d\x1d"
ALL_COMMITS_FORMAT = f"{RECORD}%H{FIELD}%P{FIELD}%an{FIELD}%ae{FIELD}%ce{FIELD}%s{END}"
LANDINGS_FORMAT = f"{RECORD}%H{FIELD}%P{FIELD}%ct{FIELD}%B{END}"


class HistoryError(Exception):
    """Git could not be read (a broken repository or a missing git)."""


class Landing(NamedTuple):
    """A commit on the first-parent chain of the built branch."""

    sha: str
    time: datetime
    """Committer time, in UTC: when the change landed on the branch."""
    pr: int | None
    """Pull request number named by the commit message, if any."""
    position: int
    """0 for the oldest first-parent commit, counting up to HEAD."""


class ActEvent(NamedTuple):
    """One add, change or removal of an act file, as it landed.

    A named tuple rather than a data class: a city's history holds hundreds of
    thousands of them, and tuples are built and cached several times faster."""

    path: str
    """Archive-relative path, e.g. proposals/x/endorsements/heidi.yml."""
    kind: str
    record_id: str
    name: str
    change: str
    """'A' added, 'M' changed, 'D' removed, 'R' renamed from `moved_from` (same content, same record)."""
    commit: str
    """The commit that made the change (a side commit of a merge, or the landing itself)."""
    author_name: str
    author_email: str
    committer_email: str
    landing: Landing
    text: bytes | None
    """The file's content after the change; None when removed."""
    opened_by: str
    """The login the forge recorded for the pull request that brought this commit in (history.forge_login),
    or ''; only the landing's own record counts, or, for a maintainer's merge of the forge's branch, the
    forge's merges on that branch: a subject written inside someone's branch proves nothing."""
    moved_from: str | None
    """For 'R' (a rename of an act file with its content unchanged, within its record): the old path."""


@dataclass(frozen=True)
class History:
    """What git says about an archive's acts."""

    repository: bool
    """False when the archive is not inside a git repository."""
    shallow: bool
    head: str | None
    landings: tuple[Landing, ...] = ()
    events: tuple[ActEvent, ...] = ()
    tags: tuple[tuple[str, str], ...] = ()
    """(tag name, commit sha) of every tag, read afresh on each build (tags move; the cache keeps no tags)."""


def read_history(root, use_cache: bool = True) -> History:
    """Every act event on the first-parent chain of HEAD of the repository at `root`.

    With `use_cache`, what was read before is kept in the repository's git folder
    (cache.py) and only the commits landed since are read.
    """
    try:
        repo = git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return History(repository=False, shallow=False, head=None)
    try:
        return _read(repo, Path(root).resolve(), use_cache)
    except (git.CommandError, subprocess.CalledProcessError, ValueError) as error:
        raise HistoryError(str(error)) from None
    finally:
        repo.close()


def history_at(history: History, sha: str) -> History | None:
    """What `read_history` gives at the first-parent commit `sha`: this history up to its landing
    (the cache rests on the same fact: a later read only adds); None when `sha` did not land here."""
    position = next((landing.position for landing in history.landings if landing.sha == sha), None)
    if position is None:
        return None
    events = tuple(event for event in history.events if event.landing.position <= position)
    return replace(history, head=sha, landings=history.landings[: position + 1], events=events)


@gcpause.paused()
def _read(repo: git.Repo, root: Path, use_cache: bool) -> History:
    shallow = repo.git.rev_parse("--is-shallow-repository") == "true"
    if not repo.head.is_valid():
        return History(repository=True, shallow=shallow, head=None)
    prefix = root.relative_to(Path(repo.working_tree_dir).resolve()).as_posix()
    prefix = "" if prefix == "." else prefix + "/"
    cache_file = cache.path_for(repo.git_dir, prefix)
    segments = cache.load(cache_file) if use_cache and not shallow else None
    earlier = _cached_history(segments) if segments else None
    history = None
    if earlier is not None and _is_ancestor(repo, earlier.head):
        history = _read_since(repo, prefix, earlier)
    if history is None:
        history = _read_since(repo, prefix, History(repository=True, shallow=False, head=None))
        earlier = segments = None
    if use_cache and not shallow:
        _store(cache_file, history, earlier, len(segments or ()))
    return replace(history, shallow=shallow, tags=_tags(repo))


def _tags(repo: git.Repo) -> tuple[tuple[str, str], ...]:
    """Every tag with the commit it names (an annotated tag's target, `%(*objectname)`)."""
    output = repo.git.execute(
        ["git", "for-each-ref", "refs/tags", "--format=%(refname:strip=2)%00%(objectname)%00%(*objectname)"]
    )
    tags = []
    for line in output.splitlines():
        name, sha, target = line.split("\0")
        tags.append((name, target or sha))
    return tuple(tags)


def _is_ancestor(repo: git.Repo, sha: str) -> bool:
    """Whether HEAD still descends from `sha` (False after a force push removed it)."""
    try:
        repo.git.merge_base("--is-ancestor", sha, "HEAD")
        return True
    except git.CommandError:
        return False


def _store(cache_file, history: History, earlier: History | None, segment_count: int) -> None:
    """Keep what was read: nothing when nothing landed, one more segment when `history`
    extends the cached `earlier`, else (read from scratch, or many segments) the whole."""
    if earlier is not None and history.head == earlier.head:
        return
    if earlier is not None and segment_count < cache.MAX_SEGMENTS:
        new = _segment(history.landings[len(earlier.landings):], history.events[len(earlier.events):])
        cache.append(cache_file, earlier.head, history.head, new)
    else:
        cache.save(cache_file, history.head, _segment(history.landings, history.events))


def _segment(landings, events) -> tuple:
    """Landings and events as columns of plain values, for the cache.

    Landings: their shas, Unix times and pull requests (positions follow from
    the order). Events: per field, a table of its distinct values and each
    event's index into it (array of int); the landing field holds positions.
    A city's 200,000 events share a few kinds, shas and e-mail addresses, so
    this is stored small (cache.py) and read back without an object per value.
    """
    landing_columns = (
        [landing.sha for landing in landings],
        array("q", [int(landing.time.timestamp()) for landing in landings]),
        [landing.pr for landing in landings],
    )
    event_columns = []
    for field, values in zip(ActEvent._fields, list(zip(*events)) or [()] * len(ActEvent._fields)):
        if field == "landing":
            event_columns.append((None, array("I", [landing.position for landing in values])))
        else:
            table = {}
            indexes = array("I", [table.setdefault(value, len(table)) for value in values])
            event_columns.append((list(table), indexes))
    return landing_columns, event_columns


def _cached_history(segments) -> History | None:
    """The cached history, or None when the segments are not of the shape `_segment` writes (a file
    written by hand, or by another version that kept the same header): then it is no cache."""
    try:
        return _from_segments(segments)
    except (TypeError, ValueError, IndexError, KeyError, AttributeError, OverflowError, OSError):
        return None


def _from_segments(segments) -> History:
    """The history the cache's segments hold together, oldest first."""
    landings, columns = [], [[] for _ in ActEvent._fields]
    for _, _, (landing_columns, event_columns) in segments:
        shas, times, prs = landing_columns
        utc = [datetime.fromtimestamp(epoch, timezone.utc) for epoch in times]
        landings += map(Landing, shas, utc, prs, range(len(landings), len(landings) + len(shas)))
        for column, (table, indexes) in zip(columns, event_columns):
            column += map((landings if table is None else table).__getitem__, indexes)
    events = tuple(map(ActEvent, *columns))
    return History(repository=True, shallow=False, head=segments[-1][1], landings=tuple(landings), events=events)


def _read_since(repo: git.Repo, prefix: str, earlier: History) -> History | None:
    """`earlier` extended by the commits landed after its head; None if HEAD no longer descends from it.

    A rewritten history (a force push) makes the earlier head vanish from the
    first-parent chain: then nothing is mixed, and the caller reads from scratch.
    """
    since = f"{earlier.head}..HEAD" if earlier.head else "HEAD"
    with ThreadPoolExecutor(max_workers=2) as pool:  # the two passes run side by side
        all_commits = pool.submit(_log, repo, since, "--topo-order", f"--format={ALL_COMMITS_FORMAT}")
        first_parent = pool.submit(
            _log, repo, since, "--first-parent", "--diff-merges=first-parent", f"--format={LANDINGS_FORMAT}"
        )
        try:
            commits = _all_commits(all_commits.result(), prefix)
            landings, landing_changes, base = _landings(first_parent.result(), prefix, len(earlier.landings))
        except git.CommandError:
            if earlier.head is None:
                raise
            return None  # the earlier head is gone
    if earlier.head is not None and (base != earlier.head if landings else repo.head.commit.hexsha != earlier.head):
        return None
    _add_side_merge_changes(repo, commits, {landing.sha for landing in landings}, prefix)
    events = []
    landed = set()
    for landing, changes in zip(landings, landing_changes):
        brought = _side_commits(landing.sha, commits, landed)
        opened_by = _opened_by(landing, brought, commits)
        for path, (change, blob, moved_from) in _renames(changes).items():
            touching = _touching(path, brought, commits)
            for previous in touching[:-1]:  # each judged too: a forged add stays visible under the owner's edit
                events.append((path, *commits[previous][5][path][:2], previous, landing, opened_by(previous), None))
            if touching and change not in "DR" and commits[touching[-1]][5][path][0] != "D":
                change = commits[touching[-1]][5][path][0]  # what the branch's last commit did: add or edit
            last = touching[-1] if touching else landing.sha
            events.append((path, change, blob, last, landing, opened_by(last), moved_from))
    texts = _blob_texts(repo, {event[2] for event in events if event[1] != "D"})
    new_events = tuple(_event(*event, commits, texts) for event in events)
    return History(
        repository=True,
        shallow=False,
        head=landings[-1].sha if landings else earlier.head,
        landings=earlier.landings + tuple(landings),
        events=earlier.events + new_events,
    )


def _log(repo: git.Repo, revisions: str, *args) -> str:
    """git's log of `revisions`, as text: bytes that are not UTF-8 (a file name, a name in a commit)
    become `\\xff` escapes, so that every path read from history can be written and hashed."""
    return repo.git.execute(
        ["git", "-c", "log.showSignature=false", "-c", "log.showRoot=true", "log", "--no-renames", "--raw",
         "--no-abbrev", "-z", *args, revisions], stdout_as_string=False,
    ).decode("utf-8", "backslashreplace")


def _records(output: str):
    """Split log output into (header fields, raw section) per commit."""
    for chunk in output.split(RECORD)[1:]:
        header, _, raw = chunk.partition(END)
        yield header.split(FIELD), raw


def _act_changes(raw: str, prefix: str) -> dict:
    """path -> (change, new blob, old blob) for the act files in a `--raw -z` section.

    The section alternates ':<modes> <old> <new> <status>' and a path; most paths
    are not act files, so the cheap folder test comes before any other work. A
    merge's combined section ('::<modes> <blobs> <statuses>', git diff -c) is read
    the same way: its last blob is the result, and it is an add only where no
    parent had the file.
    """
    changes = {}
    tokens = raw.split("\0")
    for index in range(1, len(tokens)):
        path = tokens[index]
        if not any(marker in path for marker in ACT_MARKERS) or not tokens[index - 1].lstrip().startswith(":"):
            continue
        header = tokens[index - 1].lstrip()
        parents = len(header) - len(header.lstrip(":"))
        fields = header.lstrip(":").split()
        if len(fields) != 2 * parents + 3 or not path.startswith(prefix):
            continue
        path = path[len(prefix):]
        match = ACT_PATH.match(path)
        if match and (match["folder"], match["acts"]) in KIND_OF_FOLDER:
            statuses, blob = fields[-1], fields[-2]
            change = "D" if set(fields[parents]) == {"0"} else "A" if set(statuses) == {"A"} else "M"
            changes[path] = (change, blob, fields[parents + 1] if parents == 1 else None)
    return changes


def _all_commits(output: str, prefix: str) -> dict:
    """sha -> (recency, parents, author name, author e-mail, committer e-mail, act changes, subject)."""
    commits = {}
    for recency, (header, raw) in enumerate(_records(output)):
        sha, parents, author_name, author_email, committer_email, subject = header
        commits[sha] = (
            recency, parents.split(), author_name, author_email, committer_email, _act_changes(raw, prefix), subject,
        )
    return commits


def _landings(output: str, prefix: str, first_position: int) -> tuple[list[Landing], list[dict], str | None]:
    """Landings oldest first, their act changes, and the first parent of the oldest."""
    parsed = list(_records(output))
    parsed.reverse()
    landings, changes, base = [], [], None
    for position, (header, raw) in enumerate(parsed, first_position):
        sha, parents, committer_time, message = header
        if position == first_position:
            base = parents.split()[0] if parents else None
        time = datetime.fromtimestamp(int(committer_time), timezone.utc)
        landings.append(Landing(sha, time, pull_request_number(message), position))
        changes.append(_act_changes(raw, prefix))
    return landings, changes, base


def _add_side_merge_changes(repo, commits: dict, landing_shas: set, prefix: str) -> None:
    """Give merges on pull-request branches the act changes they made themselves.

    `git log` shows no diff for merges, and the first-parent pass only covers
    landings; but a merge on a branch can change an act file itself (a conflict
    resolved by hand) and must then be that change's commit. git's combined diff
    (`-c`) says which: a merge changes a path only where its result differs from
    every parent, so a merge that takes a file as one parent had it (a pull
    request merged into another's branch, "merge main into my branch", a
    maintainer's pull of the forge's main) changes nothing, and the file's commit
    is the one that wrote it. Such merges are few: one `git diff-tree --stdin`.
    """
    merges = [sha for sha, commit in commits.items() if len(commit[1]) > 1 and sha not in landing_shas]
    if not merges:
        return
    output = subprocess.run(
        ["git", "--git-dir", repo.git_dir, "diff-tree", "--stdin", "-r", "--raw", "-z", "--no-abbrev",
         "--no-renames", "-c"],
        input="".join(f"{sha}\n" for sha in merges).encode(),
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8", "backslashreplace")
    tokens, sha, raw = output.split("\0"), None, {}
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.startswith(":") and sha is not None:  # a change: its meta, then its path
            raw[sha] += [token, tokens[index + 1] if index + 1 < len(tokens) else ""]
            index += 2
            continue
        if token:
            sha = token.strip()
            raw[sha] = []
        index += 1
    for sha, parts in raw.items():
        if sha in commits:
            commits[sha] = commits[sha][:5] + (_act_changes("\0".join(["", *parts]), prefix),) + commits[sha][6:]


def pull_request_number(message: str) -> int | None:
    """The pull (or merge) request a landing commit names, if any."""
    subject = message.split("\n", 1)[0].strip()
    for pattern in PR_IN_SUBJECT:
        match = pattern.search(subject)
        if match:
            return int(match.group(1))
    for pattern in PR_IN_BODY:
        match = pattern.search(message)
        if match:
            return int(match.group(1))
    return None


def forge_login(subject: str) -> str | None:
    """The account a forge's merge subject says the pull request came from (its fork's owner), if any."""
    for pattern in SOURCE_ACCOUNT:
        match = pattern.match(subject.strip())
        if match:
            return match["login"]
    return None


def _side_commits(landing_sha: str, commits: dict, landed: set) -> dict[str, str]:
    """The commits that first became reachable with this landing (none unless it is a merge), each with
    the merge that brought it in: the innermost one, so a pull request merged into another's branch
    brings its own commits and that branch's merge brings the rest.

    Each branch is walked along its first parents before the branches merged into it, so a commit
    on a branch's own line is that branch's, however else it can be reached.
    """
    landed.add(landing_sha)
    parents = commits[landing_sha][1] if landing_sha in commits else []
    brought, stack = {}, [(parent, landing_sha) for parent in reversed(parents[1:])]
    while stack:
        sha, merge = stack.pop()
        while sha is not None and sha not in landed and sha in commits:
            landed.add(sha)
            brought[sha] = merge
            own_parents = commits[sha][1]
            stack.extend((parent, sha) for parent in reversed(own_parents[1:]))
            sha = own_parents[0] if own_parents else None
    if parents:
        landed.add(parents[0])
    return brought


def _opened_by(landing: Landing, brought: dict, commits: dict):
    """commit -> the login the forge recorded for the pull request that brought it onto the branch, or ''.

    The forge's record is the landing's own subject ("Merge pull request #N from LOGIN/…"), or a squash
    landing's author. When the landing is a maintainer's merge of the forge's branch (a merge naming no
    pull request: only maintainers push), the forge's merges on that branch's own line are records too.
    Any other merge inside a branch was written by whoever pushed the branch, and proves nothing.
    """
    own = commits.get(landing.sha)
    if own is None:
        return lambda sha: ""
    if len(own[1]) == 1:
        squash = landing.pr is not None and HANDLE_PATTERN.match(own[2])
        return lambda sha: own[2] if squash and sha == landing.sha else ""
    trusted = {landing.sha}
    if landing.pr is None and len(own[1]) > 1:  # the forge's own line: first parents from the merged branch
        sha = own[1][1]
        while sha in brought and brought[sha] == landing.sha:
            trusted.add(sha)
            sha = commits[sha][1][0] if commits[sha][1] else None
    logins = {merge: forge_login(commits[merge][6]) or "" for merge in trusted}
    return lambda sha: logins.get(brought.get(sha), "")


def _renames(changes: dict) -> dict:
    """A landing's act changes with each rename paired up: the act file removed and one added in its
    record's same folder with the same content become one 'R' on the new path (path -> (change, blob,
    old path or None)). Only an unambiguous pair is a rename: one removal and one add of that content."""
    removed, added = defaultdict(list), defaultdict(list)
    for path, (change, blob, old_blob) in changes.items():
        folder = path.rsplit("/", 1)[0]
        if change == "D":
            removed[(folder, old_blob)].append(path)
        elif change == "A":
            added[(folder, blob)].append(path)
    moves = {new[0]: old[0] for key, old in removed.items() if len(old) == 1 and len(new := added.get(key, ())) == 1}
    paired = set(moves.values())
    return {
        path: ("R", blob, moves[path]) if path in moves else (change, blob, None)
        for path, (change, blob, _) in changes.items() if path not in paired
    }


def _touching(path: str, side, commits: dict) -> list[str]:
    """The side commits of a landing that changed `path`, oldest first.

    The last one authored the file as it landed; the earlier ones become events
    of their own, so the tally judges every commit of the act's life, not only
    the last (an add forged by someone else and then edited by the owner on the
    same branch must not pass as the owner's).
    """
    return sorted((sha for sha in side if path in commits[sha][5]), key=lambda sha: -commits[sha][0])


def _blob_texts(repo, blobs: set) -> dict:
    """The contents of many blobs, through one `git cat-file --batch`."""
    if not blobs:
        return {}
    order = sorted(blobs)
    output = subprocess.run(
        ["git", "--git-dir", repo.git_dir, "cat-file", "--batch"],
        input="".join(f"{blob}\n" for blob in order).encode(),
        capture_output=True,
        check=True,
    ).stdout
    texts, position = {}, 0
    for blob in order:
        header_end = output.index(b"\n", position)
        header = output[position:header_end].split()
        if header[-1] == b"missing":  # a gitlink (submodule) at an act path: no content to read
            position = header_end + 1
            continue
        size = int(header[2])
        texts[blob] = output[header_end + 1 : header_end + 1 + size]
        position = header_end + 1 + size + 1
    return texts


def _event(path, change, blob, author, landing, opened_by, moved_from, commits, texts) -> ActEvent:
    match = ACT_PATH.match(path)
    kind = KIND_OF_FOLDER[(match["folder"], match["acts"])]
    _, _, author_name, author_email, committer_email, *_ = commits.get(author, (0, [], "", "", "", {}, ""))
    return ActEvent(
        path=path,
        kind=kind,
        record_id=match["record"],
        name=match["name"],
        change=change,
        commit=author,
        author_name=author_name,
        author_email=author_email,
        committer_email=committer_email,
        landing=landing,
        text=None if change == "D" else texts.get(blob),
        opened_by=opened_by,
        moved_from=moved_from,
    )


@contextmanager
def checkout_at(root, rev: str):
    """The archive at `root` as it was at commit `rev`: a temporary detached worktree, removed after.

    Yields (archive folder inside the worktree, full sha). Raises HistoryError
    when `rev` names no commit.
    """
    root = Path(root).resolve()
    try:
        repo = git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise HistoryError("git 저장소가 아닙니다 / not a git repository") from None
    with repo, tempfile.TemporaryDirectory(prefix="madang-recount-") as folder:
        sha = _commit(repo, rev)
        prefix = root.relative_to(Path(repo.working_tree_dir).resolve())
        worktree = Path(folder) / "archive"
        repo.git.worktree("add", "--detach", "--quiet", str(worktree), sha)
        try:
            yield worktree / prefix, sha
        finally:
            repo.git.worktree("remove", "--force", str(worktree))


@dataclass(frozen=True)
class Change:
    """One path a pull request changes: git's status letter (A, M, D, T for a type change) and the file's modes."""

    status: str
    path: str
    """Archive-relative."""
    old_mode: str
    """'000000' when added; '100644' a file, '100755' executable, '120000' a symbolic link, '160000' a submodule."""
    new_mode: str
    """'000000' when deleted."""


def changed_files(root, base: str) -> list[Change]:
    """Every path a pull request changes: from where HEAD left `base` (their merge base) to HEAD.
    Raises HistoryError when `base` names no commit (it is verified before git sees it)."""
    root = Path(root).resolve()
    try:
        with git.Repo(root, search_parent_directories=True) as repo:
            base_sha = _commit(repo, base)
            prefix = root.relative_to(Path(repo.working_tree_dir).resolve()).as_posix()
            prefix = "" if prefix == "." else prefix + "/"
            output = repo.git.execute(
                ["git", "diff", "--no-renames", "--raw", "-z", f"{base_sha}...HEAD", "--", prefix or "."]
            )
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise HistoryError("git 저장소가 아닙니다 / not a git repository") from None
    except git.CommandError as error:
        raise HistoryError(f"git: {_git_reason(error)}") from None
    tokens = output.split("\0")
    changes = []
    for header, path in zip(tokens[0::2], tokens[1::2]):
        old_mode, new_mode, _, _, status = header.lstrip(":").split(" ")
        if path.startswith(prefix):
            changes.append(Change(status[0], path[len(prefix):], old_mode, new_mode))
    return changes


def _commit(repo: git.Repo, rev: str) -> str:
    """The full sha of the commit `rev` names; HistoryError for anything else (an option such as
    `--output=F` included: git never sees it as an argument)."""
    if not rev.startswith("-"):
        try:
            return repo.git.rev_parse("--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}")
        except git.CommandError:
            pass
    raise HistoryError(f"'{rev}'에 해당하는 커밋이 없습니다 / no commit named '{rev}'")


def _git_reason(error: git.CommandError) -> str:
    """git's own words (its stderr), e.g. why it refuses a repository ('dubious ownership')."""
    return (error.stderr or "").strip().removeprefix("stderr:").strip().strip("'").strip() or str(error)


def git_refusal(root) -> str | None:
    """Why git refuses to read the repository holding `root`, in git's own words (e.g. 'detected dubious
    ownership', safe.directory); None when git reads it or `root` is in no repository."""
    try:
        with git.Repo(root, search_parent_directories=True) as repo:
            repo.git.rev_parse("--git-dir")
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return None
    except git.CommandError as error:
        return _git_reason(error)
    return None


def head_time(root) -> int | None:
    """The committer time of HEAD (Unix seconds); None outside git or before the first commit."""
    try:
        with git.Repo(root, search_parent_directories=True) as repo:
            return repo.head.commit.committed_date if repo.head.is_valid() else None
    except (git.InvalidGitRepositoryError, git.NoSuchPathError, ValueError):
        return None


def last_change(root, name: str = "mkdocs.yml") -> str | None:
    """The commit (full sha) that last changed the archive's file `name`, as of HEAD; None when
    never committed or outside git. The selection page cites it as the settings it used."""
    try:
        with git.Repo(root, search_parent_directories=True) as repo:
            if not repo.head.is_valid():
                return None
            path = (Path(root).resolve() / name).relative_to(Path(repo.working_tree_dir).resolve()).as_posix()
            return repo.git.log("-1", "--format=%H", "--", path) or None
    except (git.InvalidGitRepositoryError, git.NoSuchPathError, git.CommandError):
        return None


def file_at(root, sha: str, name: str) -> str | None:
    """The text of the archive's file `name` in commit `sha`'s tree; None when it is not there
    (or outside git). A jury's plan is read as it was committed before the seed's day (lottery.py)."""
    try:
        with git.Repo(root, search_parent_directories=True) as repo:
            path = (Path(root).resolve() / name).relative_to(Path(repo.working_tree_dir).resolve()).as_posix()
            return repo.git.cat_file("blob", f"{sha}:{path}", strip_newline_in_stdout=False)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError, git.CommandError):
        return None


def is_shallow(root) -> bool:
    """Whether the repository holding `root` is a shallow clone (False outside git)."""
    try:
        with git.Repo(root, search_parent_directories=True) as repo:
            return repo.git.rev_parse("--is-shallow-repository") == "true"
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return False


def tags_and_landings(root) -> tuple[dict, frozenset]:
    """(tag name -> commit, every first-parent sha of HEAD) without reading the acts: what `check`
    needs to verify the phases' pinned commits. Both empty outside git or before the first commit."""
    try:
        with git.Repo(root, search_parent_directories=True) as repo:
            if not repo.head.is_valid():
                return {}, frozenset()
            return dict(_tags(repo)), frozenset(repo.git.rev_list("--first-parent", "HEAD").split())
    except (git.InvalidGitRepositoryError, git.NoSuchPathError, git.CommandError):
        return {}, frozenset()
