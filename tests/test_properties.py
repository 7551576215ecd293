"""Property tests of DESIGN.md "When an act counts", over generated real git histories.

Hypothesis draws a small plan: three to five people, one or two proposals with
a deadline, and steps that add, edit, remove or re-add endorsement files, each
landed on main by a merge, squash or rebase pull request or a direct commit,
authored by the act's owner or by mallory, at committer times around the
deadlines that sometimes run backwards or fall on a deadline's last second.
Each plan is built as a real git repository (conftest.ArchiveRepo), counted by
`pipeline.run` and checked against a model computed from the plan and from
git's own answers. `derandomize=True`: every run tries the same examples; a
failing one prints its plan.
"""

import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, note, settings, strategies as st

from conftest import DANDI, HEIDI, JAY, MALLORY, MINNI, ArchiveRepo, act, git, record, run

pytestmark = pytest.mark.usefixtures("fixed_today")

KST = timezone(timedelta(hours=9))
IDENTITIES = {"heidi": HEIDI, "dandi": DANDI, "minni": MINNI, "jay": JAY, "mallory": MALLORY}
FORGER = "mallory"
"""Someone else: a member who may write only their own acts."""
DEADLINES = {"infant-hours": date(2020, 10, 2), "night-reading": date(2020, 10, 4)}
PROPOSAL_SETS = (("infant-hours",), ("infant-hours", "night-reading"))
PR_STYLES = ("merge", "squash", "rebase")
ORDERED_FOLDERS = "/dev/shm"
"""A tmpfs lists a folder's entries in the order they were created (ext4 lists them by hash)."""


def endorsement_path(proposal: str, owner: str) -> str:
    return f"proposals/{proposal}/endorsements/{owner}.yml"


def deadline_end(proposal: str) -> datetime:
    return datetime.combine(DEADLINES[proposal] + timedelta(days=1), time(0), KST)


FIRST_END = deadline_end("infant-hours")
DAY = 24 * 3600


