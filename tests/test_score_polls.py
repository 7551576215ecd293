"""Score polls (`type: score`, the deck's 팀원 평가): ballots score every candidate on every criterion.

Each rule is proved on a real git history: exact means per candidate and
criterion from the counted ballots only, the voters' role, ballots as they
stood at the close, incomplete ballots refused; then the page and
data/polls.json of a site built through the real command line.
"""

import html
import json
import os
import re
import shutil
import subprocess
import sys
from fractions import Fraction

import pytest

from madang import pipeline
from madang.constants import REASONS, SCORE_CRITERIA
from madang.diagnostics import WARNING
from madang.render.pages import POLL_DATA_KEYS, keys_table
from madang.render.scores import rounded, score_text
from madang.tally import CandidateScore, CriterionScore, ScoreTally, score_tally
from conftest import BUILD_PY, DANDI, HEIDI, JAY, MALLORY, MINIMAL_MKDOCS, MINNI, ArchiveRepo, act, madang_settings, record, run

pytestmark = pytest.mark.usefixtures("fixed_today")

Q = "team-review"
OPENED = "2020-09-25T12:00:00+09:00"
BEFORE = "2020-09-27T10:00:00+09:00"
AFTER = "2020-09-29T10:00:00+09:00"  # after the 2020-09-28 close
SOURCE_DATE_EPOCH = "1602288000"  # 2020-10-10 09:00 KST

MEMBERS = """\
jay:
  name: Jay
  emails: [jay@example.org]
  roles: [maintainer]
  public: [name, roles]
heidi:
  name: 김하이디
  emails: [heidi@example.org]
  roles: [citizen, agenda]
  public: [name, roles]
dandi:
  name: 단디
  emails: [dandi@example.org]
  roles: [citizen, agenda]
  public: [name, roles]
minni:
  name: 민니
  emails: [minni@example.org]
  roles: [citizen]
  public: [name, roles]
"""

POLL = """\
question: 실험장 선정 팀원 평가
author: jay
opened: 2020-09-25
closes: 2020-09-28
type: score
voters_role: agenda
criteria:
  - {id: impact, label: 일상 영향}
  - {id: feasibility, label: 실현 가능성}
options:
  - {id: infant, label: 유아 전용 시간, proposal: infant-hours}
  - {id: booking, label: 사전 예약}
"""

PROPOSAL = "---\ntitle: 유아들만 이용할 수 있는 작은도서관\nproposer: dandi\nproposed: 2020-09-02\n---\n본문\n"


def score(repo, handle, infant=(5, 4), booking=(2, 3), extra=""):
    """A complete ballot: (impact, feasibility) for each candidate."""
    repo.write(
        f"polls/{Q}/ballots/{handle}.yml",
        f"scores:\n  infant: {{impact: {infant[0]}, feasibility: {infant[1]}}}\n"
        f"  booking: {{impact: {booking[0]}, feasibility: {booking[1]}}}\n{extra}",
    )


@pytest.fixture
def poll(tmp_path) -> ArchiveRepo:
    repo = ArchiveRepo.create(tmp_path / "archive", members=MEMBERS)
    repo.write("proposals/infant-hours/proposal.md", PROPOSAL)
    repo.write(f"polls/{Q}/poll.yml", POLL)
    repo.commit("팀원 평가 열기", author=JAY, when=OPENED)
    return repo


def tally_of(result):
    return score_tally(result.archive.polls[Q], record(result, Q, kind="poll"))


def means(result) -> dict:
    """{candidate: (total mean, {criterion: mean})}, exact."""
    return {c.option: (c.total, {s.criterion: s.mean for s in c.criteria}) for c in tally_of(result).candidates}


def checked(repo) -> list[tuple[str, int, str]]:
    _, diagnostics = pipeline.check(repo.path, madang_settings())
    return [(d.slug, d.line, d.path) for d in diagnostics]


# --- Counting --------------------------------------------------------------------------------


