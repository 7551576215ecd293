"""Opinions (의견) and their endorsements (공감) on real git histories, and user Markdown made safe.

An opinion is proposals/<id>/opinions/<handle>.<n>.md (front matter optional:
`reply_to`, `source`), judged by the same act rules as an endorsement but with
no deadline; endorsing opinions is opinion-endorsements/<handle>.yml listing
`opinions: [ids]`. The thread is shown as one raw HTML block of sanitized
HTML: the hostile bodies here are built by the real MkDocs and the page's HTML
is read back.
"""

import html
import os
import re
import subprocess
import sys
from html.parser import HTMLParser

import pytest

from madang import pipeline
from madang.constants import REASONS
from madang.diagnostics import ERROR, WARNING
from madang.render.actlists import RecordLists
from madang.render.opinions import opinion_count, opinion_section, thread
from madang.render.safe import ATTRIBUTES, TAGS, html_block, safe_html
from madang.tally import opinion_endorsement_counts
from madang.validate.opinions import opinion_id
from conftest import (
    BUILD_PY, DANDI, HEIDI, JAY, MALLORY, MINIMAL_MKDOCS, MINNI, ArchiveRepo, act, madang_settings, record, run,
)

P = "2020-09-infant-hours"
OPINIONS = f"proposals/{P}/opinions"
ENDORSEMENTS = f"proposals/{P}/opinion-endorsements"
KIND = "proposal-opinion"
ENDORSEMENT_KIND = "proposal-opinion-endorsement"


def day(n: int, hour: int = 10) -> str:
    return f"2020-09-{n:02}T{hour:02}:00:00+09:00"


@pytest.fixture
def proposal(archive) -> ArchiveRepo:
    archive.propose(P)
    archive.commit("제안", author=DANDI, when=day(2))
    return archive


def opine(repo, name: str, body: str, reply_to: str | None = None, offline: bool = False):
    front = ([f"reply_to: {reply_to}"] if reply_to else []) + (["source: offline"] if offline else [])
    text = ("---\n" + "\n".join(front) + "\n---\n" if front else "") + body
    return repo.write(f"{OPINIONS}/{name}.md", text)


def endorse_opinions(repo, handle: str, *ids):
    return repo.write(f"{ENDORSEMENTS}/{handle}.yml", f"opinions: [{', '.join(ids)}]\n")


def section(result, **options) -> str:
    lists = RecordLists(f"{P}.md", "시험 제안")
    return "\n".join(opinion_section("proposal", P, result.archive, result.counts, madang_settings(**options), lists))


def checked(repo) -> list[tuple[str, str, int, str]]:
    _, diagnostics = pipeline.check(repo.path, madang_settings())
    return [(d.slug, d.severity, d.line, d.path) for d in diagnostics]


# --- Counting -------------------------------------------------------------------------------


def test_several_opinions_per_person_count_and_forged_ones_do_not(proposal):
    opine(proposal, "heidi.1", "유아 시간대가 있으면 좋겠어요.")
    proposal.commit("의견", author=HEIDI, when=day(3))
    opine(proposal, "heidi.2", "토요일 오전은 어떨까요?")
    proposal.commit("의견 더", author=HEIDI, when=day(4))
    opine(proposal, "heidi.3", "위조된 의견")
    forged = proposal.commit("남의 이름으로", author=MALLORY, when=day(5))
    result = run(proposal)
    judged = {opinion_id(a.path): a for a in record(result, P, KIND).acts}
    assert {i: (a.counted, a.level) for i, a in judged.items()} == {
        "heidi.1": (True, "verified"), "heidi.2": (True, "verified"), "heidi.3": (False, "unverified"),
    }
    assert judged["heidi.1"].body == "유아 시간대가 있으면 좋겠어요."
    assert opinion_count("proposal", P, result.counts) == 2
    page = section(result)
    assert page.startswith("## 의견 2개\n")
    assert "토요일 오전은 어떨까요?" in page and "위조된 의견" not in page
    assert f"- 의견 @heidi heidi.3.md · {REASONS['unverified']} · `{forged[:7]}`" in page


