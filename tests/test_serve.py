"""`build.py serve` previews the archive and rebuilds when a record or act changes."""

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

BUILD_PY = Path(__file__).resolve().parents[1] / "build.py"
GIT = ["git", "-c", "user.name=Jay", "-c", "user.email=jay@example.org", "-c", "commit.gpgsign=false"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode()
    except OSError:
        return ""


def wait_for(url: str, text: str, seconds: float = 40) -> str:
    deadline = time.monotonic() + seconds
    page = ""
    while time.monotonic() < deadline:
        page = fetch(url)
        if text in page:
            return page
        time.sleep(0.3)
    raise AssertionError(f"{url} never showed {text!r}; last page:\n{page[:2000]}")


def test_serve_reloads_on_proposal_and_endorsement_changes(tmp_path):
    archive = tmp_path / "archive"
    (archive / "content").mkdir(parents=True)
    (archive / "mkdocs.yml").write_text(
        "site_name: 미리보기\ndocs_dir: content\ntheme: {name: material, language: ko}\nplugins: [search, madang]\n"
    )
    proposal = archive / "proposals" / "preview" / "proposal.md"
    proposal.parent.mkdir(parents=True)
    proposal.write_text("---\ntitle: 첫 제목\nproposer: jay\nproposed: 2020-09-01\n---\n본문\n")
    subprocess.run(["git", "init", "-q", "-b", "main", str(archive)], check=True)
    subprocess.run([*GIT, "-C", str(archive), "add", "-A"], check=True)
    subprocess.run([*GIT, "-C", str(archive), "commit", "-q", "-m", "init"], check=True)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, str(BUILD_PY), "serve", str(archive), "-a", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/proposals/preview/"
    try:
        wait_for(url, "첫 제목")
        proposal.write_text(proposal.read_text().replace("첫 제목", "고친 제목"))
        wait_for(url, "고친 제목")
        endorsement = proposal.parent / "endorsements" / "heidi.yml"
        endorsement.parent.mkdir()
        endorsement.write_text("comment: 좋아요\n")
        wait_for(url, "아직 커밋되지 않음")
        subprocess.run([*GIT, "-C", str(archive), "add", "-A"], check=True)
        subprocess.run(
            [*GIT, "-C", str(archive), "-c", "user.email=1+heidi@users.noreply.github.com", "commit", "-q", "-m", "e"],
            check=True,
        )
        wait_for(url, "<strong>1명</strong>")
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_serve_watches_every_folder_of_the_format_even_one_made_after_it_started(tmp_path):
    """A new archive has no proposals/ or juries/ yet: its first proposal and jury show up as they are written."""
    archive = tmp_path / "archive"
    (archive / "content").mkdir(parents=True)
    (archive / "content" / "index.md").write_text("# 새 아카이브\n")
    (archive / "mkdocs.yml").write_text(
        "site_name: 미리보기\ndocs_dir: content\ntheme: {name: material, language: ko}\nplugins: [search, madang]\n"
    )
    subprocess.run(["git", "init", "-q", "-b", "main", str(archive)], check=True)
    subprocess.run([*GIT, "-C", str(archive), "add", "-A"], check=True)
    subprocess.run([*GIT, "-C", str(archive), "commit", "-q", "-m", "init"], check=True)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, str(BUILD_PY), "serve", str(archive), "-a", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/", "새 아카이브")
        jury = archive / "juries" / "panel" / "jury.yml"
        jury.parent.mkdir(parents=True)
        jury.write_text("title: 첫 시민 평가단\nseats: 3\napply_until: 2020-11-27\n", encoding="utf-8")
        wait_for(f"http://127.0.0.1:{port}/juries/panel/", "첫 시민 평가단")
        proposal = archive / "proposals" / "first" / "proposal.md"
        proposal.parent.mkdir(parents=True)
        proposal.write_text("---\ntitle: 첫 제안\nproposer: jay\nproposed: 2020-09-01\n---\n본문\n", encoding="utf-8")
        wait_for(f"http://127.0.0.1:{port}/proposals/first/", "첫 제안")
        (archive / "members.yml").write_text("jay:\n  name: 제이 운영자\n  public: [name]\n", encoding="utf-8")
        wait_for(f"http://127.0.0.1:{port}/proposals/first/", "제이 운영자")
    finally:
        server.terminate()
        server.wait(timeout=10)
