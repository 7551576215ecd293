"""Official answers (proposals/<id>/answers/<n>.md) on real git histories.

A threshold `{2: {label: 답변, answer_within_days: 7}}` promises an answer within
seven days of the day the second counted endorsement landed; each answer says
기한 안에 or 기한 지남 N일 against that day, the 답변 page sorts the proposals into
overdue, waiting and answered, and the open data and the feed carry the answers.
Who may write one is the pull request check's.
"""

import json
import xml.etree.ElementTree as ET

import pytest

from madang import pipeline
from madang.book_sections import book_body
from madang.load import load
from madang.validate import validate
from conftest import DANDI, HEIDI, JAY, MEMBERS, MINNI, ArchiveRepo, madang_settings, run
from test_review import check_pr

pytestmark = pytest.mark.usefixtures("fixed_today")  # the build day: 2020-10-10 KST

PROPOSAL = """\
---
title: 유아들만 이용할 수 있는 작은도서관
proposer: dandi
proposed: 2020-09-02
thresholds: {{2: {{label: 답변, answer_within_days: 7}}, 3: 공론화}}
{life}---
본문
"""
ANSWER = """\
---
by: {by}
date: {date}
state: {state}
---
{body}
"""
MEMBERS_WITH_ANSWERER = MEMBERS.replace(
    "[minni@example.org]\n  roles: [citizen]", "[minni@example.org]\n  roles: [citizen, answerer]")
"""The test archive's members, minni also an answerer."""


def answer(repo, proposal, number, *, by="org:도서관정책과", date="2020-09-10", state="accepted", body="받아들입니다."):
    repo.write(f"proposals/{proposal}/answers/{number}.md", ANSWER.format(by=by, date=date, state=state, body=body))


@pytest.fixture
def repo(tmp_path) -> ArchiveRepo:
    """Two proposals reach 2 endorsements on 2020-09-04 (due 2020-09-11); a third never does."""
    repo = ArchiveRepo.create(tmp_path / "archive", members=MEMBERS_WITH_ANSWERER)
    for record_id in ("on-time", "late", "waiting-long"):
        repo.write(f"proposals/{record_id}/proposal.md", PROPOSAL.format(life=""))
    repo.write("proposals/quiet/proposal.md", PROPOSAL.format(life=""))
    repo.commit("제안", author=DANDI, when="2020-09-02T10:00:00+09:00")
    for record_id in ("on-time", "late", "waiting-long", "quiet"):
        repo.endorse(record_id, "heidi")
    repo.commit("공감", author=HEIDI, when="2020-09-03T10:00:00+09:00")
    for record_id in ("on-time", "late", "waiting-long"):
        repo.endorse(record_id, "minni")
    repo.commit("공감", author=MINNI, when="2020-09-04T23:30:00+09:00")  # the day in Seoul, not in UTC
    return repo


def site(repo):
    return {f.path: f.content for f in run(repo).files}