def test_offline_opinion_is_attested_and_marked(proposal):
    opine(proposal, "minni.1", "종이에 적어 주신 의견입니다.", offline=True)
    proposal.commit("의견 옮겨 적기", author=JAY, when=day(3))
    result = run(proposal)
    assert (act(result, P, "minni", KIND).counted, act(result, P, "minni", KIND).level) == (True, "attested")
    assert "운영자 대리 입력" in section(result)


def test_an_empty_opinion_in_git_is_bad_content(proposal):
    """The tally reads the body with the same rule as `check`: the committed, empty version is not counted."""
    opine(proposal, "heidi.1", "---\nsource: offline\n---\n\n   \n")
    proposal.commit("빈 의견", author=HEIDI, when=day(3))
    opine(proposal, "heidi.1", "이제 내용을 적었어요 (아직 커밋 전)")
    result = run(proposal)
    assert (act(result, P, "heidi", KIND).counted, act(result, P, "heidi", KIND).reason) == (False, "bad-content")
    assert section(result).startswith("## 의견 0개\n\n집계된 의견이 없습니다.")


def test_no_opinion_no_section(proposal):
    result = run(proposal)
    assert section(result) == ""
    assert opinion_count("proposal", P, result.counts) == 0


# --- The thread -----------------------------------------------------------------------------


def test_thread_orders_first_opinions_by_landing_and_replies_under_their_parent(proposal):
    opine(proposal, "dandi.1", "처음 의견")
    proposal.commit("1", author=DANDI, when=day(3))
    opine(proposal, "minni.1", "두 번째 처음 의견")
    proposal.commit("2", author=MINNI, when=day(4))
    opine(proposal, "heidi.1", "단디 님께 답글", reply_to="dandi.1")
    proposal.commit("3", author=HEIDI, when=day(5))
    opine(proposal, "dandi.2", "하이디 님께 다시 답글", reply_to="Heidi.1")
    proposal.commit("4", author=DANDI, when=day(6))
    opine(proposal, "minni.2", "단디 님께 두 번째 답글", reply_to="dandi.1")
    proposal.commit("5", author=MINNI, when=day(7))
    opine(proposal, "heidi.2", "지워진 의견에 단 답글", reply_to="jay.9")
    proposal.commit("6", author=HEIDI, when=day(8))
    result = run(proposal)
    shown = [(opinion_id(a.path), depth) for a, depth in thread(record(result, P, KIND).acts)]
    assert shown == [
        ("dandi.1", 0), ("heidi.1", 1), ("dandi.2", 2), ("minni.2", 1), ("minni.1", 0), ("heidi.2", 0),
    ]
    page = section(result)
    order = [page.index(f'id="opinion-{i}"') for i, _ in shown]
    assert order == sorted(order)
    between = page[page.index('id="opinion-dandi.1"'):page.index('id="opinion-minni.1"')]
    assert between.count('<blockquote class="madang-replies">') == 2  # heidi.1 in one, dandi.2 in one more
    assert page[page.index('id="opinion-minni.1"'):].count("<blockquote") == 0


def test_replies_in_a_loop_are_all_shown(proposal):
    opine(proposal, "heidi.1", "가", reply_to="dandi.1")
    proposal.commit("1", author=HEIDI, when=day(3))
    opine(proposal, "dandi.1", "나", reply_to="heidi.1")
    proposal.commit("2", author=DANDI, when=day(4))
    result = run(proposal)
    shown = [(opinion_id(a.path), depth) for a, depth in thread(record(result, P, KIND).acts)]
    assert shown == [("heidi.1", 0), ("dandi.1", 1)]


def test_deep_replies_stop_indenting(proposal):
    previous = None
    for n in range(1, 7):
        opine(proposal, f"heidi.{n}", f"답글 {n}", reply_to=previous)
        previous = f"heidi.{n}"
    proposal.commit("긴 대화", author=HEIDI, when=day(3))
    page = section(run(proposal))
    assert page.count('<blockquote class="madang-replies">') == 3
    assert page.count("</blockquote>") == 3


# --- Endorsing opinions ---------------------------------------------------------------------


