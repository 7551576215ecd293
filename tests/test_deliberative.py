"""The deliberative poll: a pre-vote and a final vote linked by `before:`; how the people who voted in both moved.

Expected numbers are computed by hand from the history below (see each comment).
"""

import pytest

from conftest import DANDI, JAY, MALLORY, ArchiveRepo, run
from madang.load import load
from madang.sortition import opinion_shift
from madang.validate import validate

OPTIONS = (("yes", "찬성"), ("no", "반대"), ("wait", "유보"))
APPLICANTS = {  # the jury applications that give the strata
    "heidi": ("20-30대", "여성"),
    "dandi": ("40대", "여성"),
    "minni": ("20-30대", "여성"),
    "namu": ("50대 이상", "남성"),
}


def ballot(repo, poll, handle, choice, offline=True):
    repo.write(f"polls/{poll}/ballots/{handle}.yml", f"choices: [{choice}]\n" + ("source: offline\n" if offline else ""))


@pytest.fixture
def polls(tmp_path) -> ArchiveRepo:
    repo = ArchiveRepo.create(tmp_path / "archive")
    repo.write("juries/forum/jury.yml", "title: 배심원단\nseats: 3\napply_until: 2020-09-10\n")
    for handle, (age, gender) in APPLICANTS.items():
        repo.write(f"juries/forum/applicants/{handle}.yml", f"age_band: {age}\ngender: {gender}\nsource: offline\n")
    repo.open_poll("pre", question="유아 전용 시간을 실험할까요? (사전)", opened="2020-09-20", closes="2020-09-20",
                   options=OPTIONS)
    repo.open_poll("final", question="유아 전용 시간을 실험할까요? (최종)", opened="2020-09-25", closes="2020-09-25",
                   options=OPTIONS, extra="before: pre\n")
    repo.commit("배심원단과 두 투표", author=JAY, when="2020-09-05T10:00:00+09:00")
    for handle, choice in (("heidi", "yes"), ("dandi", "yes"), ("minni", "no"), ("namu", "wait"), ("doran", "no"),
                           ("sori", "yes")):
        ballot(repo, "pre", handle, choice)
    repo.commit("사전 투표 용지", author=JAY, when="2020-09-20T18:00:00+09:00")
    for handle, choice in (("heidi", "no"), ("dandi", "yes"), ("minni", "no"), ("namu", "yes"), ("doran", "wait"),
                           ("pachel", "yes")):
        ballot(repo, "final", handle, choice)
    repo.commit("최종 투표 용지", author=JAY, when="2020-09-25T15:00:00+09:00")
    ballot(repo, "final", "doran", "yes")  # changed before the close: counts as yes
    repo.commit("도란 님 표 변경", author=JAY, when="2020-09-25T20:00:00+09:00")
    ballot(repo, "final", "bada", "no", offline=False)  # not the maintainer's mark, not bada's commit: unverified
    repo.commit("바다", author=MALLORY, when="2020-09-25T21:00:00+09:00")
    ballot(repo, "final", "sori", "no")  # landed after the close: late, so sori voted only before
    repo.commit("늦은 표", author=JAY, when="2020-09-26T09:00:00+09:00")
    return repo


def test_transitions_and_net_change_by_hand(polls, fixed_today):
    """Both polls: heidi yes→no, dandi yes→yes, minni no→no, namu wait→yes, doran no→yes (5 people).
    sori (late after), pachel (only after) and bada (unverified) are out."""
    result = run(polls)
    shift = opinion_shift(result.counts.records[("poll", "pre")], result.counts.records[("poll", "final")],
                          ("yes", "no", "wait"), {})
    assert shift.people == 5
    assert shift.transitions == (("yes", "yes", 1), ("yes", "no", 1), ("no", "yes", 1), ("no", "no", 1),
                                 ("wait", "yes", 1))
    assert shift.net == (("yes", 2, 3), ("no", 2, 2), ("wait", 1, 0))


def test_the_final_poll_page_shows_the_movement_in_total_and_per_stratum(polls, fixed_today):
    files = {f.path: f.content for f in run(polls).files}
    page = files["polls/final.md"]
    assert "## 의견 변화" in page and "모두 참여한 5명" in page
    assert "| 찬성 | 2명 | 3명 | +1 |" in page
    assert "| 반대 | 2명 | 2명 | 0 |" in page
    assert "| 유보 | 1명 | 0명 | −1 |" in page
    assert "| 찬성 → 반대 | 1명 |" in page and "| 반대 → 반대 (그대로) | 1명 |" in page
    assert "| 유보 → 찬성 | 1명 |" in page
    # 여성: heidi yes→no, dandi yes→yes, minni no→no: 찬성 2→1, 반대 1→2. 남성: namu wait→yes. doran gave no strata.
    assert "- 성별 여성 (3명): 찬성 −1 · 반대 +1" in page
    assert "- 성별 남성 (1명): 찬성 +1 · 유보 −1" in page
    assert "- 연령대 40대 (1명): 변화 없음" in page
    assert "- 연령대 20-30대 (2명): 찬성 −1 · 반대 +1" in page
    assert "사후 투표" in files["polls/pre.md"]


def test_a_bad_link_is_a_located_error(tmp_path):
    repo = ArchiveRepo.create(tmp_path / "archive")
    repo.open_poll("a", options=OPTIONS, extra="before: nowhere\n")
    repo.open_poll("b", options=OPTIONS, multiple=True)
    repo.open_poll("c", options=OPTIONS, extra="before: b\n")
    repo.commit("투표들", author=DANDI, when="2020-09-05T10:00:00+09:00")
    _, diagnostics = validate(load(repo.path))
    found = {(d.path, d.line, d.slug) for d in diagnostics}
    assert ("polls/a/poll.yml", 8, "before-poll-missing") in found
    assert ("polls/c/poll.yml", 8, "before-poll-kind") in found
