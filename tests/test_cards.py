"""Share cards (madang/render/cards.py) and the Open Graph tags the theme prints (madang/theme/main.html)."""

import html
import io
import os
import re
import subprocess
import sys

import pytest
from PIL import Image, ImageChops

from conftest import BUILD_PY, DANDI, ArchiveRepo
from madang.render.cards import PARALLEL_FROM, SIZE, Card, _font, card_png, korean_font, summary, wrap, write_cards

HOSTILE_TITLE = '<script>alert(1)</script> "작은도서관" & 돌봄'


def test_the_korean_font_is_installed():
    """fonts-noto-cjk (make test installs it): without it cards would be skipped."""
    found = korean_font("bold")
    assert found is not None and "CJK" in found[0]


def test_card_is_a_1200_by_630_png_with_the_title_drawn():
    with_title = Image.open(io.BytesIO(card_png("마당", "제안", "유아들만 이용할 수 있는 작은도서관", "공감 3명")))
    other_title = Image.open(io.BytesIO(card_png("마당", "제안", "도서 예약 서비스", "공감 3명")))
    assert with_title.format == "PNG" and with_title.size == SIZE
    title_area = (72, 230, 1128, 480)
    assert ImageChops.difference(with_title.crop(title_area), other_title.crop(title_area)).getbbox() is not None


def test_hangul_has_real_glyphs_not_boxes():
    """Distinct syllables draw distinct shapes (a font without Hangul draws the same box for each)."""
    font = _font("bold", 64)
    masks = {char: bytes(font.getmask(char)) for char in "가나다"}
    assert len(set(masks.values())) == 3 and all(any(mask) for mask in masks.values())


def test_long_titles_wrap_to_three_lines_with_an_ellipsis():
    font = _font("bold", 64)
    lines = wrap("아주 " * 60, font, 1056, max_lines=3)
    assert len(lines) == 3 and lines[-1].endswith("…")
    assert all(font.getlength(line) <= 1056 for line in lines)
    assert wrap("가" * 40, font, 1056, max_lines=3)[0] == "가" * int(1056 // font.getlength("가"))


def test_summary_is_plain_and_short():
    assert summary("## 문제\n\n**눈치** 보여요. [링크](https://example.org)") == "문제 눈치 보여요. 링크"
    assert len(summary("가" * 500)) == 140
    assert summary("안녕 <script>alert(1)</script> & **반가워요**") == "안녕 & 반가워요"  # as sanitized


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    archive = ArchiveRepo.create(tmp_path_factory.mktemp("archive"))
    archive.propose("care", title=HOSTILE_TITLE, body="## 문제\n\n아이와 함께 갈 곳이 없어요.\n")
    archive.commit("제안: care", author=DANDI, when="2020-09-02T10:00:00+09:00")
    built = tmp_path_factory.mktemp("site")
    done = subprocess.run([sys.executable, str(BUILD_PY), "build", str(archive.path), "-d", str(built)],
                          capture_output=True, text=True, env={**os.environ, "SOURCE_DATE_EPOCH": "1599012000"})
    assert done.returncode == 0, done.stdout + done.stderr
    (built / "build.log").write_text(done.stderr, encoding="utf-8")
    return built


def meta(page: str) -> dict[str, str]:
    return {m[1]: html.unescape(m[2]) for m in re.finditer(r'<meta (?:property|name)="([^"]+)" content="([^"]*)">', page)}


def test_record_page_has_open_graph_and_twitter_tags(site):
    page = (site / "proposals" / "care" / "index.html").read_text(encoding="utf-8")
    tags = meta(page)
    assert tags["og:title"] == HOSTILE_TITLE and tags["twitter:title"] == HOSTILE_TITLE
    assert tags["og:description"] == "문제 아이와 함께 갈 곳이 없어요."
    assert tags["og:image"] == "../../assets/cards/proposals/care.png" == tags["twitter:image"]
    assert tags["twitter:card"] == "summary_large_image" and tags["og:type"] == "article"
    assert "<script>alert(1)" not in page
    card = Image.open(site / "assets" / "cards" / "proposals" / "care.png")
    assert card.size == SIZE
    assert 'class="madang-share"' in page


def test_the_home_page_has_the_sites_card(site):
    tags = meta((site / "index.html").read_text(encoding="utf-8"))
    assert tags["og:title"] == "마당 시험" and tags["og:image"] == "assets/cards/index.png"
    assert Image.open(site / "assets" / "cards" / "index.png").size == SIZE


def test_other_pages_have_site_tags_without_a_card(site):
    tags = meta((site / "process" / "index.html").read_text(encoding="utf-8"))
    assert tags["og:site_name"] == "마당 시험" and tags["og:type"] == "website" and "og:image" not in tags


def test_the_build_warns_that_without_site_url_the_cards_are_relative(site):
    """Messengers fetch og:image from its address alone: a relative one shows no picture."""
    log = (site / "build.log").read_text(encoding="utf-8")
    assert "mkdocs.yml:1: 경고[site-url-missing] site_url이 없어" in log and "og:image addresses are relative" in log


def test_no_font_is_fetched_from_the_network(site):
    page = (site / "proposals" / "care" / "index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis.com" not in page and "fonts.gstatic.com" not in page


def test_many_cards_are_drawn_by_worker_processes_to_the_same_bytes(tmp_path):
    made = [Card(f"proposals/p{n}.md", f"assets/cards/proposals/p{n}.png", f"제안 {n}", "", "제안", f"공감 {n}명")
            for n in range(PARALLEL_FROM)]
    write_cards(made, "마당", tmp_path)
    for n in (0, PARALLEL_FROM - 1):
        written = (tmp_path / "assets" / "cards" / "proposals" / f"p{n}.png").read_bytes()
        assert written == card_png("마당", "제안", f"제안 {n}", f"공감 {n}명")
    assert len(list((tmp_path / "assets" / "cards" / "proposals").iterdir())) == PARALLEL_FROM
