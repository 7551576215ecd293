"""The promises kept in public, in Chromium: the 답변 page, the 운영 기록 page and a proposal page with its
answers, at 360 px and 1280 px. No page scrolls sideways, no listed date, number or handle breaks across
lines (test_phone.SPLIT_VALUES), and axe-core finds no serious or critical violation.

Two sites: the sample (its 2020 answers, built on 2020.12.01) and an archive whose log holds every action on
long paths, with an overdue and a waiting promise, so each page has its longest content to fit.
"""

import functools
import http.server
import threading

import pytest

from conftest import DANDI, HEIDI, JAY, MINNI, ROOT, ArchiveRepo
from test_browser import AXE, DESKTOP, PHONE, QuietHandler, browser, build, new_context  # noqa: F401 (fixture)
from test_phone import SPLIT_VALUES

pytestmark = pytest.mark.slow

AFTER_ANSWERS = "1606777200"
"""SOURCE_DATE_EPOCH of 2020-12-01 08:00 KST: after the sample's last answer (2020.11.20)."""
LONG = "2020-09-a-proposal-whose-identifier-is-as-long-as-people-make-them-in-practice"
PROPOSAL = """\
---
title: 어린이와 보호자가 함께 쓰는 조용한 열람실을 주말 오전에도 열어 주세요
proposer: dandi
proposed: 2020-09-02
thresholds: {2: {label: 답변, answer_within_days: 7}}
---
본문
"""
PAGES = {
    "sample": ("proposals/answers/", "moderation/", "proposals/2020-09-infant-hours/"),
    "log": ("proposals/answers/", "moderation/", f"proposals/{LONG}/", "proposals/waiting/"),
}


def logged_archive(path) -> ArchiveRepo:
    """Two proposals past their promise (one answered late, one not at all) and a log of hide, void and erase."""
    repo = ArchiveRepo.create(path)
    for record_id in (LONG, "waiting"):
        repo.write(f"proposals/{record_id}/proposal.md", PROPOSAL)
    repo.commit("제안", author=DANDI, when="2020-09-02T10:00:00+09:00")
    repo.endorse(LONG, "heidi", "comment: 전화 010-1234-5678로 연락 주세요\n")  # erased below
    repo.endorse("waiting", "heidi")
    for record_id in (LONG, "waiting"):
        repo.write(f"proposals/{record_id}/opinions/heidi.1.md", "주말에 아이와 가고 싶어요.\n")
    repo.commit("공감", author=HEIDI, when="2020-09-03T10:00:00+09:00")
    for record_id in (LONG, "waiting"):
        repo.endorse(record_id, "minni")
    repo.commit("공감", author=MINNI, when="2020-09-04T10:00:00+09:00")
    repo.endorse(LONG, "dandi")
    repo.commit("공감", author=DANDI, when="2020-09-05T10:00:00+09:00")
    repo.write(f"proposals/{LONG}/answers/1.md", "---\nby: org:서울특별시 평생교육국 도서관정책과\ndate: 2020-09-30\n"
                                                 "state: partly\n---\n토요일 오전만 시범으로 엽니다.\n")
    log = [(f"proposals/{LONG}/opinions/heidi.1.md", "hide", "다른 사람의 이름이 적혀 있어 가렸습니다"),
           (f"proposals/{LONG}/endorsements/dandi.yml", "void", "같은 사람이 두 아이디로 공감했습니다"),
           (f"proposals/{LONG}/endorsements/heidi.yml", "erase", "개인정보보호법에 따른 삭제 요청 (2020.10.01 접수)")]
    for number, (target, action, reason) in enumerate(log, 1):
        repo.write(f"moderation/{number}.yml",
                   f"target: {target}\naction: {action}\nreason: {reason}\ndate: 2020-10-02\nby: jay\n")
    repo.commit("답변과 운영 기록", author=JAY, when="2020-10-02T10:00:00+09:00")
    return repo


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    root = tmp_path_factory.mktemp("answer-sites")
    build(ROOT, root / "sample", AFTER_ANSWERS)
    build(logged_archive(tmp_path_factory.mktemp("log") / "archive").path, root / "log", AFTER_ANSWERS)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    yield {name: f"{base}/{name}/" for name in PAGES}
    server.shutdown()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360", "1280"])
def test_answer_and_log_pages_fit_keep_values_whole_and_pass_axe(sites, browser, viewport):
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `npm ci` in tests/browser (make test does)")
    wide, broken, violations, shown = {}, {}, {}, {}
    context = new_context(browser, viewport=viewport, is_mobile=viewport is PHONE)
    page = context.new_page()
    for site, paths in PAGES.items():
        for path in paths:
            name = f"{site}/{path}"
            assert page.goto(sites[site] + path).ok, name
            shown[name] = page.locator("article").inner_text()
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > viewport["width"]:
                wide[name] = width
            if found := page.evaluate(SPLIT_VALUES):
                broken[name] = found
            page.add_script_tag(path=str(AXE))
            result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
            serious = [f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in result["violations"]
                       if v["impact"] in ("serious", "critical")]
            if serious:
                violations[name] = serious
    context.close()
    assert wide == {} and broken == {} and violations == {}
    # the pages held what was measured: the sample's 2020 answers, and every action of the log
    assert "기한 안에" in shown["sample/proposals/2020-09-infant-hours/"]
    assert "서울도서관" in shown["sample/proposals/answers/"]
    assert "기한 지남 19일" in shown[f"log/proposals/{LONG}/"]  # due 2020.09.11, answered 2020.09.30
    assert "기한 지남" in shown["log/proposals/answers/"] and "아직 답변 없음" in shown["log/proposals/answers/"]
    log = shown["log/moderation/"]
    assert all(words in log for words in ("가림", "무효", "삭제", "개인정보보호법에 따른 삭제 요청"))
    assert "010-1234-5678" not in "".join(shown.values())
