"""A property of every history, however it was merged: random histories of pull requests (merge and squash
landings, "merge main into my branch", a pull request merged into another's branch, a maintainer's pull of
the forge's main) with renames, recounted against git's own answers.

For every act file at HEAD: its `commit` is the commit `git log -1 -- <path>` names (git's default history
simplification follows a merge only where the merge took the file from one parent, which is what the
combined diff says), and its landing is the oldest first-parent commit from which the file has stood as it
stands now. The expected values come from git alone, never from madang's reading of it.
"""

import random

import pytest

from madang.history import read_history
from conftest import DANDI, GITHUB, HEIDI, JAY, MINNI, ArchiveRepo, _identity_env, run

pytestmark = pytest.mark.usefixtures("fixed_today")

P = "letter"
PEOPLE = {"heidi": HEIDI, "dandi": DANDI, "minni": MINNI, "jay": JAY}
FOLDER = f"proposals/{P}/endorsements"


class Story:
    """Builds one random history; `files` is the act files main holds, `busy` those an open branch works on."""

    def __init__(self, repo: ArchiveRepo, rng: random.Random):
        self.repo, self.rng = repo, rng
        self.files, self.busy, self.counter, self.minute, self.number = set(), set(), 0, 0, 0

    def when(self) -> str:
        self.minute += 7
        return f"2020-09-{10 + self.minute // 1440:02d}T{self.minute // 60 % 24:02d}:{self.minute % 60:02d}:00+09:00"

    def change(self, files: set) -> set:
        """One act change in the working tree: add, edit, remove or rename (each write's content is unique);
        the names it touched."""
        free = sorted(files - self.busy)
        kind = self.rng.choice(["add", "add", "edit", "remove", "rename"] if free else ["add"])
        self.counter += 1
        if kind == "add":
            name = f"{self.rng.choice(list(PEOPLE))}-{self.counter}"
            self.repo.write(f"{FOLDER}/{name}.yml", f"comment: 서명 {self.counter}\n")
            files.add(name)
            return {name}
        if kind == "edit":
            name = self.rng.choice(free)
            self.repo.write(f"{FOLDER}/{name}.yml", f"comment: 고침 {self.counter}\n")
            return {name}
        if kind == "remove":
            name = self.rng.choice(free)
            self.repo.git("rm", "-q", f"{FOLDER}/{name}.yml")
            files.discard(name)
            return {name}
        name = self.rng.choice(free)  # a rename, its content kept
        new = f"{name.split('-')[0]}-{self.counter}"
        self.repo.git("mv", f"{FOLDER}/{name}.yml", f"{FOLDER}/{new}.yml")
        files.discard(name)
        files.add(new)
        return {name, new}

    def commit(self, files: set, message: str = "참여") -> set:
        touched = self.change(files)
        self.repo.commit(message, author=PEOPLE[self.rng.choice(list(PEOPLE))], when=self.when())
        return touched

    def branch_work(self, branch: str, start: str) -> set:
        """A branch from `start` with 1–3 commits on files no other open branch touches; the files it holds."""
        self.repo.branch(branch, start)
        files = set(self._files_at(start))
        for _ in range(self.rng.randint(1, 3)):
            self.busy |= self.commit(files)
        return files

    def pull_request(self) -> None:
        self.number += 1
        branch = f"pr-{self.number}"
        files = self.branch_work(branch, "main")
        if self.rng.random() < 0.4:  # a pull request merged into this one's branch first
            self.number += 1
            inner = f"pr-{self.number}"
            self.repo.checkout(branch)
            self.branch_work(inner, branch)
            self._merge(branch, inner, f"Merge pull request #{self.number} from heidi/{inner}", GITHUB)
        if self.rng.random() < 0.4:  # main moves, and the branch merges main in
            self.repo.checkout("main")
            self.commit(self.files, "main 위의 참여")
            self._merge(branch, "main", f"Merge branch 'main' into {branch}", HEIDI)
        self.repo.checkout("main")
        if self.rng.random() < 0.3:
            self.repo.squash_pr(branch, self.number, HEIDI, self.when())
        else:
            self.repo.merge_pr(branch, self.number, self.when(), user="heidi")
        self.files = set(self._files_at())
        self.busy = set()

    def forge_pull(self) -> None:
        """Pull requests merged on the forge's main, then the maintainer's local merge of it."""
        self.repo.branch("forge", "main")
        for _ in range(self.rng.randint(1, 2)):
            self.number += 1
            inner = f"pr-{self.number}"
            self.branch_work(inner, "forge")
            self._merge("forge", inner, f"Merge pull request #{self.number} from dandi/{inner}", GITHUB)
            self.busy = set()
        self.repo.checkout("main")
        self.repo.write("content/about.md", f"# 소개 {self.counter}\n")
        self.repo.commit("소개", author=JAY, when=self.when())
        self._merge("main", "forge", "Merge branch 'main' of github.com:seoul/letter", JAY)
        self.repo.git("branch", "-q", "-D", "forge")
        self.files = set(self._files_at())

    def _merge(self, into: str, branch: str, message: str, who) -> None:
        self.repo.checkout(into)
        self.repo.git("merge", "-q", "--no-ff", "-m", message, branch, env=_identity_env(who, self.when()))

    def _files_at(self, ref: str = "main"):
        listed = self.repo.git("ls-tree", "--name-only", ref, f"{FOLDER}/")
        return [line.rsplit("/", 1)[1].removesuffix(".yml") for line in listed.splitlines()]


def landing_of(repo: ArchiveRepo, path: str) -> str:
    """The oldest first-parent commit from which `path` has stood as it stands at HEAD."""
    chain = repo.git("rev-list", "--first-parent", "HEAD").split()
    blob = repo.git("rev-parse", f"HEAD:{path}")
    oldest = chain[0]
    for sha in chain:
        if repo.git("ls-tree", sha, "--", path).split()[2:3] != [blob]:
            break
        oldest = sha
    return oldest


@pytest.mark.parametrize("seed", range(12))
def test_every_acts_commit_and_landing_are_gits_own(tmp_path, seed):
    rng = random.Random(seed)
    repo = ArchiveRepo.create(tmp_path / "a")
    repo.propose(P, endorse_until=None)
    repo.commit("편지", author=DANDI, when="2020-09-02T10:00:00+09:00")
    story = Story(repo, rng)
    for _ in range(rng.randint(4, 8)):
        step = rng.choice([story.pull_request, story.pull_request, story.forge_pull, lambda: story.commit(story.files)])
        step()
        story.files = set(story._files_at())
    present = [f"{FOLDER}/{name}.yml" for name in story._files_at()]
    acts = {act.path: act for act in run(repo).counts.records[("proposal", P)].acts}
    assert sorted(path for path, act in acts.items() if act.reason not in ("withdrawn", "removed")) == sorted(present)
    last_event = {event.path: event for event in read_history(repo.path, use_cache=False).events}
    for path in present:
        assert acts[path].commit == repo.git("log", "-1", "--format=%H", "HEAD", "--", path), path
        assert last_event[path].landing.sha == landing_of(repo, path), path