def test_opinion_endorsements_count_change_and_withdraw(proposal):
    opine(proposal, "dandi.1", "처음 의견")
    opine(proposal, "dandi.2", "두 번째 의견")
    proposal.commit("의견", author=DANDI, when=day(3))
    endorse_opinions(proposal, "heidi", "dandi.1", "Dandi.2", "dandi.1")
    proposal.commit("공감", author=HEIDI, when=day(4))
    endorse_opinions(proposal, "minni", "dandi.1")
    proposal.commit("공감", author=MINNI, when=day(4, 11))
    endorse_opinions(proposal, "jay", "dandi.1")
    proposal.commit("남의 공감", author=MALLORY, when=day(4, 12))
    endorse_opinions(proposal, "dandi", "dandi.1")
    proposal.commit("내 의견에 공감", author=DANDI, when=day(4, 13))
    result = run(proposal)
    endorsements = record(result, P, ENDORSEMENT_KIND)
    assert opinion_endorsement_counts(endorsements) == {"dandi.1": 2, "dandi.2": 1}
    assert act(result, P, "jay", ENDORSEMENT_KIND).reason == "unverified"
    assert re.search(r"공감 2명 · <a href=\"#opinion-dandi\.1\"", section(result))
    assert f"- 공감 @jay jay.yml · {REASONS['unverified']}" in section(result)

    endorse_opinions(proposal, "heidi", "dandi.2")
    proposal.commit("공감 바꾸기", author=HEIDI, when=day(5))
    proposal.remove(f"{ENDORSEMENTS}/minni.yml")
    proposal.commit("공감 철회", author=MINNI, when=day(6))
    result = run(proposal)
    assert opinion_endorsement_counts(record(result, P, ENDORSEMENT_KIND)) == {"dandi.2": 1}
    assert act(result, P, "minni", ENDORSEMENT_KIND).reason == "withdrawn"
    assert f"- 공감 @minni minni.yml · {REASONS['withdrawn']}" in section(result)


# --- check ----------------------------------------------------------------------------------


def test_check_reports_mistakes_in_opinions_and_endorsements(proposal):
    opine(proposal, "heidi.1", "좋아요")
    opine(proposal, "heidi.2", "없는 의견에 답글", reply_to="heidi.1.md")
    opine(proposal, "heidi.3", "자기 자신에게 답글", reply_to="Heidi.3")
    opine(proposal, "dandi.1", "---\nreply_to: heidi.1\n---\n\n")
    proposal.write(f"{ENDORSEMENTS}/heidi.yml", "opinions:\n  - heidi.1\n  - nobody.1\n")
    proposal.write(f"{ENDORSEMENTS}/minni.yml", "opinions: []\n")
    proposal.write(f"{ENDORSEMENTS}/dandi.yml", "comment: 공감\n")
    assert checked(proposal) == [
        ("missing-field", ERROR, 1, f"{ENDORSEMENTS}/dandi.yml"),
        ("unknown-field", WARNING, 1, f"{ENDORSEMENTS}/dandi.yml"),
        ("endorsed-own-opinion", WARNING, 2, f"{ENDORSEMENTS}/heidi.yml"),
        ("endorsed-opinion-unknown", WARNING, 3, f"{ENDORSEMENTS}/heidi.yml"),
        ("empty-field", ERROR, 1, f"{ENDORSEMENTS}/minni.yml"),
        ("opinion-empty", ERROR, 4, f"{OPINIONS}/dandi.1.md"),
        ("reply-to-unknown", WARNING, 2, f"{OPINIONS}/heidi.2.md"),
        ("reply-to-self", ERROR, 2, f"{OPINIONS}/heidi.3.md"),
    ]


def test_check_messages_are_bilingual(proposal):
    opine(proposal, "heidi.1", "답글", reply_to="dandi.7")
    proposal.write(f"{OPINIONS}/heidi.md", "번호 없는 의견")
    _, diagnostics = pipeline.check(proposal.path, madang_settings())
    text = "\n".join(str(d) for d in diagnostics)
    assert f"{OPINIONS}/heidi.1.md:2: 경고[reply-to-unknown] 이 기록에 'dandi.7' 의견이 없어" in text
    assert "no opinion 'dandi.7' on this record" in text
    assert "'heidi.md': 참여 파일은 '<아이디>.yml' 이름이거나" in text and "'<아이디>.<번호>.md', 예: heidi.1.md" in text