def test_counted_ballots_give_exact_means_per_criterion_and_candidate(poll):
    score(poll, "heidi", infant=(5, 4), booking=(2, 3))
    poll.commit("채점", author=HEIDI, when=BEFORE)
    score(poll, "dandi", infant=(4, 4), booking=(3, 3))
    poll.commit("채점", author=DANDI, when=BEFORE)
    result = run(poll)
    assert tally_of(result).participants == 2
    assert means(result) == {
        "infant": (Fraction(17, 4), {"impact": Fraction(9, 2), "feasibility": Fraction(4)}),
        "booking": (Fraction(11, 4), {"impact": Fraction(5, 2), "feasibility": Fraction(3)}),
    }
    infant = tally_of(result).of("infant")
    assert (infant.ballots, [(s.sum, s.n) for s in infant.criteria]) == (2, [(9, 2), (8, 2)])
    assert [(rank, c.option) for rank, c in tally_of(result).ranked()] == [(1, "infant"), (2, "booking")]


def test_only_members_with_the_voters_role_count(poll):
    score(poll, "heidi")
    poll.commit("채점", author=HEIDI, when=BEFORE)
    score(poll, "minni", infant=(1, 1), booking=(5, 5))
    poll.commit("채점", author=MINNI, when=BEFORE)
    result = run(poll)
    minni = act(result, Q, "minni", kind="poll")
    assert (minni.counted, minni.reason, minni.level) == (False, "not-eligible", "verified")
    assert tally_of(result).participants == 1
    assert means(result)["booking"][0] == Fraction(5, 2)


def test_ballot_changed_after_the_close_counts_as_it_stood(poll):
    score(poll, "heidi", infant=(5, 5), booking=(1, 1))
    poll.commit("채점", author=HEIDI, when=BEFORE)
    score(poll, "heidi", infant=(1, 1), booking=(5, 5))
    poll.commit("마감 뒤에 고침", author=HEIDI, when=AFTER)
    score(poll, "dandi")
    poll.commit("늦은 채점", author=DANDI, when=AFTER)
    result = run(poll)
    assert act(result, Q, "dandi", kind="poll").reason == "late"
    assert means(result)["infant"][0] == 5 and means(result)["booking"][0] == 1
    page = next(f.content for f in result.files if f.path == f"polls/{Q}.md")
    assert "마감 때: 유아 전용 시간 5·5, 사전 예약 1·1" in page


def test_incomplete_ballot_is_an_error_and_is_not_counted(poll):
    poll.write(f"polls/{Q}/ballots/heidi.yml", "scores:\n  infant: {impact: 5}\n  booking: {impact: 2, feasibility: 3}\n")
    poll.commit("채점", author=HEIDI, when=BEFORE)
    assert checked(poll) == [("score-missing", 2, f"polls/{Q}/ballots/heidi.yml")]
    poll.remove(f"polls/{Q}/ballots/heidi.yml")  # a build refuses errors in the files; git still holds the ballot
    heidi = act(run(poll), Q, "heidi", kind="poll")
    assert (heidi.counted, heidi.reason) == (False, "bad-content")


def test_ballot_mistakes_each_get_a_located_message(poll):
    ballots = {
        "heidi": "choices: [infant]\n",
        "dandi": "scores:\n  infant: {impact: 0, feasibility: 4.5}\n  booking: {impact: 다섯, feasibilty: 3}\n",
        "minni": "scores:\n  infant: {impact: 5, feasibility: 4}\n  unknown: {impact: 1, feasibility: 1}\n",
        "jay": "scores: 5\nother: 좋아요\n",
    }
    for handle, text in ballots.items():
        poll.write(f"polls/{Q}/ballots/{handle}.yml", text)
    path = f"polls/{Q}/ballots/{{}}.yml".format
    assert checked(poll) == [
        ("bad-score", 2, path("dandi")),
        ("bad-score", 2, path("dandi")),
        ("bad-score", 3, path("dandi")),
        ("score-missing", 3, path("dandi")),
        ("unknown-criterion", 3, path("dandi")),
        ("choices-in-score-poll", 1, path("heidi")),
        ("missing-field", 1, path("heidi")),
        ("not-a-mapping", 1, path("jay")),
        ("other-not-allowed", 2, path("jay")),
        ("score-missing", 1, path("minni")),
        ("unknown-option", 3, path("minni")),
    ]


def test_choice_poll_refuses_scores(poll):
    poll.open_poll("name", options=(("a", "가"), ("b", "나")))
    poll.write("polls/name/ballots/heidi.yml", "scores: {a: {impact: 5}}\n")
    assert checked(poll) == [("scores-in-choice-poll", 1, "polls/name/ballots/heidi.yml")]


