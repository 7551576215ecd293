"""The 소식 (news) board with its Atom feed, and the 실험장 (experiments) board.

Archives are real git repositories (conftest.ArchiveRepo) run through the whole
pipeline; the pages are asserted as generated Markdown, the feed is parsed
back with xml.etree, and one real MkDocs build checks the HTML.
"""

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest

from madang import pipeline
from madang.render.experiments import experiments_of
from conftest import BUILD_PY, HEIDI, JAY, MINIMAL_MKDOCS, ArchiveRepo, madang_settings, run

pytestmark = pytest.mark.usefixtures("fixed_today")

ATOM = "{http://www.w3.org/2005/Atom}"
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
PROPOSAL = "2020-09-infant-hours"
EXPERIMENT = "2020-10-infant-hours"
WHEN = "2020-10-01T10:00:00+09:00"


def post(repo, post_id, title, date, *, author="jay", body="본문입니다.\n", extra=""):
    repo.write(f"content/news/{post_id}.md",
               f"---\ntitle: '{title}'\ndate: {date}\nauthor: {author}\n{extra}---\n{body}")


EXPERIMENT_FRONT = f"""\
title: 유아 전용 이용 시간 실험
proposals: [{PROPOSAL}]
status: running
phase: action
budget: 1500000
team:
  - {{handle: dandi, role: 제안자·운영}}
  - {{handle: heidi, role: 홍보}}
steps:
  - {{step: forum, state: done, date: 2020-10-20}}
  - {{step: plan, state: done, date: 2020-10-06}}
  - {{step: content, state: doing}}
card_news: [card-1.png]
videos: ["https://www.youtube.com/watch?v=abc(1)"]
"""
PHASES = [{"id": "action", "title": "3단계 실행·실험장", "start": "2020-10-03", "end": "2020-11-30"}]


def experiment(repo, experiment_id=EXPERIMENT, front=EXPERIMENT_FRONT, body="## 계획\n\n![사진](photo.png)\n"):
    repo.write(f"content/experiments/{experiment_id}/index.md", f"---\n{front}---\n{body}")


def pages(result) -> dict[str, str]:
    return {generated.path: generated.content for generated in result.files}


def feed(result) -> ET.Element:
    root = ET.fromstring(pages(result)["news/atom.xml"])
    assert root.tag == f"{ATOM}feed"
    return root


def entries(root) -> list[dict]:
    return [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "id": entry.findtext(f"{ATOM}id"),
            "updated": entry.findtext(f"{ATOM}updated"),
            "link": entry.find(f"{ATOM}link").get("href"),
            "author": entry.findtext(f"{ATOM}author/{ATOM}name"),
            "tags": [c.get("term") for c in entry.findall(f"{ATOM}category")],
            "content": entry.find(f"{ATOM}content"),
        }
        for entry in root.findall(f"{ATOM}entry")
    ]


@pytest.fixture
def news(archive) -> ArchiveRepo:
    """Three posts committed in an order that is not their dates' order."""
    post(archive, "2020-09-15-second-meeting", "2차 모임 안내", "2020-09-15", author="heidi", extra="tags: [모임]\n")
    post(archive, "2020-09-01-welcome", "환영합니다! 첫인사를 나누어 보아요", "2020-09-01", extra="tags: [공지, 환영]\n")
    post(archive, "2020-09-25-forum", "열린토론회 결과", "2020-09-25", author="outsider")
    archive.commit("소식", author=JAY, when=WHEN)
    return archive


# --- News ---------------------------------------------------------------------------------


def test_news_listing_is_newest_first_with_date_and_author(news):
    listing = pages(run(news))["news/index.md"]
    order = [listing.index(f"({post_id}.md)") for post_id in
             ("2020-09-25-forum", "2020-09-15-second-meeting", "2020-09-01-welcome")]
    assert order == sorted(order)
    assert "2020.09.15 · 김하이디 (@heidi) · #모임" in listing
    assert "2020.09.25 · @outsider" in listing
    assert "[RSS/Atom 구독](atom.xml)" in listing