# --- Safety ---------------------------------------------------------------------------------

HOSTILE = {
    "script": "<script>window.pwned=1</script>스크립트 뒤",
    "img-onerror": "<img src=x onerror=alert(1)>",
    "md-javascript": "[눌러 보세요](javascript:alert(1))",
    "mixed-case": '<a href="JaVaScRiPt:alert(1)">대소문자</a>',
    "tab-in-scheme": '<a href="jav&#x09;ascript:alert(1)">탭</a>',
    "entity-scheme": "[엔티티](&#106;avascript:alert(1))",
    "iframe": '<iframe src="https://evil.example"></iframe>',
    "form": '<form action="https://evil.example"><input name="pw"><button>보내기</button></form>',
    "style": "<style>body{display:none}</style><p style=\"position:fixed\">스타일</p>",
    "data-link": "[데이터](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "data-img": '<img src="data:image/svg+xml;base64,PHN2Zz4=">',
    "vbscript": '<a href="vbscript:msgbox(1)">vb</a>',
    "svg-onload": "<svg onload=alert(1)><circle r=1 /></svg>",
    "object-embed": '<object data="x.swf"></object><embed src="x.swf">',
    "md-in-html": '<div markdown="1">[md](javascript:alert(1))</div>',
    "escaped-link": "\\[escaped\\](javascript:alert(1)) and \\<b onmouseover=alert(1)\\>",
    "reference-link": "[ref][r]\n\n[r]: javascript:alert(1)",
    "autolink": "<javascript:alert(1)>",
    "blank-lines-in-html": "<p>\n\n[blank](javascript:alert(1))\n\n</p>",
    "closing-div": "</div>\n\n[after](javascript:alert(1))\n\n<div>",
}
URL_ATTRIBUTES = {"href", "src"}
SAFE_URL = re.compile(r"^(?:https?://|mailto:|#|/|\.{0,2}/|[A-Za-z0-9._~-]+(?:[/?#]|$))")


class Markup(HTMLParser):
    """Every tag and attribute of an HTML fragment, the way a browser's parser sees them."""

    def __init__(self, fragment: str):
        super().__init__(convert_charrefs=True)
        self.tags, self.attributes = [], []
        self.feed(fragment)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes += [(tag, name, value or "") for name, value in attrs]


def assert_safe(fragment: str, extra_tags=(), extra_attributes=()):
    markup = Markup(fragment)
    assert set(markup.tags) <= TAGS | set(extra_tags), markup.tags
    for tag, name, value in markup.attributes:
        checkbox = {"type", "disabled"} if tag == "input" else set()  # safe.py makes every input a disabled checkbox
        assert name in ATTRIBUTES.get(tag, set()) | {"rel"} | checkbox | set(extra_attributes), (tag, name, value)
        assert tag != "input" or name != "type" or value == "checkbox", (tag, name, value)
        if name in URL_ATTRIBUTES:
            assert SAFE_URL.match(value.strip()), (tag, name, value)
    assert "pwned" not in fragment  # a script's content goes with it
    tags_only = re.sub(r"(^|>)[^<]*", r"\1", fragment.lower())  # what people wrote as text may say anything
    for needle in ("<script", "<iframe", "<form", "<style", "<svg", "<object", "<embed", "style=", "onerror",
                   "onload", "onmouseover", "javascript:", "data:", "vbscript:"):
        assert needle not in tags_only, needle


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_safe_html_keeps_only_the_allow_list(name):
    assert_safe(safe_html(HOSTILE[name]))


def test_safe_html_keeps_what_people_write():
    written = safe_html(
        "# 제목\n\n- 하나\n- 둘\n\n1. 첫째\n\n> 인용\n\n**굵게** *기울임* `코드` [링크](https://example.org)\n"
        "줄바꿈\n\n| 가 | 나 |\n| --- | --- |\n| 1 | 2 |\n\n![그림](photo.jpg)\n",
        top_heading=4,
    )
    assert "<h4>제목</h4>" in written
    assert "<li>하나</li>" in written and "<ol>" in written and "<blockquote>" in written
    assert "<strong>굵게</strong>" in written and "<code>코드</code>" in written and "<table>" in written
    assert '<a href="https://example.org" rel="nofollow noopener ugc">링크</a>' in written
    assert "링크</a><br>" in written  # a line break typed on a phone stays one
    assert '<img alt="그림" src="photo.jpg">' in written