def test_rules_that_make_no_sense_for_the_poll_type_are_warnings(poll):
    poll.write(f"polls/{Q}/poll.yml", POLL.replace("type: score\n", "type: score\nmultiple: true\nmax_choices: 2\nother: true\n")
               + "offline_results:\n  - {source: 현장, counts: {infant: 3}}\n")
    poll.open_poll("name", options=(("a", "가"),), extra="criteria:\n  - {id: x, label: 엑스}\nvoters_role: experiment\n")
    found = checked(poll)
    assert found == [
        ("score-only-field", 6, "polls/name/poll.yml"),
        ("no-voters", 8, "polls/name/poll.yml"),
        ("choice-only-field", 6, f"polls/{Q}/poll.yml"),
        ("choice-only-field", 7, f"polls/{Q}/poll.yml"),
        ("choice-only-field", 8, f"polls/{Q}/poll.yml"),
        ("choice-only-field", 16, f"polls/{Q}/poll.yml"),
    ]
    assert {d.severity for d in pipeline.check(poll.path, madang_settings())[1]} == {WARNING}


def test_omitted_criteria_are_the_decks_selection_criteria(poll):
    poll.write(f"polls/{Q}/poll.yml", re.sub(r"criteria:\n(  - .*\n)+", "", POLL))
    result = run(poll)
    criteria = result.archive.polls[Q].criteria
    assert [(c.id, c.label) for c in criteria] == list(SCORE_CRITERIA.items())
    assert [c.label for c in criteria] == ["일상 영향", "중요성", "시민 토론 적합성", "대안 가능성", "실현 가능성"]


def test_option_naming_a_missing_proposal_is_an_error(poll):
    shutil.rmtree(poll.path / "proposals")
    assert checked(poll) == [("link-missing", 11, f"polls/{Q}/poll.yml")]


# --- Ranking and rounding (pure) ---------------------------------------------------------------


def candidate(option, *sums_and_counts):
    return CandidateScore(option, sums_and_counts[0][1], tuple(CriterionScore(f"c{i}", s, n) for i, (s, n) in enumerate(sums_and_counts)))


def test_equal_totals_share_a_rank_and_unscored_candidates_come_last():
    tally = ScoreTally(2, (
        candidate("a", (6, 2), (6, 2)),
        candidate("none", (0, 0), (0, 0)),
        candidate("b", (8, 2), (8, 2)),
        candidate("c", (7, 2), (5, 2)),
    ))
    assert [(rank, c.option) for rank, c in tally.ranked()] == [(1, "b"), (2, "a"), (2, "c"), (0, "none")]


def test_means_round_half_up_to_two_decimals_only_when_shown():
    assert rounded(Fraction(4335, 1000)) == 4.34
    assert rounded(Fraction(13, 3)) == 4.33
    assert rounded(Fraction(1, 200)) == 0.01
    assert (score_text(Fraction(9, 2)), score_text(None)) == ("4.50", "—")


# --- The built site ------------------------------------------------------------------------------


def cells(fragment) -> list[list[str]]:
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", fragment, re.S):
        found = re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)
        rows.append([html.unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in found])
    return rows