def test_an_answer_before_its_deadline_is_on_time_and_after_it_overdue_by_the_days(repo):
    answer(repo, "on-time", 1, date="2020-09-11", state="reviewing", body="검토하고 있습니다.")
    answer(repo, "on-time", 2, date="2020-09-20", body="수용합니다.")
    answer(repo, "late", 1, date="2020-09-14", state="declined", body="<script>x</script>예산이 없습니다.")
    repo.commit("답변", author=JAY, when="2020-09-21T10:00:00+09:00")
    files = site(repo)
    on_time = files["proposals/on-time.md"]
    assert "공감 2명에 2020.09.04 도달 · 7일 안에 답변 약속 (기한 2020.09.11)" in on_time
    assert ('<p class="madang-answer" id="answer-1">답변 1 · <strong>검토 중</strong> · 도서관정책과 · 2020.09.11 '
            "· 기한 안에</p>") in on_time
    assert "답변 2 · <strong>수용</strong> · 도서관정책과 · 2020.09.20 · 후속 답변</p>" in on_time
    late = files["proposals/late.md"]
    assert "<strong>불수용</strong> · 도서관정책과 · 2020.09.14 · 기한 지남 3일" in late
    assert "<script>" not in late and "예산이 없습니다." in late
    waiting = files["proposals/waiting-long.md"]
    assert "**기한 지남 29일**, 아직 답변 없음" in waiting  # 2020-10-10 is 29 days past 2020-09-11
    assert "## 답변" not in files["proposals/quiet.md"]  # one endorsement: no promise yet

    page = files["proposals/answers.md"]
    overdue, rest = page.split("## 답변 기다림", 1)
    waiting_part, answered = rest.split("## 답변함", 1)
    assert "waiting-long.md" in overdue and "on-time.md" not in overdue
    assert "(0건)" in waiting_part
    assert "[검토 중 · 도서관정책과 · 2020.09.11 · 기한 안에](on-time.md#answer-1)" in answered
    assert "[불수용 · 도서관정책과 · 2020.09.14 · 기한 지남 3일](late.md#answer-1)" in answered

    data = json.loads(files["data/answers.json"])
    assert [(row["proposal"], row["number"], row["org"], row["due"], row["days_late"]) for row in data] == [
        ("late", 1, "도서관정책과", "2020-09-11", 3),
        ("on-time", 1, "도서관정책과", "2020-09-11", 0),
        ("on-time", 2, "도서관정책과", "2020-09-11", None),
    ]
    feed = ET.fromstring(files["proposals/answers.xml"])
    titles = [e.findtext("{http://www.w3.org/2005/Atom}title") for e in feed.iter("{http://www.w3.org/2005/Atom}entry")]
    assert titles[0] == "답변: 유아들만 이용할 수 있는 작은도서관 — 수용" and len(titles) == 3
    assert "예산이 없습니다." in files["proposals/answers.xml"]
    assert not any("<script" in part for part in feed.itertext())