def test_news_listing_is_paginated_past_fifty_posts(archive):
    for number in range(1, 52):
        post(archive, f"post-{number:02}", f"소식 {number}", (date(2020, 9, 1) + timedelta(days=number)).isoformat())
    archive.commit("소식 51건", author=JAY, when=WHEN)
    generated = pages(run(archive))
    first, second = generated["news/index.md"], generated["news/index-2.md"]
    assert first.count("- **[") == 50 and second.count("- **[") == 1
    assert "[다음 ›](index-2.md)" in first and "# 소식 (2쪽)" in second
    assert "소식 51건" in first
    assert first.index("(post-51.md)") < first.index("(post-50.md)") and "(post-01.md)" in second


def test_post_page_replaces_the_file_with_title_byline_and_body(news):
    page = pages(run(news))["news/2020-09-01-welcome.md"]
    assert page.startswith('---\ntitle: "환영합니다! 첫인사를 나누어 보아요"\n---\n\n# 환영합니다\\! 첫인사를 나누어 보아요\n')
    assert "2020.09.01 · Jay (@jay) · #공지 · #환영" in page
    assert '<div class="madang-body">\n<p>본문입니다.</p>\n</div>' in page
    assert "[← 소식 목록](index.md)" in page


def test_post_body_is_sanitized_and_its_links_point_at_the_site(archive):
    body = (
        "<script>alert('x')</script>\n\n"
        "[나쁜 링크](javascript:alert(1)) <img src=x onerror=alert(2)>\n\n"
        "[다른 소식](2020-09-15-other.md) · [제안](../proposals/index.md#open) · "
        "[밖](https://example.org/a) · [여기](#top)\n\n![사진](photo.jpg)\n"
    )
    post(archive, "2020-09-01-welcome", "환영", "2020-09-01", body=body)
    archive.commit("소식", author=JAY, when=WHEN)
    page = pages(run(archive))["news/2020-09-01-welcome.md"]
    assert "<script" not in page and "alert" not in page and "onerror" not in page
    assert 'href="../2020-09-15-other/"' in page  # served at news/<id>/, one folder below the file
    assert 'href="../../proposals/#open"' in page
    assert 'href="https://example.org/a"' in page and 'href="#top"' in page
    assert 'src="../photo.jpg"' in page


def test_atom_feed_lists_every_post_newest_first(news):
    root = feed(run(news))
    assert root.findtext(f"{ATOM}title") == "마당 시험 소식"
    assert root.findtext(f"{ATOM}updated") == "2020-09-25T00:00:00+09:00"
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == "atom.xml"
    found = entries(root)
    assert [e["title"] for e in found] == ["열린토론회 결과", "2차 모임 안내", "환영합니다! 첫인사를 나누어 보아요"]
    welcome = found[2]
    assert welcome["updated"] == "2020-09-01T00:00:00+09:00"
    assert welcome["link"] == "2020-09-01-welcome/"
    assert (welcome["author"], found[0]["author"]) == ("Jay", "outsider")
    assert welcome["tags"] == ["공지", "환영"]
    assert welcome["content"].get("type") == "html"
    assert welcome["content"].get(XML_BASE) == "2020-09-01-welcome/"
    assert welcome["content"].text == "<p>본문입니다.</p>"


def test_atom_ids_are_stable_across_builds_and_never_use_the_clock(news, monkeypatch):
    first = pages(run(news))["news/atom.xml"]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # another build day
    second = pages(run(news))["news/atom.xml"]
    assert first == second
    ids = [e["id"] for e in entries(ET.fromstring(first))]
    assert len(set(ids)) == 3 and all(i.startswith("urn:uuid:") for i in ids)
    with_repo = entries(feed(run(news, repo_url="https://github.com/o/r")))
    assert with_repo[2]["id"] == "tag:github.com,2020-09-01:o/r/news/2020-09-01-welcome"