def section(page, start_id, end_id=None) -> str:
    start = page.index(f'id="{start_id}"')
    return page[start:page.index(f'id="{end_id}"', start)] if end_id else page[start:]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A score poll with counted, not-eligible and unverified ballots, built by `build.py build`."""
    base = tmp_path_factory.mktemp("score-site")
    repo = ArchiveRepo.create(base / "archive", members=MEMBERS,
                              mkdocs=MINIMAL_MKDOCS + "repo_url: https://github.com/o/r\n")
    repo.write("proposals/infant-hours/proposal.md", PROPOSAL)
    repo.write(f"polls/{Q}/poll.yml", POLL)
    repo.commit("팀원 평가 열기", author=JAY, when=OPENED)
    shas = {}
    for handle, author, infant, booking in (
        ("heidi", HEIDI, (5, 4), (2, 3)), ("dandi", DANDI, (4, 3), (3, 3)),
        ("minni", MINNI, (1, 1), (5, 5)), ("namu", MALLORY, (1, 1), (5, 5)),
    ):
        score(repo, handle, infant, booking)
        shas[handle] = repo.commit("채점", author=author, when=BEFORE)
    out = base / "out"
    done = subprocess.run(
        [sys.executable, str(BUILD_PY), "build", str(repo.path), "-d", str(out)],
        cwd=base, capture_output=True, text=True, env={**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return out, shas


def page_of(site, path) -> str:
    return (site[0] / path).read_text(encoding="utf-8")


def test_page_ranks_candidates_with_their_criterion_means(site):
    page = page_of(site, f"polls/{Q}/index.html")
    facts = dict(row for row in cells(section(page, "실험장-선정-팀원-평가", "결과")) if len(row) == 2)
    assert facts["방식"] == "점수 투표 · 기준 2개 · 1~5점"
    assert facts["투표할 수 있는 사람"] == "의제 선정·기획 역할 (agenda)"
    assert facts["참여"] == "2명"
    results = section(page, "결과", "투표할-수-있는-사람")
    assert cells(results)[:3] == [["순위", "후보", "평균", "채점"], ["1", "유아 전용 시간", "4.00", "2명"],
                                  ["2", "사전 예약", "2.75", "2명"]]
    assert 'href="../../proposals/infant-hours/"' in results
    infant = section(page, "1위--유아-전용-시간", "2위--사전-예약")
    assert cells(infant) == [["기준", "평균", "합계"], ["일상 영향", "4.50", "9"], ["실현 가능성", "3.50", "7"]]


def test_page_names_who_may_vote_who_voted_and_what_did_not_count(site):
    page = page_of(site, f"polls/{Q}/index.html")
    eligible = section(page, "투표할-수-있는-사람", "투표한-사람")
    assert "의제 선정·기획" in eligible and "김하이디 (@heidi)" in eligible and "단디 (@dandi)" in eligible
    assert "@minni" not in eligible
    voters = html.unescape(re.sub(r"<[^>]+>", "", section(page, "투표한-사람", "집계-내역")))
    assert "김하이디 (@heidi)" in voters and "유아 전용 시간 5·4, 사전 예약 2·3" in voters
    audit = {row[0]: row[1] for row in cells(section(page, "집계-내역")) if row[0].startswith("@")}
    assert audit == {"@minni": REASONS["not-eligible"], "@namu": REASONS["unverified"]}


def test_polls_json_carries_criteria_scores_and_totals(site):
    poll = {p["id"]: p for p in json.loads(page_of(site, "data/polls.json"))}[Q]
    assert (poll["type"], poll["voters_role"], poll["participants"]) == ("score", "agenda", 2)
    assert poll["criteria"] == [{"id": "impact", "label": "일상 영향"}, {"id": "feasibility", "label": "실현 가능성"}]
    assert poll["options"] == [
        {"id": "infant", "label": "유아 전용 시간", "proposal": "infant-hours", "votes": 2,
         "scores": {"impact": 4.5, "feasibility": 3.5}, "total": 4.0},
        {"id": "booking", "label": "사전 예약", "votes": 2, "scores": {"impact": 2.5, "feasibility": 3.0}, "total": 2.75},
    ]
    acts = {a["handle"]: a for a in poll["acts"]}
    assert acts["heidi"]["scores"] == {"infant": {"impact": 5, "feasibility": 4}, "booking": {"impact": 2, "feasibility": 3}}
    assert (acts["minni"]["counted"], acts["minni"]["reason"]) == (False, "not-eligible")
    assert {h: a["commit"] for h, a in acts.items()} == site[1]


def test_every_score_key_of_polls_json_is_documented(site):
    documented = set(re.findall(r"^\| `([^`]+)` \|", keys_table(POLL_DATA_KEYS), re.M))
    poll = {p["id"]: p for p in json.loads(page_of(site, "data/polls.json"))}[Q]
    keys = {"type", "voters_role", "criteria[]"} | {f"options[].{k}" for o in poll["options"] for k in o} | {"acts[].scores"}
    keys -= {"options[].id", "options[].label", "options[].votes"}  # documented together as options[]
    assert keys <= documented, keys - documented
    data = page_of(site, "data/index.html")
    for key in ("criteria[]", "options[].scores", "options[].total", "acts[].scores"):
        assert f"<code>{key}</code>" in data, key
