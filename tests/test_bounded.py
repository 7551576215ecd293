"""Bounded work for any input: whatever a file holds, every command ends soon, with a located message.

Each test runs the real command line (`build.py check`, `build`, `recount`, `book`,
`from-issue`) on a real git repository holding a hostile file, and asserts
`path:line: message`, exit 1, and no traceback. Inputs that made the old code
quadratic are sized so that it would take minutes: the subprocess' timeout is
the generous bound.
"""

import json
import os
import subprocess
import sys

import pytest

from conftest import BUILD_PY, DANDI, HEIDI, JAY, ArchiveRepo
from madang.nesting import MAX_NESTING
from madang.render.safe import safe_html
from madang.validate.fields import MAX_ITEMS, MAX_LENGTH

PROPOSAL_FRONT = "---\ntitle: 깊은 제안\nproposer: dandi\nproposed: 2020-09-02\nendorse_until: 2020-10-02\n---\n\n"
"""Front matter of 6 lines and a blank one: the body starts on line 8."""
DEEP_LISTS = "".join("  " * depth + "- 항목\n" for depth in range(500))
DEEP_MARKERS = "- " * 500 + "끝\n"


def command(name: str, archive: ArchiveRepo, *args, cwd=None, timeout=120) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [sys.executable, str(BUILD_PY), name, str(archive.path), *map(str, args)],
        capture_output=True, text=True, cwd=cwd, timeout=timeout,
    )
    assert "Traceback" not in done.stdout + done.stderr, done.stdout + done.stderr
    return done


def located(done: subprocess.CompletedProcess) -> list[str]:
    """The `path:line: slug` of every diagnostic printed."""
    found = []
    for line in (done.stdout + done.stderr).splitlines():
        line = line.removeprefix("ERROR - ").removeprefix("WARNING - ")
        if ": " in line and "[" in line.split(": ", 1)[1][:20]:
            where, rest = line.split(": ", 1)
            found.append(f"{where}: {rest.split('[', 1)[1].split(']', 1)[0]}")
    return found


def test_markdown_nested_deeper_than_the_bound_is_refused_at_its_line(archive):
    archive.write("proposals/deep/proposal.md", PROPOSAL_FRONT + "처음 줄\n" + DEEP_LISTS)
    archive.write("proposals/quotes/proposal.md", PROPOSAL_FRONT + ">" * 5000 + " 인용\n")
    archive.write("content/news/2020-09-deep.md",
                  "---\ntitle: 소식\ndate: 2020-09-03\nauthor: jay\n---\n\n" + DEEP_MARKERS)
    archive.write("proposals/deep/opinions/heidi.1.md", "\n" + "1. " * 500 + "끝\n")
    archive.write("content/about.md", "# 소개\n\n" + "\t" * 300 + "- 탭\n")
    archive.commit("깊은 글", author=DANDI)
    expected = [
        "content/about.md:3: markdown-too-deep",
        "content/news/2020-09-deep.md:7: markdown-too-deep",
        "proposals/deep/opinions/heidi.1.md:2: markdown-too-deep",
        f"proposals/deep/proposal.md:{8 + 1 + 2 * MAX_NESTING}: markdown-too-deep",
        "proposals/quotes/proposal.md:8: markdown-too-deep",
    ]
    checked = command("check", archive)
    assert checked.returncode == 1
    assert sorted(located(checked)) == expected
    built = command("build", archive, "-d", archive.root / "site")  # an act's mistake alone would not stop it
    assert built.returncode == 1 and sorted(set(located(built))) == [line for line in expected if "/opinions/" not in line]


def test_nesting_within_the_bound_renders_and_beyond_it_is_plain_text():
    """The renderer is bounded on its own too (a one-line field reaches it without `check`)."""
    nested = "".join("    " * depth + f"- 단계 {depth}\n" for depth in range(10))
    assert safe_html(nested).count("<ul>") == 10
    deep = safe_html(DEEP_MARKERS)
    assert "<ul>" not in deep and deep.startswith("<p>- - - ")


def test_long_fields_and_long_lists_are_refused_at_their_line(archive):
    archive.propose("long", title="가" * 200_000)
    archive.write("proposals/many-tags/proposal.md", PROPOSAL_FRONT.replace(
        "endorse_until", "tags: [" + ", ".join(f"t{n}" for n in range(MAX_ITEMS + 1)) + "]\nendorse_until"))
    archive.open_poll("q", options=(("a", "나" * (MAX_LENGTH[False] + 1)), ("b", "다")))
    archive.commit("긴 글", author=DANDI)
    archive.endorse("long", "heidi", f"comment: {'라' * MAX_LENGTH[True]}\n")  # exactly the bound is allowed
    archive.commit("공감", author=HEIDI)
    checked = command("check", archive)
    assert checked.returncode == 1
    assert located(checked) == [
        "polls/q/poll.yml:5: text-too-long",
        "proposals/long/proposal.md:2: text-too-long",
        "proposals/many-tags/proposal.md:5: too-many-items",
    ]
    assert "200000" in checked.stdout and str(MAX_LENGTH[False]) in checked.stdout


def test_the_book_wraps_words_in_time_linear_in_a_long_word(archive, tmp_path):
    """80,000 characters without a space took the old word pattern 82 s; 400,000 would take half an hour."""
    archive.propose("word", body="## 제안내용\n\n" + "a" * 400_000 + " 끝\n")
    archive.commit("긴 낱말", author=DANDI)
    done = command("book", archive, "-o", tmp_path / "book.pdf", timeout=120)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "book.pdf").read_bytes().startswith(b"%PDF")


