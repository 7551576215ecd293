"""A real git repository holding a small archive, built commit by commit.

Every commit has a fixed author, committer and date, so the histories the
tests build (merges, squashes, rebases, late landings) are reproducible.
People are fictional; `jay` is the maintainer, `heidi`, `dandi` and `minni`
are citizens, `mallory` is a member who has no right to act for others.
"""

import os
import subprocess
from pathlib import Path

import pytest

from madang import pipeline
from madang.settings import MadangConfig, settings_from

ROOT = Path(__file__).resolve().parent.parent
BUILD_PY = ROOT / "build.py"

JAY = ("Jay", "jay@example.org")
HEIDI = ("하이디", "heidi@example.org")
DANDI = ("단디", "dandi@example.org")
MINNI = ("민니", "minni@example.org")
MALLORY = ("Mallory", "mallory@example.org")
GITHUB = ("GitHub", "noreply@github.com")

MINIMAL_MKDOCS = """\
site_name: 마당 시험
docs_dir: content
theme: {name: material, language: ko}
plugins: [search, madang]
"""

MEMBERS = """\
jay:
  name: Jay
  emails: [jay@example.org]
  roles: [maintainer]
  public: [name, roles]
heidi:
  name: 김하이디
  emails: [heidi@example.org]
  roles: [citizen]
  public: [name, roles]
dandi:
  name: 단디
  emails: [dandi@example.org]
  roles: [citizen, proposer]
  public: [name, roles]
minni:
  name: 민니
  emails: [minni@example.org]
  roles: [citizen]
  public: [name, roles]
mallory:
  name: Mallory
  emails: [mallory@example.org]
  roles: [citizen]
  public: [name, roles]
"""

START = "2020-09-01T10:00:00+09:00"

POLL_OPTIONS = (("citizen-partners", "시민협력가"), ("core-group", "코어그룹"), ("steering-committee", "운영위원회"))
"""The workshop deck's poll: 거버넌스 프로젝트 실행 단위 이름 (and 기타, where allowed)."""

GIT_ENV = {
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_TERMINAL_PROMPT": "0",
    "LC_ALL": "C",
}


def git(cwd, *args, env=None) -> str:
    """Run git in `cwd` with a clean configuration; its stdout, stripped."""
    full_env = {**os.environ, **GIT_ENV, **(env or {})}
    done = subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false",
         "-c", "tag.gpgsign=false", *args],
        cwd=cwd, env=full_env, capture_output=True, text=True,
    )
    if done.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout.strip()


def _identity_env(author, when, committer=None, committer_when=None) -> dict:
    committer = committer or author
    return {
        "GIT_AUTHOR_NAME": author[0],
        "GIT_AUTHOR_EMAIL": author[1],
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_NAME": committer[0],
        "GIT_COMMITTER_EMAIL": committer[1],
        "GIT_COMMITTER_DATE": committer_when or when,
    }


