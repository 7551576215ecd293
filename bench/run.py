"""`make bench`: one table per archive shape, measured side by side in one run.

    .venv/bin/python bench/run.py [--sizes small,one-record,city]

For each shape a synthetic archive (bench/synthetic.py) is generated once and
kept in .bench-cache/ (safe to delete): `small` and `city` are whole archives,
`one-record` is one proposal signed by 7,000 people (a public letter). Then, on
the same repository: the raw two-pass `git log` floor, the history step cold
and after one more pull request (incremental), tally, render, the whole MkDocs
build in a fresh process (wall time, peak memory), the site's size, its largest
page and the page of the record with the most acts.

Issue 18's ratios, printed with each table: the floor is git's (the raw two
passes) plus stock MkDocs + Material's own on as many plain Korean pages as the
build generates (out of the navigation, no madang); a cold build (no
`.git/madang/`) is compared with it, and a rebuild after one more pull request
(history, page and card caches warm) with the cold build.
A benchmark, not a test: nothing here asserts a time.
"""

import argparse
import compileall
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from mkdocs.config import load_config  # noqa: E402

from madang.history import read_history  # noqa: E402
from madang.load import load  # noqa: E402
from madang.render import render  # noqa: E402
from madang.settings import settings_from  # noqa: E402
from madang.tally import tally  # noqa: E402
from madang.validate import validate  # noqa: E402
from synthetic import generate, generate_one_record  # noqa: E402

SIZES = {
    "small": dict(proposals=200, endorsements=5_000, pull_requests=1_250, polls=10, meetings=20),
    "one-record": dict(acts=7_000),
    "city": dict(proposals=5_000, endorsements=200_000, pull_requests=50_000, polls=100, meetings=300),
}
"""Smallest first: a process's peak memory is the largest so far, so each shape's is its own."""
GENERATORS = {"one-record": generate_one_record}
"""The generator of each shape; generate when not named here."""
RECORD_PAGES = {"proposal": "proposals/{}/index.html", "poll": "polls/{}/index.html", "meeting": "meetings/{}/index.html"}
GENERATOR_VERSION = 2


def timed(function):
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def archive_for(name: str, seed: int) -> tuple[Path, float | None]:
    """The generated repository (made once), and how long generating took if it was made now."""
    path = ROOT / ".bench-cache" / f"{name}-seed{seed}-v{GENERATOR_VERSION}"
    if (path / ".git").is_dir():
        return path, None
    shutil.rmtree(path, ignore_errors=True)
    seconds, _ = timed(lambda: GENERATORS.get(name, generate)(path, seed=seed, **SIZES[name]))
    return path, seconds


def raw_floor(repo: Path) -> float:
    """The two plain `git log` passes the history step is built on, one after the other."""
    base = ["git", "-C", str(repo), "log", "--no-renames", "--raw", "--no-abbrev", "-z"]
    passes = (
        base + ["--format=%H%x1f%P%x1f%an%x1f%ae%x1f%ce", "HEAD"],
        base + ["--first-parent", "--diff-merges=first-parent", "--format=%H%x1f%P%x1f%ct%x1f%B", "HEAD"],
    )
    seconds, _ = timed(lambda: [subprocess.run(p, stdout=subprocess.DEVNULL, check=True) for p in passes])
    return seconds


def one_more_pull_request(repo: Path) -> None:
    folder = sorted((repo / "proposals").iterdir())[0] / "endorsements"
    folder.mkdir(exist_ok=True)
    (folder / "benchmark-newcomer.yml").write_text("comment: 새로 공감합니다\n", encoding="utf-8")
    # An hour after the head, as the next pull request lands: at today's date it would land years after the
    # synthetic history, and the build day (the head's) would close every open proposal at once.
    head_time = subprocess.run(["git", "-C", str(repo), "log", "-1", "--format=%ct"], capture_output=True, text=True,
                               check=True).stdout.strip()
    when = f"@{int(head_time) + 3600} +0900"
    env = {**os.environ, "GIT_AUTHOR_NAME": "Newcomer", "GIT_AUTHOR_EMAIL": "1+benchmark-newcomer@users.noreply.github.com",
           "GIT_COMMITTER_NAME": "GitHub", "GIT_COMMITTER_EMAIL": "noreply@github.com",
           "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    subprocess.run(["git", "-C", str(repo), "add", "-A"], check=True)
    subprocess.run(["git", "-C", str(repo), "commit", "-q", "-m", "새 공감 (#999999)"], check=True, env=env)


def build_seconds(repo: Path, out: str) -> float:
    """The whole `build.py build` in a fresh process, as a maintainer runs it."""
    build = [sys.executable, str(ROOT / "build.py"), "build", str(repo), "-d", out]
    seconds, _ = timed(lambda: subprocess.run(build, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True))
    return seconds


PLAIN_PAGE = "# 제안 {n}\n\n작은도서관에서 {n}번째로 올라온 제안입니다. 공감과 의견을 기다립니다.\n\n| 항목 | 내용 |\n| --- | --- |\n| 번호 | {n} |\n"


def mkdocs_floor(pages: int) -> float:
    """Stock MkDocs + Material (search on, no madang) building `pages` short Korean pages out of the navigation."""
    with tempfile.TemporaryDirectory() as folder:
        docs = Path(folder) / "docs"
        docs.mkdir()
        (docs / "index.md").write_text("# 홈\n", encoding="utf-8")
        for n in range(pages - 1):
            (docs / f"p{n}.md").write_text(PLAIN_PAGE.format(n=n), encoding="utf-8")
        (Path(folder) / "mkdocs.yml").write_text("site_name: 바닥\ntheme: {name: material, language: ko}\n"
                                                 "plugins: [search]\nnav: [{홈: index.md}]\n", encoding="utf-8")
        build = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(Path(folder) / "mkdocs.yml")]
        seconds, _ = timed(lambda: subprocess.run(build, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                                  check=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}))
    return seconds


