"""Time the history stage against the plain `git log` passes it is built on.

    .venv/bin/python bench/history.py [--proposals 200] [--endorsements 5000]

Writes a synthetic archive repository with `git fast-import` (every
endorsement through its own pull request, alternating merge and squash
shapes), then prints a table: the two raw `git log` passes, `read_history`,
and their ratio. A benchmark, not a test: nothing here asserts a time.
"""

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from madang.history import read_history  # noqa: E402

START = 1_600_000_000  # 2020-09-13


def fast_import_stream(proposals: int, endorsements: int, seed: int) -> str:
    rng = random.Random(seed)
    out, mark, when = [], 0, START

    def data(text):
        raw = text.encode()
        return f"data {len(raw)}\n{text}\n"

    def commit(ref, message, files, parents, author="Jay <jay@example.org>"):
        nonlocal mark, when
        mark += 1
        when += 60
        lines = [f"commit {ref}", f"mark :{mark}", f"author {author} {when} +0900",
                 f"committer Jay <jay@example.org> {when} +0900", data(message).rstrip("\n")]
        if parents:
            lines.append(f"from :{parents[0]}")
            lines += [f"merge :{p}" for p in parents[1:]]
        for path, content in files:
            lines.append(f"M 100644 inline {path}\n{data(content).rstrip(chr(10))}")
        out.append("\n".join(lines) + "\n")
        return mark

    files = [("mkdocs.yml", "site_name: bench\ndocs_dir: content\nplugins: [madang]\n")]
    for i in range(proposals):
        files.append((f"proposals/p{i:05}/proposal.md", f"---\ntitle: 제안 {i}\nproposer: u{i}\nproposed: 2020-09-01\n---\n본문\n"))
    main = commit("refs/heads/main", "init", files, [])
    for n in range(1, endorsements + 1):
        proposal, person = rng.randrange(proposals), rng.randrange(endorsements)
        path = f"proposals/p{proposal:05}/endorsements/user{person}.yml"
        author = f"User {person} <{person}+user{person}@users.noreply.github.com>"
        if n % 2:
            side = commit("refs/heads/pr", f"endorse {proposal}", [(path, "")], [main], author)
            # fast-import does not merge trees: the merge commit lists the file it brings in
            main = commit("refs/heads/main", f"Merge pull request #{n} from user{person}/e", [(path, "")], [main, side])
        else:
            main = commit("refs/heads/main", f"endorse {proposal} (#{n})", [(path, "comment: 공감\n")], [main], author)
    return "".join(out)


def timed(function):
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def raw_passes(repo: Path):
    base = ["git", "-C", str(repo), "log", "--no-renames", "--raw", "--no-abbrev", "-z"]
    subprocess.run(base + ["--topo-order", "--format=%H%x1f%P%x1f%an%x1f%ae%x1f%ce", "HEAD"], capture_output=True, check=True)
    subprocess.run(base + ["--first-parent", "--diff-merges=first-parent", "--format=%H%x1f%P%x1f%ct%x1f%B", "HEAD"],
                   capture_output=True, check=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--proposals", type=int, default=200)
    parser.add_argument("--endorsements", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        repo = Path(folder)
        subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True)
        stream = fast_import_stream(args.proposals, args.endorsements, args.seed)
        subprocess.run(["git", "-C", str(repo), "fast-import", "--quiet"], input=stream.encode(), check=True)
        subprocess.run(["git", "-C", str(repo), "checkout", "-q", "main"], check=True)
        raw_passes(repo)  # warm the cache for both
        floor, _ = timed(lambda: raw_passes(repo))
        stage, history = timed(lambda: read_history(repo))
        print(f"| proposals | endorsements | events | raw git log ×2 | read_history | ratio |")
        print(f"| ---: | ---: | ---: | ---: | ---: | ---: |")
        print(f"| {args.proposals} | {args.endorsements} | {len(history.events)} | {floor:.2f} s | {stage:.2f} s "
              f"| {stage / floor:.2f} |")


if __name__ == "__main__":
    main()