class ArchiveRepo:
    """A git repository in `root` holding an archive in `root / subdir`.

    Paths given to `write` and `remove` are archive-relative. Branch helpers
    mimic how forges land pull requests on `main`.
    """

    def __init__(self, root: Path, subdir: str = ""):
        self.root = Path(root)
        self.path = self.root / subdir if subdir else self.root
        self.subdir = subdir

    # --- setup ---------------------------------------------------------------

    @classmethod
    def create(cls, root: Path, *, subdir: str = "", members: str | None = MEMBERS, mkdocs: str = MINIMAL_MKDOCS,
               when: str = START) -> "ArchiveRepo":
        """A repository with a minimal archive, committed once by the maintainer."""
        root.mkdir(parents=True, exist_ok=True)
        git(root, "init", "-q", "-b", "main")
        repo = cls(root, subdir)
        repo.write("mkdocs.yml", mkdocs)
        repo.write("content/index.md", "# 마당 시험\n\n시험용 아카이브입니다.\n")
        if members is not None:
            repo.write("members.yml", members)
        repo.commit("Start the archive", author=JAY, when=when)
        return repo

    # --- files ---------------------------------------------------------------

    def write(self, path: str, text: str) -> Path:
        target = self.path / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        return target

    def remove(self, path: str):
        (self.path / path).unlink()

    def propose(self, record_id: str, *, title: str = "시험 제안", proposer: str = "dandi",
                proposed: str = "2020-09-02", endorse_until: str | None = "2020-10-02", body: str = "## 제안내용\n\n본문\n"):
        front = [f"title: {title}", f"proposer: {proposer}", f"proposed: {proposed}"]
        if endorse_until:
            front.append(f"endorse_until: {endorse_until}")
        return self.write(f"proposals/{record_id}/proposal.md", "---\n" + "\n".join(front) + "\n---\n\n" + body)

    def endorse(self, record_id: str, handle: str, text: str = ""):
        return self.write(f"proposals/{record_id}/endorsements/{handle}.yml", text)

    def unendorse(self, record_id: str, handle: str):
        self.remove(f"proposals/{record_id}/endorsements/{handle}.yml")

    def open_poll(self, record_id: str, *, question: str = "실행 단위 이름을 정해요", author: str = "jay",
                  opened: str = "2020-09-01", closes: str | None = None, closed: str | None = None,
                  multiple: bool = False, max_choices: int | None = None, other: bool = False,
                  options=POLL_OPTIONS, extra: str = ""):
        """Write polls/<record_id>/poll.yml; `extra` is appended as is (e.g. offline_results)."""
        lines = [f"question: {question}", f"author: {author}", f"opened: {opened}"]
        lines += [f"{key}: {value}" for key, value in (("closes", closes), ("closed", closed)) if value]
        if multiple:
            lines.append("multiple: true")
        if max_choices is not None:
            lines.append(f"max_choices: {max_choices}")
        if other:
            lines.append("other: true")
        lines.append("options:")
        lines += [f"  - {{id: {option_id}, label: {label}}}" for option_id, label in options]
        return self.write(f"polls/{record_id}/poll.yml", "\n".join(lines) + "\n" + extra)

    def vote(self, record_id: str, handle: str, choices=(), *, other: str | None = None, text: str = ""):
        """Write a ballot: `choices: [...]`, an optional `other:` and any further `text`."""
        lines = [f"choices: [{', '.join(choices)}]"] if choices else []
        if other is not None:
            lines.append(f"other: {other}")
        return self.write(f"polls/{record_id}/ballots/{handle}.yml", "".join(f"{line}\n" for line in lines) + text)

    def unvote(self, record_id: str, handle: str):
        self.remove(f"polls/{record_id}/ballots/{handle}.yml")

    # --- git -----------------------------------------------------------------

    def git(self, *args, env=None) -> str:
        return git(self.root, *args, env=env)

    def commit(self, message: str, *, author=HEIDI, when: str = "2020-10-02T23:30:00+09:00",
               committer=None, committer_when: str | None = None) -> str:
        """Stage everything and commit; the new commit's sha."""
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message,
                 env=_identity_env(author, when, committer, committer_when))
        return self.sha()

    def sha(self, rev: str = "HEAD") -> str:
        return self.git("rev-parse", rev)

    def branch(self, name: str, start: str = "main"):
        """Create `name` from `start` and check it out."""
        self.git("checkout", "-q", "-b", name, start)

    def checkout(self, name: str):
        self.git("checkout", "-q", name)

    def _landing_message(self, style: str, number: int, branch: str, title: str, user: str) -> str:
        if style == "github":
            return f"Merge pull request #{number} from {user}/{branch}\n\n{title}"
        if style == "gitlab":
            return f"Merge branch '{branch}' into 'main'\n\n{title}\n\nSee merge request group/proj!{number}"
        if style == "gitea":
            return (f"Merge pull request '{title}' (#{number}) from {user}/archive:{branch} into main\n\n"
                    f"Reviewed-on: https://git.example.org/o/r/pulls/{number}")
        raise ValueError(style)

    def merge_pr(self, branch: str, number: int, when: str, *, style: str = "github", user: str = "heidi",
                 title: str = "공감합니다", merger=JAY, committer=None) -> str:
        """Land `branch` on main with a merge commit (`git merge --no-ff`), as a forge's merge button does."""
        self.checkout("main")
        message = self._landing_message(style, number, branch, title, user)
        self.git("merge", "-q", "--no-ff", "-m", message, branch,
                 env=_identity_env(merger, when, committer or (GITHUB if style == "github" else merger)))
        return self.sha()

    def squash_pr(self, branch: str, number: int, author, when: str, *, title: str = "공감합니다", committer=GITHUB) -> str:
        """Land `branch` on main as one commit 'title (#N)' authored by the PR's author."""
        self.checkout("main")
        self.git("merge", "-q", "--squash", branch)
        self.git("commit", "-q", "--allow-empty", "-m", f"{title} (#{number})",
                 env=_identity_env(author, when, committer))
        return self.sha()

    def rebase_pr(self, branch: str, when: str, *, committer=JAY) -> list[str]:
        """Land `branch` by replaying its commits on main: authors kept, committer and date new."""
        self.checkout("main")
        commits = self.git("rev-list", "--reverse", f"main..{branch}").split()
        env = {"GIT_COMMITTER_NAME": committer[0], "GIT_COMMITTER_EMAIL": committer[1], "GIT_COMMITTER_DATE": when}
        landed = []
        for sha in commits:
            self.git("cherry-pick", "--allow-empty", sha, env=env)
            landed.append(self.sha())
        return landed


def madang_settings(*, repo_url: str | None = None, site_name: str = "마당 시험", **options):
    """Settings exactly as the plugin builds them from validated `madang:` options."""
    config = MadangConfig()
    config.load_dict(options)
    errors, _ = config.validate()
    assert not errors, errors
    return settings_from(config, site_name, repo_url)


def run(repo: ArchiveRepo, **options):
    """pipeline.run on the archive with the given plugin options."""
    return pipeline.run(repo.path, madang_settings(**options))


def record(result, record_id: str, kind: str = "proposal"):
    return result.counts.records[(kind, record_id)]


def act(result, record_id: str, handle: str, kind: str = "proposal"):
    """The one ActResult of `handle` on a record."""
    found = [a for a in record(result, record_id, kind).acts if a.handle == handle]
    assert len(found) == 1, f"{handle} on {record_id}: {found}"
    return found[0]


@pytest.fixture
def fixed_today(monkeypatch):
    """The build day is fixed (2020-10-10 KST), so statuses and D-days are reproducible."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1602288000")


@pytest.fixture
def archive(tmp_path) -> ArchiveRepo:
    """A fresh archive repository with members.yml and no records yet."""
    return ArchiveRepo.create(tmp_path / "archive")