def test_safe_html_prefixes_ids_and_keeps_only_code_language_classes():
    written = safe_html('<h2 id="search" class="md-header">x</h2>\n\n```python\nprint(1)\n```\n')
    assert '<h2 id="user-search">x</h2>' in written
    assert '<code class="language-python">' in written and "md-header" not in written


def test_html_block_has_no_blank_line_and_keeps_code_lines():
    block = html_block(safe_html("```\n하나\n\n\n둘\n```\n\n문단\n"))
    assert not re.search(r"\n[ \t]*\n", block)
    code = re.search(r"<pre><code>(.*?)</code></pre>", block, re.S)[1]
    assert html.unescape(code) == "하나\n\n\n둘\n"


# --- The built site -------------------------------------------------------------------------

STRICT_MKDOCS = MINIMAL_MKDOCS + """\
markdown_extensions:
  - tables
  - admonition
  - attr_list
  - md_in_html
  - pymdownx.superfences
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A thread with every hostile body, put on a page and built by the real MkDocs (Markdown extensions that
    give raw HTML a second reading switched on); the built page's HTML."""
    base = tmp_path_factory.mktemp("opinions-site")
    repo = ArchiveRepo.create(base / "archive", mkdocs=STRICT_MKDOCS + "repo_url: https://github.com/o/r\n")
    repo.propose(P)
    repo.commit("제안", author=DANDI, when=day(2))
    repo.branch("heidi")
    opine(repo, "heidi.1", "# 제안에 찬성\n\n- 토요일 오전\n- 평일 오후\n\n```\n코드\n\n\n끝\n```\n")
    for n, name in enumerate(sorted(HOSTILE), start=2):
        opine(repo, f"heidi.{n}", HOSTILE[name], reply_to="heidi.1" if n % 2 else None)
    repo.commit("의견", author=HEIDI, when=day(3))
    repo.merge_pr("heidi", 7, day(3, 15))
    repo.branch("dandi")
    endorse_opinions(repo, "dandi", "heidi.1")
    repo.commit("공감", author=DANDI, when=day(4))
    repo.merge_pr("dandi", 12, day(4, 15))
    result = run(repo, repo_url="https://github.com/o/r")
    thread_markdown = section(result, repo_url="https://github.com/o/r")
    repo.write("content/opinions.md", f"# 의견 시험\n\n{thread_markdown}\n끝 문단\n")
    out = base / "site"
    done = subprocess.run(
        [sys.executable, str(BUILD_PY), "build", str(repo.path), "-d", str(out)],
        capture_output=True, text=True, env={**os.environ, "SOURCE_DATE_EPOCH": "1602288000"},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    page = (out / "opinions/index.html").read_text(encoding="utf-8")
    start = page.index('<div class="madang-opinions">')
    return page, page[start:page.index("끝 문단")]


def test_built_page_has_no_hostile_markup(site):
    page, opinions = site
    assert_safe(opinions, extra_tags={"div", "p", "blockquote"}, extra_attributes={"class", "id"})
    assert opinions.count('<div class="madang-opinion" id=') == 1 + len(HOSTILE)
    assert "javascript:" not in page.replace("(javascript:alert(1))", "")  # only as the text people wrote
    assert "[escaped](javascript:alert(1))" in opinions  # shown as text, never turned into a link


def test_built_page_keeps_headings_lists_code_and_endorsements(site):
    _, opinions = site
    assert "<h4>제안에 찬성</h4>" in opinions
    assert "<li>토요일 오전</li>" in opinions
    code = re.search(r"<pre><code>(.*?)</code></pre>", opinions, re.S)[1]
    assert html.unescape(code) == "코드\n\n\n끝\n"
    first = opinions[:opinions.index('id="opinion-heidi.2"')]
    assert '<strong>김하이디 (@heidi)</strong> · 2020.09.03 15:00 · 공감 1명' in first
    assert 'href="https://github.com/o/r/pull/7"' in first
    assert opinions.count('<blockquote class="madang-replies">') >= 1