def examples(count: int):
    return settings(max_examples=count, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


# --- Plans -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One commit's change to one endorsement file."""

    proposal: str
    owner: str
    kind: str
    """add, edit or remove."""
    author: str
    text: str = ""

    @property
    def path(self) -> str:
        return endorsement_path(self.proposal, self.owner)


@dataclass(frozen=True)
class Step:
    """Changes landed on main together: a direct commit or one pull request."""

    changes: tuple[Change, ...]
    style: str
    """direct, merge, squash or rebase."""
    when: datetime | None
    """Committer time of the landing; None for a pull request whose landing time is chosen later."""

    def __str__(self):
        moment = self.when.isoformat() if self.when else "later"
        done = "; ".join(f"{c.author} {c.kind}s {c.owner}'s endorsement of {c.proposal}" for c in self.changes)
        return f"{moment} {self.style}: {done}"


@dataclass(frozen=True)
class Plan:
    proposals: tuple[str, ...]
    steps: tuple[Step, ...]

    def __str__(self):
        return "\n".join([f"proposals: {', '.join(self.proposals)}", *map(str, self.steps)])


def draw_changes(draw, proposals, owners, count: int, present: set, tag: str) -> list[Change]:
    """`count` changes to the endorsement files of `owners`: an add where the file is
    absent (a re-add after a removal), else an edit or a removal. Half of them go back
    to a file already there, so edits, removals and re-adds come up often. `present`
    holds the (proposal, owner) of each file in the tree, and is updated."""
    changes = []
    for index in range(count):
        existing = sorted((proposal, owner) for proposal, owner in present if owner in owners)
        if existing and draw(st.booleans()):
            proposal, owner = draw(st.sampled_from(existing))
        else:
            proposal, owner = draw(st.sampled_from(proposals)), draw(st.sampled_from(owners))
        kind = draw(st.sampled_from(("edit", "remove"))) if (proposal, owner) in present else "add"
        (present.discard if kind == "remove" else present.add)((proposal, owner))
        text = f"comment: {owner} {tag}{index}번째 생각\n" if kind == "edit" or draw(st.booleans()) else ""
        changes.append(Change(proposal, owner, kind, draw(st.sampled_from((owner, FORGER))), text))
    return changes


def draw_offset(draw, span: int) -> timedelta:
    """Up to `span` seconds before or after a deadline's end, either side alike. Hypothesis
    favours small numbers, so the last second of the deadline day (-1 s) and the first
    second after it (0 s) come up often."""
    seconds = draw(st.integers(0, span))
    return timedelta(seconds=-1 - seconds if draw(st.booleans()) else seconds)


def draw_moments(draw, proposals, count: int) -> list[datetime]:
    """Landing times within two days of a deadline, in order but for a clock that now and
    then ran backwards."""
    moments = sorted(deadline_end(draw(st.sampled_from(proposals))) + draw_offset(draw, 2 * DAY) for _ in range(count))
    for index in range(1, count):
        if draw(st.integers(0, 3)) == 3:
            moments[index - 1], moments[index] = moments[index], moments[index - 1]
    return moments


def draw_steps(draw, proposals, owners, count: int, present: set, tag: str) -> list[Step]:
    changes = draw_changes(draw, proposals, owners, count, present, tag)
    moments = draw_moments(draw, proposals, count)
    styles = [draw(st.sampled_from(("direct", *PR_STYLES))) for _ in changes]
    return [Step((change,), style, when) for change, style, when in zip(changes, styles, moments)]


people = st.lists(st.sampled_from(tuple(IDENTITIES)), min_size=3, max_size=5, unique=True)


@st.composite
def plans(draw) -> Plan:
    proposals = draw(st.sampled_from(PROPOSAL_SETS))
    steps = draw_steps(draw, proposals, draw(people), draw(st.integers(3, 10)), set(), "s")
    return Plan(proposals, tuple(steps))


# --- Building ----------------------------------------------------------------------------


def build(root, proposals) -> ArchiveRepo:
    repo = ArchiveRepo.create(root)
    for proposal in proposals:
        repo.propose(proposal, endorse_until=DEADLINES[proposal].isoformat())
    repo.commit("제안", author=DANDI, when="2020-09-02T10:00:00+09:00")
    return repo


def make(repo: ArchiveRepo, change: Change):
    if change.kind == "remove":
        repo.unendorse(change.proposal, change.owner)
    else:
        repo.endorse(change.proposal, change.owner, change.text)


def open_pr(repo: ArchiveRepo, number: int, step: Step, when: datetime) -> str:
    """A branch from main with one commit per change, each by its change's author."""
    branch = f"pr-{number}"
    repo.branch(branch)
    for change in step.changes:
        make(repo, change)
        repo.commit(f"{change.kind} {change.path}", author=IDENTITIES[change.author], when=when.isoformat())
    return branch


def land_pr(repo: ArchiveRepo, branch: str, number: int, step: Step, when: datetime) -> str:
    """Land the branch as the step says; the sha of its last landing commit."""
    author, when = step.changes[0].author, when.isoformat()
    if step.style == "merge":
        return repo.merge_pr(branch, number, when, user=author)
    if step.style == "squash":
        return repo.squash_pr(branch, number, IDENTITIES[author], when)
    return repo.rebase_pr(branch, when)[-1]


def land(repo: ArchiveRepo, step: Step, number: int) -> str:
    """Make the step's changes and land them on main; the sha of the landing commit."""
    if step.style != "direct":
        branch = open_pr(repo, number, step, step.when - timedelta(hours=1))
        return land_pr(repo, branch, number, step, step.when)
    for change in step.changes:
        make(repo, change)
    return repo.commit(f"직접 반영 {number}", author=IDENTITIES[step.changes[0].author], when=step.when.isoformat())


def build_plan(root, plan: Plan) -> tuple[ArchiveRepo, list[str]]:
    repo = build(root, plan.proposals)
    return repo, [land(repo, step, number) for number, step in enumerate(plan.steps, 1)]


def clone(repo: ArchiveRepo, destination, checkout: bool = True) -> ArchiveRepo:
    git(destination.parent, "clone", "-q", *([] if checkout else ["--no-checkout"]), str(repo.root), str(destination))
    return ArchiveRepo(destination)


# --- 1. Counted acts are the owners' files in the frozen tree ------------------------------


def git_tally_point(repo: ArchiveRepo, proposal: str) -> str:
    """Git's own answer, as the audit list prints it: the last first-parent commit by the deadline's last second."""
    last_second = deadline_end(proposal) - timedelta(seconds=1)
    return repo.git("log", "--first-parent", f"--before={last_second.isoformat()}", "-1", "--format=%H")


def expected_reasons(repo: ArchiveRepo, plan: Plan, landings: list[str], proposal: str) -> dict:
    """path -> None (counted), 'unverified', 'late', 'withdrawn' (by its owner) or 'removed' (by anyone else),
    for every file the plan ever touched.

    A file counts when it is in the tree of git's tally point and its last add and
    every later change up to that point were authored by its owner.
    """
    chain = repo.git("rev-list", "--first-parent", "--reverse", "HEAD").split()
    position = {sha: index for index, sha in enumerate(chain)}
    frozen = git_tally_point(repo, proposal)
    in_tree = set(repo.git("ls-tree", "-r", "--name-only", frozen, f"proposals/{proposal}/endorsements/").split())
    landed = [(position[sha], step.changes[0]) for step, sha in zip(plan.steps, landings)]
    reasons = {}
    for path in {change.path for _, change in landed if change.proposal == proposal}:
        changes = [(at <= position[frozen], change) for at, change in landed if change.path == path]
        before = [change for is_before, change in changes if is_before]
        if path in in_tree:
            last_add = max(index for index, change in enumerate(before) if change.kind == "add")
            owned = all(change.author == change.owner for change in before[last_add:])
            reasons[path] = None if owned else "unverified"
        else:
            added_later = any(not is_before and change.kind == "add" for is_before, change in changes)
            removed_by_owner = before and before[-1].author == before[-1].owner
            reasons[path] = "late" if added_later else "withdrawn" if removed_by_owner else "removed"
    return reasons


FORGED_THEN_EDITED = Plan(("infant-hours",), (
    Step((Change("infant-hours", "heidi", "add", FORGER),), "merge", FIRST_END - timedelta(days=1)),
    Step((Change("infant-hours", "heidi", "edit", "heidi", "comment: 제가 고쳤어요\n"),), "direct",
         FIRST_END - timedelta(hours=1)),
    Step((Change("infant-hours", "minni", "add", "minni"),), "squash", FIRST_END),
))
"""Mallory adds heidi's endorsement and heidi edits it before the deadline: it must not count."""


@examples(20)
@example(plan=FORGED_THEN_EDITED)
@given(plan=plans())
def test_counted_acts_are_the_owners_files_in_the_frozen_tree(plan, tmp_path_factory):
    note(str(plan))
    repo, landings = build_plan(tmp_path_factory.mktemp("plan"), plan)
    result = run(repo)
    for proposal in plan.proposals:
        counted = record(result, proposal)
        expected = expected_reasons(repo, plan, landings, proposal)
        assert counted.frozen_at.sha == git_tally_point(repo, proposal)
        assert {a.path for a in counted.acts if a.counted} == {path for path, r in expected.items() if r is None}
        assert counted.count == sum(reason is None for reason in expected.values())
        assert {a.path: a.reason for a in counted.acts} == expected  # nothing dropped silently


# --- 2. Unrelated pull requests commute -------------------------------------------------------


@st.composite
def concurrent_prs(draw):
    """The history before, two pull requests on two people's files, and two landing times before the deadline."""
    proposals, owners = draw(st.sampled_from(PROPOSAL_SETS)), draw(people)
    present = set()
    base = draw_steps(draw, proposals, owners, draw(st.integers(0, 2)), present, "b")
    first, second = draw(st.lists(st.sampled_from(owners), min_size=2, max_size=2, unique=True))
    prs = tuple(
        Step(tuple(draw_changes(draw, proposals, [owner], draw(st.integers(1, 2)), set(present), tag)),
             draw(st.sampled_from(PR_STYLES)), None)
        for owner, tag in ((first, "x"), (second, "y"))
    )
    seconds = sorted(draw(st.lists(st.integers(1, 2 * DAY), min_size=2, max_size=2, unique=True)), reverse=True)
    return Plan(proposals, tuple(base)), prs, [FIRST_END - timedelta(seconds=before) for before in seconds]


def judged(result) -> dict:
    """Per record: the count, the counted handles and how each file was judged."""
    return {
        key: (count.count, sorted(a.handle for a in count.acts if a.counted),
              sorted((a.path, a.counted, a.reason, a.level) for a in count.acts))
        for key, count in result.counts.records.items()
    }


@examples(12)
@given(case=concurrent_prs())
def test_unrelated_pull_requests_commute(case, tmp_path_factory):
    base_plan, prs, moments = case
    note(f"{base_plan}\npull requests:\n{prs[0]}\n{prs[1]}\nlanding at {[m.isoformat() for m in moments]}")
    folder = tmp_path_factory.mktemp("commute")
    base, _ = build_plan(folder / "base", base_plan)
    side_time = FIRST_END - timedelta(days=3)
    outcomes = []
    for order in ((0, 1), (1, 0)):
        repo = clone(base, folder / f"order-{order[0]}{order[1]}")
        branches = [open_pr(repo, 50 + index, pr, side_time) for index, pr in enumerate(prs)]
        for index, when in zip(order, moments):
            land_pr(repo, branches[index], 50 + index, prs[index], when)
        outcomes.append(judged(run(repo)))
    assert outcomes[0] == outcomes[1]


# --- 3. Withdraw then re-add equals one act landed at the re-add ------------------------------


@st.composite
def withdrawn_and_readded(draw):
    """Others' steps, then one person's add, withdrawal before the deadline and re-add."""
    proposals, owners = draw(st.sampled_from(PROPOSAL_SETS)), draw(people)
    owner = draw(st.sampled_from(owners))
    others = [person for person in owners if person != owner]
    background = draw_steps(draw, proposals, others, draw(st.integers(0, 2)), set(), "b")
    withdrawn = FIRST_END - timedelta(seconds=draw(st.integers(1, DAY)))
    added = withdrawn + timedelta(seconds=draw(st.integers(-DAY, DAY // 2)))  # its clock may be past the deadline
    readded = FIRST_END + draw_offset(draw, DAY)
    steps = [
        Step((Change("infant-hours", owner, kind, draw(st.sampled_from((owner, FORGER))), text),),
             draw(st.sampled_from(("direct", *PR_STYLES))), when)
        for kind, text, when in (("add", "comment: 처음\n", added), ("remove", "", withdrawn),
                                 ("add", "comment: 다시\n", readded))
    ]
    return Plan(proposals, tuple(background)), owner, steps


def judged_act(repo: ArchiveRepo, owner: str):
    """The owner's act on infant-hours, and the fields that must not tell a re-add from a single add."""
    found = act(run(repo), "infant-hours", owner)
    return found, (found.counted, found.reason, found.level, found.landed, found.added, found.comment, found.pr)


@examples(15)
@given(case=withdrawn_and_readded())
def test_withdraw_then_readd_equals_one_act_landed_at_the_readd(case, tmp_path_factory):
    background, owner, (add, withdraw, readd) = case
    note(f"{background}\nthen:\n{add}\n{withdraw}\n{readd}")
    folder = tmp_path_factory.mktemp("readd")
    again, _ = build_plan(folder / "again", background)
    once = clone(again, folder / "once")
    for number, step in enumerate((add, withdraw, readd), 101):
        land(again, step, number)
    land(once, readd, 103)
    readded, judged_again = judged_act(again, owner)
    _, judged_once = judged_act(once, owner)
    assert judged_again == judged_once
    in_time = readd.when < FIRST_END
    assert readded.landed == readd.when
    assert readded.counted == (in_time and readd.changes[0].author == owner)
    assert readded.reason == (None if readded.counted else "unverified" if in_time else "late")
    if in_time:
        assert readded.added == readd.when


# --- 4. Counts never depend on the order of folder entries -------------------------------------


def copy_in_order(repo: ArchiveRepo, destination, reverse: bool) -> ArchiveRepo:
    """A clone whose working files (and folders) are created one by one, sorted or in reverse."""
    copy = clone(repo, destination, checkout=False)
    for path in sorted(repo.git("ls-files").splitlines(), reverse=reverse):
        (destination / path).parent.mkdir(parents=True, exist_ok=True)
        (destination / path).write_bytes((repo.root / path).read_bytes())
    copy.git("reset", "-q")
    return copy


def listing(folder) -> list[str]:
    with os.scandir(folder) as entries:
        return [entry.name for entry in entries]


@pytest.mark.skipif(not os.access(ORDERED_FOLDERS, os.W_OK), reason="needs a tmpfs at /dev/shm")
@examples(12)
@given(plan=plans())
def test_counts_do_not_depend_on_the_order_of_folder_entries(plan, tmp_path_factory):
    note(str(plan))
    repo, _ = build_plan(tmp_path_factory.mktemp("plan"), plan)
    original = run(repo)
    folder = tempfile.mkdtemp(prefix="madang-order-", dir=ORDERED_FOLDERS)
    try:
        copies = [copy_in_order(repo, Path(folder) / name, name == "reversed")
                  for name in ("sorted", "reversed")]
        assert listing(copies[0].root) != listing(copies[1].root), "this file system lists folders by name or hash"
        for copy in copies:
            result = run(copy)
            assert list(result.counts.records.items()) == list(original.counts.records.items())
            assert result.counts.orphans == original.counts.orphans
    finally:
        shutil.rmtree(folder)


# --- Found by these properties (history once judged only a merge's last side commit per file) ---


@pytest.mark.parametrize("landing", ["merge", "rebase"])
def test_forged_add_edited_by_the_owner_on_the_same_branch_is_unverified_however_it_lands(landing, tmp_path):
    repo = build(tmp_path / "archive", ("infant-hours",))
    repo.branch("forged")
    repo.endorse("infant-hours", "heidi", "comment: 말로리가 씀\n")
    repo.commit("공감", author=MALLORY, when="2020-09-20T10:00:00+09:00")
    repo.endorse("infant-hours", "heidi", "comment: 하이디가 고침\n")
    repo.commit("공감 고침", author=HEIDI, when="2020-09-20T11:00:00+09:00")
    if landing == "merge":
        repo.merge_pr("forged", 7, "2020-09-21T10:00:00+09:00", user="mallory")
    else:
        repo.rebase_pr("forged", "2020-09-21T10:00:00+09:00")
    heidi = act(run(repo), "infant-hours", "heidi")
    assert (heidi.counted, heidi.level) == (False, "unverified")
