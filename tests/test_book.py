"""The book: the sample archive as a PDF, read back with poppler (pdfinfo, pdftotext).

WeasyPrint is slow, so the sample's book is made once for the module, by the real
command line (`build.py book`).
"""

import re
import subprocess
from html import unescape
import sys

import pytest
import yaml

from conftest import BUILD_PY, ROOT
from madang import pipeline
from madang.book import book_html, keep_korean_words, render_pdf
from madang.i18n import speaking
from madang.pipeline import settings_in
from test_i18n import KOREAN_RUN, peoples_words

TITLE_IN_CONTENTS = re.compile(r"^\s*(?P<title>\S.*?)\s*\.{3,}\s*(?P<page>\d+)\s*$")


def book_command(*args, cwd=ROOT):
    return subprocess.run([sys.executable, str(BUILD_PY), "book", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True)


def pdftotext(pdf, first=None, last=None, layout=False) -> str:
    options = (["-f", str(first), "-l", str(last)] if first else []) + (["-layout"] if layout else [])
    return subprocess.run(["pdftotext", *options, str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def flat(text: str) -> str:
    """Text with every run of white space (line ends too) made one space."""
    return " ".join(text.split())


def proposal_titles() -> list[str]:
    titles = []
    for path in sorted((ROOT / "proposals").glob("*/proposal.md")):
        front = path.read_text(encoding="utf-8").split("---")[1]
        titles.append(yaml.safe_load(front)["title"])
    return titles


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    pdf = tmp_path_factory.mktemp("book") / "book.pdf"
    done = book_command(".", "-o", pdf)
    assert done.returncode == 0, done.stderr
    return pdf


def page_count(pdf) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M)[1])


def test_the_book_opens_with_a_cover_and_every_proposal_title_intact(book):
    assert page_count(book) >= 8
    cover = flat(pdftotext(book, 1, 1))
    assert "작은도서관 거버넌스 은평" in cover and "2020.09.01 ~ 2020.11.30" in cover
    text = flat(pdftotext(book))
    for title in proposal_titles():
        assert flat(title) in text, title
    for chapter in ("과정과 단계", "투표", "모임", "실험장", "참여자", "감사 기록", "실험장 선정 (2020년 9월)"):
        assert chapter in text


def test_the_contents_give_the_page_each_proposal_starts_on(book):
    contents = pdftotext(book, 2, 2, layout=True)
    listed = {}
    for line in contents.splitlines():
        match = TITLE_IN_CONTENTS.match(line)
        if match:
            listed[flat(match["title"])] = int(match["page"])
    titles = [flat(title) for title in proposal_titles()]
    assert set(titles) <= set(listed), contents
    pages = [flat(pdftotext(book, n, n)) for n in range(1, page_count(book) + 1)]
    for title in titles:
        first_page = next(n for n, text in enumerate(pages, 1) if n > 2 and title in text)
        assert listed[title] == first_page, title


def test_running_headers_name_the_chapter_and_pages_are_numbered(book):
    page = pdftotext(book, 5, 5, layout=True).strip().splitlines()
    assert "작은도서관 거버넌스 은평" in page[0] and "제안" in page[0]
    assert page[-1].strip() == "5"


def test_the_audit_chapter_gives_the_digest_and_commit_of_the_counts(book):
    settings = settings_in(ROOT)
    _, _, history, _, _, counted = pipeline.scored(ROOT, settings)
    text = pdftotext(book).replace("\n", "")
    assert counted in text
    assert history.head in text


def test_a_book_per_phase_holds_only_that_phase():
    settings = settings_in(ROOT)
    archive, _, history, counts = pipeline.count(ROOT, settings)
    html = book_html(archive, counts, history, settings, "0" * 64, "education", ROOT)
    text = flat(re.sub(r"<[^>]+>", "", html))
    assert "1단계 사전교육" in text and "2단계 공론화" not in text
    assert "거버넌스 프로젝트 실행 단위 이름을 함께 정해봐요" in text  # the education phase's poll
    assert not any(flat(title) in text for title in proposal_titles())


def test_an_english_books_own_words_are_english():
    """Every run of Korean words in an English book is something people wrote (test_i18n.peoples_words)."""
    settings = settings_in(ROOT)
    archive, _, history, counts = pipeline.count(ROOT, settings)
    with speaking("en"):
        html = book_html(archive, counts, history, settings, "0" * 64, None, ROOT)
    written = peoples_words(ROOT)
    nodes = [flat(unescape(node)) for node in re.split(r"<[^>]+>", re.sub(r"<pre>.*?</pre>", "", html, flags=re.S))]
    korean = {run.strip("“”‘’ ") for node in nodes for run in KOREAN_RUN.findall(node)} - {""}
    assert "Contents" in nodes and "Audit record" in nodes
    assert not sorted(run for run in korean if run not in written)


def test_an_unknown_phase_is_one_sentence_and_no_pdf(tmp_path):
    done = book_command(".", "-o", tmp_path / "x.pdf", "--phase", "nope")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and "'nope'" in done.stderr and "education" in done.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_korean_words_are_wrapped_in_text_only():
    html = '<p title="한국어 제목">작은도서관은 문을 <a href="#가">열었나요?</a> ok</p><pre>코드 그대로</pre>'
    wrapped = keep_korean_words(html)
    assert wrapped == (
        '<p title="한국어 제목"><span class="w">작은도서관은</span> <span class="w">문을</span> '
        '<a href="#가"><span class="w">열었나요?</span></a> ok</p><pre>코드 그대로</pre>'
    )


def test_no_line_breaks_inside_a_korean_word(tmp_path):
    """Measured: without the spans WeasyPrint splits words (작은도|서관은); with them, never."""
    sentence = "작은도서관은 직접 문을 열고 들어가기 전까지 열었는지 안 열었는지 모르겠어요. 자원활동가 사정에 따라 달라지기도 하고요. "
    paragraph = f"<p>{sentence * 8}</p>"
    words = set(sentence.split())

    def split_words(html: str) -> list:
        text = flat_lines(render_pdf(html, tmp_path), tmp_path)
        return [(a, b) for a, b in zip(text, text[1:]) if a.split()[-1] not in words or b.split()[0] not in words]

    assert split_words(paragraph), "the measure must see WeasyPrint split a word without the spans"
    assert split_words(keep_korean_words(paragraph)) == []


def flat_lines(pdf_bytes: bytes, folder) -> list[str]:
    """The PDF's text lines, without the page number."""
    path = folder / "measure.pdf"
    path.write_bytes(pdf_bytes)
    return [line.strip() for line in pdftotext(path).splitlines() if line.strip() and not line.strip().isdigit()]


pytestmark = pytest.mark.slow