def test_atom_feed_escapes_markup_and_drops_characters_xml_cannot_hold(archive):
    post(archive, "2020-09-01-tricky", "<b>A & B</b> ]]> 끝", "2020-09-01",
         extra="tags: ['\"따옴표\" & <태그>']\n", body="<b onclick=x>굵게</b> & \x0b끝\n")
    archive.commit("소식", author=JAY, when=WHEN)
    entry = entries(feed(run(archive)))[0]
    assert entry["title"] == "<b>A & B</b> ]]> 끝"
    assert entry["tags"] == ['"따옴표" & <태그>']
    assert entry["content"].text == "<p>굵게 &amp; 끝</p>"


def test_no_posts_means_a_note_and_no_feed(archive):
    generated = pages(run(archive))
    assert "아직 소식이 없습니다" in generated["news/index.md"]
    assert "news/atom.xml" not in generated


# --- Experiments --------------------------------------------------------------------------


@pytest.fixture
def pilot(archive) -> ArchiveRepo:
    archive.propose(PROPOSAL, title="유아들만 이용할 수 있는 작은도서관")
    archive.propose("2020-09-reservation", title="사전 예약")
    experiment(archive)
    experiment(archive, "2020-11-done", front=f"title: 끝난 실험\nproposals: {PROPOSAL}\nstatus: done\n")
    archive.commit("실험장", author=JAY, when=WHEN)
    return archive


def test_experiment_is_read_with_its_steps_in_the_decks_order(pilot):
    record = run(pilot, phases=PHASES).archive.experiments[EXPERIMENT]
    assert [(s.step, s.state, str(s.date)) for s in record.steps] == [
        ("plan", "done", "2020-10-06"), ("forum", "done", "2020-10-20"), ("content", "doing", "None")]
    assert record.team == (("dandi", "제안자·운영"), ("heidi", "홍보"))
    assert (record.budget, record.status, record.proposals) == (1500000, "running", (PROPOSAL,))


def test_experiment_page_shows_status_budget_steps_team_and_proposals(pilot):
    page = pages(run(pilot, phases=PHASES))[f"experiments/{EXPERIMENT}/index.md"]
    assert "상태 **진행중** · 예산 1,500,000원 · 3단계 실행·실험장" in page
    assert f"- [유아들만 이용할 수 있는 작은도서관](../../proposals/{PROPOSAL}.md)" in page
    assert ("1. 기획 — ✅ 완료 · 2020.10.06\n2. 공론장 개최 — ✅ 완료 · 2020.10.20\n"
            "3. 결과 콘텐츠 제작 — ▶️ 진행중\n4. 결과 게시·의견 수렴 — ⬜ 예정\n") in page
    assert "- 단디 (@dandi) — 제안자·운영\n- 김하이디 (@heidi) — 홍보\n" in page
    assert "## 계획과 결과\n\n<div class=\"madang-body\">\n<h3>계획</h3>" in page  # the body's ## sits below it
    assert '<img alt="사진" src="photo.png">' in page
    assert "- [카드뉴스 1 · card-1.png](card-1.png)" in page
    assert "- [영상 1 · www.youtube.com](https://www.youtube.com/watch?v=abc%281%29)" in page


def test_experiment_listing_groups_by_status_with_proposals_and_opinions(pilot):
    pilot.write(f"content/experiments/{EXPERIMENT}/opinions/heidi.1.md", "좋은 실험이에요.\n")
    pilot.commit("의견", author=HEIDI, when=WHEN)
    listing = pages(run(pilot))["experiments/index.md"]
    running, done = listing.index("## 진행중"), listing.index("## 완료")
    assert running < listing.index(f"({EXPERIMENT}/index.md)") < done < listing.index("(2020-11-done/index.md)")
    assert f"제안: [유아들만 이용할 수 있는 작은도서관](../proposals/{PROPOSAL}.md) · 의견 1건" in listing
    assert "실험장 2곳" in listing