def test_an_answer_given_while_the_promise_is_not_yet_due_waits_and_then_is_answered(repo, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1599696000")  # 2020-09-10 KST: before the due day
    page = site(repo)["proposals/answers.md"]
    assert page.count("(3건)") == 1 and "## 답변 기다림 (3건)" in page
    assert "답변 기다림 (D-1)" in page


def checked(repo):
    """The records and diagnostics `check` sees."""
    return validate(load(repo.path))


def test_the_short_form_still_works_and_a_bad_days_value_is_reported(archive):
    archive.write("proposals/x/proposal.md", PROPOSAL.format(life=""))
    archive.write("proposals/y/proposal.md", PROPOSAL.format(life="").replace("answer_within_days: 7", "answer_within_days: 0"))
    records, diagnostics = checked(archive)
    assert [(d.path, d.line, d.slug) for d in diagnostics] == [("proposals/y/proposal.md", 5, "bad-answer-days")]
    assert [(t.at, t.label, t.answer_within_days) for t in records.proposals["x"].thresholds] == [
        (2, "답변", 7), (3, "공론화", None)]
    assert [t.at for t in records.proposals["y"].thresholds] == [3]


def test_life_names_an_answer_and_bad_answers_are_reported(repo):
    life = "life:\n  - {stage: candidate, date: 2020-09-12, answer: 1}\n"
    repo.write("proposals/on-time/proposal.md", PROPOSAL.format(life=life))
    answer(repo, "on-time", 1)
    repo.commit("답변", author=JAY, when="2020-09-12T10:00:00+09:00")
    files = site(repo)
    assert "- 의제 후보 · 2020.09.12 · [답변 1](#answer-1)" in files["proposals/on-time.md"]
    proposals = json.loads(files["data/proposals.json"])
    assert next(p for p in proposals if p["id"] == "on-time")["life"][0]["answer"] == 1
    repo.write("proposals/late/proposal.md", PROPOSAL.format(life=life))
    answer(repo, "on-time", "x")
    answer(repo, "quiet", 1, by="도서관 정책과", date="2020-09-01", state="maybe")
    found = sorted((d.path, d.slug) for d in checked(repo)[1])
    assert found == [
        ("proposals/late/proposal.md", "link-missing"), ("proposals/on-time/answers/x.md", "bad-answer-name"),
        ("proposals/quiet/answers/1.md", "answer-before-proposal"), ("proposals/quiet/answers/1.md", "bad-answer-by"),
        ("proposals/quiet/answers/1.md", "bad-value"),
    ]


@pytest.mark.parametrize(("author", "by", "refused"), [
    ("heidi", "heidi", "pr-answerers-only"),  # a citizen without the answerer role
    ("minni", "org:도서관정책과", "pr-answer-by"),  # an answerer, in a department's name
    ("minni", "jay", "pr-answer-by"),  # an answerer, in someone else's name
    ("minni", "minni", None),
    ("jay", "org:도서관정책과", None),  # a maintainer enters a department's answer
])
def test_only_answerers_and_maintainers_answer_and_only_maintainers_in_a_departments_name(repo, author, by, refused):
    repo.branch("pr")
    answer(repo, "on-time", 1, by=by)
    repo.commit("답변", author={"heidi": HEIDI, "minni": MINNI, "jay": JAY}[author], when="2020-09-10T10:00:00+09:00")
    status, found, output = check_pr(repo, author)
    if refused is None:
        assert (status, found) == (0, []), output
    else:
        assert status == 1 and found == [f"proposals/on-time/answers/1.md: {refused}"], output


def test_the_books_answers_chapter_says_in_time_or_late_and_never_shows_a_hidden_or_erased_answer(repo):
    answer(repo, "on-time", 1, date="2020-09-11", state="reviewing", body="검토하고 있습니다.")
    answer(repo, "on-time", 2, date="2020-09-20", body="전화 010-1234-5678로 알려 주셨습니다.")
    answer(repo, "late", 1, date="2020-09-14", state="declined", body="담당자 홍길동의 휴대전화 010-9999-0000.")
    repo.commit("답변", author=JAY, when="2020-09-21T10:00:00+09:00")
    repo.write("moderation/1.yml", "target: proposals/on-time/answers/2.md\naction: hide\nreason: 전화번호\n"
                                   "date: 2020-09-22\nby: jay\n")
    repo.write("moderation/2.yml", "target: proposals/late/answers/1.md\naction: erase\nreason: 개인정보 삭제 요청\n"
                                   "date: 2020-09-22\nby: jay\n")
    repo.commit("가림과 삭제", author=JAY, when="2020-09-22T10:00:00+09:00")
    archive, _, history, counts, _, counted = pipeline.scored(repo.path, madang_settings())
    book = book_body(archive, counts, history, madang_settings(), counted, None, repo.path)
    chapter = book.split('<h1 id="answers">답변</h1>', 1)[1].split("</section>", 1)[0]
    assert '<a href="#answers">답변</a>' in book  # in the contents
    assert ("답변 1 · <strong>검토 중</strong> · 도서관정책과 · 2020.09.11 · 기한 안에" in chapter
            and "검토하고 있습니다." in chapter)
    assert "답변 2 · <strong>수용</strong> · 도서관정책과 · 2020.09.20 · 후속 답변" in chapter
    assert "답변 1 · <strong>불수용</strong> · 도서관정책과 · 2020.09.14 · 기한 지남 3일" in chapter
    assert "공감 2명에 2020.09.04 도달 · 7일 안에 답변 약속 (기한 2020.09.11)" in chapter
    assert "운영진이 가렸습니다: 전화번호" in chapter
    for secret in ("010-1234-5678", "010-9999-0000", "홍길동"):
        assert secret not in book
    assert 'id="a-quiet"' not in chapter and 'id="a-waiting-long"' not in chapter  # no answer, no entry
