"""Korean search: the index gets the word-final pieces of Hangul words (madang/render/search.py)."""

import json
import os
import re
import subprocess
import sys

import pytest

from conftest import BUILD_PY, DANDI, ArchiveRepo
from madang.render.search import BLOCK_LENGTH, FIELD, SEPARATOR, add_korean_field, page_entries, word_suffixes

MADANG_FIRST = """\
site_name: 마당 시험
docs_dir: content
theme: {name: material, language: ko}
plugins: [madang, search]
"""


def test_suffixes_of_hangul_words():
    assert word_suffixes("작은도서관은 운영시간을") == [
        "작은도서관은", "은도서관은", "도서관은", "서관은", "관은", "은", "운영시간을", "영시간을", "시간을", "간을", "을",
    ]


def test_suffixes_skip_markup_latin_and_repeats():
    assert word_suffixes('<a href="x">도서관</a> library 도서관 책') == ["도서관", "서관", "관"]


def test_field_is_added_to_every_entry_and_declared():
    index = {"config": {"separator": "[\\s\\-]+", "fields": {"title": {"boost": 1000}}},
             "docs": [{"location": "a/", "title": "작은도서관", "text": "<p>운영시간을</p>", "tags": ["돌봄이"]},
                      {"location": "b/", "title": "About", "text": "English only"}]}
    done = add_korean_field(index)
    assert done["config"]["fields"][FIELD] == {"boost": 0.5}
    assert done["config"]["separator"] == SEPARATOR
    pieces = done["docs"][0][FIELD].split(" ")
    assert {"도서관", "시간을", "봄이"} <= set(pieces)
    assert FIELD not in done["docs"][1]


def test_separator_splits_handles_out_of_brackets_and_keeps_dates():
    assert [w for w in re.split(SEPARATOR, "단디 (@dandi) · 2020.09.20, 끝.") if w] == ["단디", "dandi", "2020.09.20", "끝"]


PAGE = """<h1 id="t">제목</h1>
<table><thead><tr><th>항목</th><th>내용</th></tr></thead><tbody><tr><td>제안자</td><td>@namu</td></tr></tbody></table>
<h2 id="제안">제안</h2>
<p>""" + "작은도서관은 저녁에도 열면 좋겠어요. " * 20 + """</p>
<h2 id="공감-2명">공감 2명</h2>
<ul><li>@a &lt;b&gt;</li><li>@b</li></ul>
<script>var x = "숨은 글";</script>
"""


def test_a_generated_page_is_indexed_by_section_in_short_blocks():
    page, body, endorsed = page_entries("proposals/x/", "제목", PAGE)
    assert page == {"location": "proposals/x/", "title": "제목", "text": "<p>항목 내용</p><p>제안자 @namu</p>",
                    FIELD: "제목 목 항목 내용 용 제안자 안자 자"}
    assert body["location"] == "proposals/x/#제안" and body["title"] == "제안"
    paragraphs = re.findall(r"<p>(.*?)</p>", body["text"])
    assert len(paragraphs) > 2 and all(len(p) <= BLOCK_LENGTH for p in paragraphs)
    assert " ".join(paragraphs) == " ".join(("작은도서관은 저녁에도 열면 좋겠어요. " * 20).split())  # every word kept
    assert endorsed == {"location": "proposals/x/#공감-2명", "title": "공감 2명", "text": "<p>@a &lt;b&gt;</p><p>@b</p>",
                        FIELD: "공감 감"}


LONG_PARAGRAPH = "아이와 함께 책을 읽으러 가면 열람실이 늘 붐벼서 오래 머물 수 없습니다. " * 12 + "그래서 작은도서관에 조용한 시간을 정해요."
"""A paragraph a person wrote on a page of their own (Material indexes it), some 500 characters long."""


@pytest.fixture(scope="module")
def madang_first_site(tmp_path_factory):
    """An archive listing madang before search: the index is still rewritten after search writes it."""
    archive = ArchiveRepo.create(tmp_path_factory.mktemp("archive"), mkdocs=MADANG_FIRST)
    archive.propose("hours", title="운영시간을 늘려요", body="## 제안\n\n작은도서관은 저녁에도 열면 좋겠어요.\n")
    archive.write("content/about.md", f"# 소개\n\n## 우리가 하는 일\n\n{LONG_PARAGRAPH}\n\n- `a < b` 목록\n")
    archive.commit("제안: hours", author=DANDI, when="2020-09-02T10:00:00+09:00")
    site = tmp_path_factory.mktemp("site")
    done = subprocess.run([sys.executable, str(BUILD_PY), "build", str(archive.path), "-d", str(site)],
                          capture_output=True, text=True, env={**os.environ, "SOURCE_DATE_EPOCH": "1599012000"})
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))


def test_index_is_rewritten_whatever_the_plugin_order(madang_first_site):
    entries = {entry["location"]: entry for entry in madang_first_site["docs"]}
    page = entries["proposals/hours/"]
    assert FIELD in madang_first_site["config"]["fields"]
    assert "시간을" in page[FIELD].split(" ")
    # Without the field, no word of the page starts with 시간 or 도서관: only the suffixes find it.
    words = re.split(r"[\s\-]+", re.sub(r"<[^>]+>", " ", page["title"] + " " + page["text"]))
    assert not any(w.startswith(("시간", "도서관")) for w in words)
    body = next(e for e in entries.values() if "작은도서관은" in e["text"])
    assert "도서관은" in body[FIELD].split(" ")


def test_proposer_and_tags_are_in_the_index(madang_first_site):
    page = next(e for e in madang_first_site["docs"] if e["location"] == "proposals/hours/")
    assert "@dandi" in page["text"]


def test_a_page_people_wrote_is_cut_into_short_blocks_too(madang_first_site):
    """Material indexes content/about.md itself; its long paragraph becomes blocks a result can show two of."""
    section = next(e for e in madang_first_site["docs"] if e["location"] == "about/#우리가-하는-일")
    paragraphs = re.findall(r"<p>(.*?)</p>", section["text"])
    assert len(paragraphs) > 3 and all(len(p) <= BLOCK_LENGTH for p in paragraphs)
    assert " ".join(paragraphs[:-1]) == " ".join(LONG_PARAGRAPH.split())  # every word kept, in order
    assert paragraphs[-1] == "a &lt; b 목록"  # a code span's text, escaped once