def test_an_issue_form_with_a_long_heading_line_is_read_in_linear_time(archive, tmp_path):
    """The old section pattern (a lazy label before `\\s*$`) was quadratic in a line of spaces."""
    body = "### 제안 이름 (영문)\n\n2020-09-wide\n\n### 제목" + " " * 400_000 + "넓은\n\n넓은 제목\n\n### 문제와 제안\n\n본문\n"
    event = {"issue": {"number": 7, "body": body, "created_at": "2020-09-10T15:30:00Z",
                       "user": {"login": "dandi", "id": 4242}, "labels": [{"name": "madang:proposal"}]}}
    event_file = tmp_path / "event.json"
    event_file.write_text(json.dumps(event, ensure_ascii=False), encoding="utf-8")
    done = command("from-issue", archive, "--event", event_file, timeout=60)
    assert done.returncode == 1 and "제목" in done.stderr  # the heading is not the form's label: 제목 is missing


def bad_name(folder, name: bytes, content: bytes = b"") -> None:
    """Write a file whose name is bytes that are not UTF-8 (Linux allows any bytes but '/' and NUL)."""
    os.makedirs(folder, exist_ok=True)
    with open(os.fsencode(folder) + b"/" + name, "wb") as file:
        file.write(content)


def test_names_that_are_not_utf8_are_located_and_a_landed_one_does_not_count(archive, tmp_path):
    archive.propose("park")
    archive.commit("제안", author=DANDI, when="2020-09-02T10:00:00+09:00")
    bad_name(archive.path / "proposals/park/endorsements", b"h\xffi.yml")
    bad_name(archive.path / "content", b"p\xfe.md", b"# page\n")
    archive.commit("이상한 이름", author=HEIDI, when="2020-09-03T10:00:00+09:00")
    checked = command("check", archive)
    assert checked.returncode == 1
    assert located(checked) == [
        "content/p\\xfe.md:1: not-utf8-name", "proposals/park/endorsements/h\\xffi.yml:1: not-utf8-name",
    ]
    assert command("build", archive, "-d", tmp_path / "refused").returncode == 1

    archive.git("rm", "-q", "--cached", "-r", ".")  # the names leave the tree; history keeps them
    for folder in (archive.path / "proposals/park/endorsements", archive.path / "content"):
        for name in os.listdir(os.fsencode(folder)):
            if b"\xff" in name or b"\xfe" in name:
                os.remove(os.fsencode(folder) + b"/" + name)
    archive.commit("이름 지움", author=JAY, when="2020-09-04T10:00:00+09:00")
    recounted = command("recount", archive)
    assert recounted.returncode == 0 and "digest:" in recounted.stdout
    assert command("build", archive, "-d", tmp_path / "site").returncode == 0
    rows = (tmp_path / "site/data/endorsements.csv").read_text(encoding="utf-8-sig").splitlines()
    assert [row.split(",")[:4] for row in rows[1:]] == [["park", "h\\xffi", "false", "bad-name"]]


@pytest.mark.parametrize("path", [
    "juries/x/ballots/heidi.yml", "proposals/park/ballots/heidi.yml", "polls/q/endorsements/heidi.yml",
    "content/experiments/e/rsvps/heidi.yml",
])
def test_an_act_in_a_folder_its_record_kind_has_not_is_located_not_a_traceback(archive, path, tmp_path):
    archive.propose("park")
    archive.commit("제안", author=DANDI, when="2020-09-02T10:00:00+09:00")
    archive.branch("wrong")
    archive.write(path, "choices: [a]\n")
    archive.commit("잘못된 폴더", author=HEIDI, when="2020-09-03T10:00:00+09:00")
    assert any(path.startswith(where.split(":")[0] + "/") for where in located(command("check", archive)))
    command("check", archive, "--pr-author", "heidi", "--base", "main")  # no traceback (the review judges the path)
    archive.merge_pr("wrong", 3, "2020-09-03T11:00:00+09:00")
    archive.remove(path)
    os.removedirs((archive.path / path).parent)  # up to the first folder that holds something else
    archive.commit("치움", author=JAY, when="2020-09-04T10:00:00+09:00")
    assert command("recount", archive).returncode == 0


def png(path, size: int) -> None:
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (size, size), (200, 30, 30)).save(path)


def test_the_book_embeds_only_images_inside_the_archive(archive, tmp_path):
    """`//localhost/…` is `file://localhost/…`: it, absolute paths and file:// outside are all refused."""
    outside = tmp_path / "outside"
    png(outside / "secret.png", 40)
    png(archive.path / "content/experiments/e/inside.png", 30)
    archive.propose("park")
    archive.write("content/experiments/e/index.md", (
        "---\ntitle: 실험\nproposals: [park]\nstatus: running\n---\n\n"
        f"![안](inside.png)\n\n![밖](//localhost{outside}/secret.png)\n\n"
        f"![밖](file://{outside}/secret.png)\n\n![밖]({outside}/secret.png)\n\n![밖](../../../../outside/secret.png)\n"
    ))
    archive.commit("실험", author=JAY)
    done = command("book", archive, "-o", tmp_path / "book.pdf", cwd=archive.path)
    assert done.returncode == 0, done.stderr
    listed = subprocess.run(["pdfimages", "-list", str(tmp_path / "book.pdf")], capture_output=True, text=True,
                            check=True).stdout.splitlines()[2:]
    assert [line.split()[3:5] for line in listed] == [["30", "30"]]