def test_proposal_page_lines_link_back_to_its_experiments(pilot):
    archive = run(pilot).archive
    assert experiments_of(PROPOSAL, archive) == [
        "## 실험장", "", "이 제안에서 나온 실험장:", "",
        f"- [유아 전용 이용 시간 실험](../experiments/{EXPERIMENT}/index.md) — 진행중",
        "- [끝난 실험](../experiments/2020-11-done/index.md) — 완료", "",
    ]
    assert experiments_of("2020-09-reservation", archive) == []


def test_unknown_proposal_and_unsafe_links_are_diagnostics_that_stop_the_build(pilot):
    front = EXPERIMENT_FRONT.replace(f"[{PROPOSAL}]", f"[{PROPOSAL}, 2020-09-nothing]")
    front = front.replace("videos: [", 'videos: ["javascript:alert(1)", ')
    experiment(pilot, front=front)
    _, diagnostics = pipeline.check(pilot.path, madang_settings())
    path = f"content/experiments/{EXPERIMENT}/index.md"
    assert [(d.slug, d.path, d.line) for d in diagnostics] == [
        ("experiment-proposal-unknown", path, 3), ("bad-media-link", path, 15)]
    assert "2020-09-nothing" in str(diagnostics[0])
    with pytest.raises(pipeline.ArchiveError):
        run(pilot)


# --- The real MkDocs build ----------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    base = tmp_path_factory.mktemp("news-site")
    repo = ArchiveRepo.create(base / "archive", mkdocs=MINIMAL_MKDOCS)
    repo.propose(PROPOSAL, title="유아들만 이용할 수 있는 작은도서관")
    post(repo, "2020-09-01-welcome", "환영합니다!", "2020-09-01", body="반가워요 <script>alert(1)</script>\n")
    post(repo, "2020-09-15-second-meeting", "2차 모임 안내", "2020-09-15")
    experiment(repo)
    repo.write(f"content/experiments/{EXPERIMENT}/photo.png", "PNG")
    repo.commit("소식과 실험장", author=JAY, when=WHEN)
    out = base / "out"
    done = subprocess.run(
        [sys.executable, str(BUILD_PY), "build", str(repo.path), "-d", str(out)],
        cwd=base, capture_output=True, text=True, env={**os.environ, "SOURCE_DATE_EPOCH": "1602288000"},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return out


def test_built_news_index_links_posts_and_the_feed(site):
    page = (site / "news/index.html").read_text(encoding="utf-8")
    assert page.index('href="2020-09-15-second-meeting/"') < page.index('href="2020-09-01-welcome/"')
    assert '<a href="atom.xml">RSS/Atom 구독</a>' in page
    root = ET.parse(site / "news/atom.xml").getroot()
    assert [e.findtext(f"{ATOM}title") for e in root.findall(f"{ATOM}entry")] == ["2차 모임 안내", "환영합니다!"]
    welcome = (site / "news/2020-09-01-welcome/index.html").read_text(encoding="utf-8")
    assert "<p>반가워요 </p>" in welcome and "alert(1)" not in welcome


def test_built_experiment_page(site):
    page = (site / f"experiments/{EXPERIMENT}/index.html").read_text(encoding="utf-8")
    assert "<title>유아 전용 이용 시간 실험" in page
    assert "예산 1,500,000원" in page
    assert f'<a href="../../proposals/{PROPOSAL}/">유아들만 이용할 수 있는 작은도서관</a>' in page
    assert "<li>결과 게시·의견 수렴 — ⬜ 예정</li>" in page
    assert (site / f"experiments/{EXPERIMENT}/photo.png").read_text() == "PNG"
    listing = (site / "experiments/index.html").read_text(encoding="utf-8")
    assert f'href="{EXPERIMENT}/"' in listing