def commit_count(repo: Path) -> int:
    result = subprocess.run(["git", "-C", str(repo), "rev-list", "--count", "HEAD"], capture_output=True, text=True)
    return int(result.stdout)


def site_sizes(site: Path) -> tuple[int, int, str]:
    files = [p for p in site.rglob("*") if p.is_file()]
    pages = [p for p in files if p.suffix == ".html"]
    largest = max(pages, key=lambda p: p.stat().st_size)
    return sum(p.stat().st_size for p in files), largest.stat().st_size, str(largest.relative_to(site))


def busiest_record(counts) -> tuple[str, int]:
    """The site path of the page of the record with the most acts, and how many it has."""
    shown = [(len(record.acts), kind, record_id) for (kind, record_id), record in counts.records.items()
             if kind in RECORD_PAGES]
    acts, kind, record_id = max(shown)
    return RECORD_PAGES[kind].format(record_id), acts


def measure(name: str, seed: int) -> list[tuple[str, str]]:
    repo, generated = archive_for(name, seed)
    shutil.rmtree(repo / ".git" / "madang", ignore_errors=True)
    raw_floor(repo)  # warm the page cache for both sides
    floor = raw_floor(repo)
    history_seconds, history = timed(lambda: read_history(repo, use_cache=False))
    config = load_config(config_file=str(repo / "mkdocs.yml"))
    settings = settings_from(config.plugins["madang"].config, config.site_name, config.repo_url)
    load_seconds, (archive, _) = timed(lambda: validate(load(repo)))
    tally_seconds, counts = timed(lambda: tally(archive, history, settings))
    render_seconds, files = timed(lambda: render(archive, counts, history, settings))
    in_process_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with tempfile.TemporaryDirectory() as out:
        cold_seconds = build_seconds(repo, out)
        build_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        site_bytes, largest_bytes, largest_page = site_sizes(Path(out))
        busiest_page, busiest_acts = busiest_record(counts)
        busiest_bytes = (Path(out) / busiest_page).stat().st_size
        one_more_pull_request(repo)
        try:
            incremental_seconds, _ = timed(lambda: read_history(repo))
            rebuild_seconds = build_seconds(repo, out)
        finally:
            subprocess.run(["git", "-C", str(repo), "reset", "-q", "--hard", "HEAD~1"], check=True)
    page_count = sum(file.path.endswith(".md") for file in files)
    plain_seconds = mkdocs_floor(page_count)
    site_floor = floor + plain_seconds
    return [
        ("commits / first-parent landings / act events", f"{commit_count(repo):,} / {len(history.landings):,} / {len(history.events):,}"),
        ("generated pages", f"{len(files):,}"),
        ("repository generated in", f"{generated:.0f} s" if generated else "(cached)"),
        ("raw two-pass git log floor", f"{floor:.2f} s"),
        ("history step, cold", f"{history_seconds:.2f} s"),
        ("history ÷ floor", f"{history_seconds / floor:.2f}"),
        ("history step after one more PR (cached)", f"{incremental_seconds:.2f} s"),
        ("load + validate", f"{load_seconds:.2f} s"),
        ("tally", f"{tally_seconds:.2f} s"),
        ("render", f"{render_seconds:.2f} s"),
        ("MkDocs build, cold (whole `build.py build`)", f"{cold_seconds:.1f} s"),
        ("rebuild after one more PR (whole `build.py build`, caches warm)", f"{rebuild_seconds:.1f} s"),
        (f"stock MkDocs + Material on {page_count:,} plain pages", f"{plain_seconds:.1f} s"),
        ("floor: git log floor + stock MkDocs", f"{site_floor:.1f} s"),
        ("cold ÷ floor (target ≤ 1.5)", f"{cold_seconds / site_floor:.2f}"),
        ("one more PR ÷ cold (target ≤ 0.10)", f"{rebuild_seconds / cold_seconds:.2f}"),
        ("peak memory of that build", f"{build_peak:.0f} MiB"),
        ("peak memory of the stages in this process", f"{in_process_peak:.0f} MiB"),
        ("site size", f"{site_bytes / 2**20:.1f} MiB"),
        ("largest page", f"{largest_bytes / 1024:.0f} KiB ({largest_page})"),
        ("page of the record with the most acts", f"{busiest_bytes / 1024:.0f} KiB ({busiest_page}, {busiest_acts:,} acts)"),
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(SIZES))
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    # As pip does when it installs madang, and as the floor's MkDocs and Material are: without this, a
    # machine with PYTHONDONTWRITEBYTECODE compiles madang's source in every build process (0.2 s). Not the
    # skeleton: its build.py is a file `madang new` copies (tests/test_scaffold.py lists them).
    compileall.compile_dir(ROOT / "madang", quiet=1, rx=re.compile(r"/skeleton/"))
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{subprocess.run(['git', '--version'], capture_output=True, text=True).stdout.strip()}")
    for name in args.sizes.split(","):
        started = time.perf_counter()
        rows = measure(name, args.seed)
        sizes = ", ".join(f"{k} {v:,}" for k, v in SIZES[name].items())
        print(f"\n### {name} ({sizes})\n")
        print("| measure | value |\n| --- | ---: |")
        for label, value in rows:
            print(f"| {label} | {value} |")
        print(f"| total wall time of this shape | {time.perf_counter() - started:.0f} s |")


if __name__ == "__main__":
    main()
