"""The process: a proposal's life (제안 → 의제 후보 → …), phases (one frozen by its git tag),
the group's targets, the 과정 page and the home page's next meetings and latest news.

One archive, built commit by commit like the deck's September, serves every
test: through the pipeline for the generated Markdown and data, and once
through `build.py build` for the HTML a phone shows.
"""

import html
import json
import os
import re
import subprocess
import sys

import pytest
import yaml

from madang import pipeline
from madang.history import checkout_at, history_at, read_history
from madang.render.pages import DATA_KEYS, keys_table
from madang.pipeline import settings_in
from madang.render.process import participants
from madang.settings import MadangConfig
from conftest import BUILD_PY, HEIDI, JAY, MINNI, ArchiveRepo, act, madang_settings

pytestmark = pytest.mark.usefixtures("fixed_today")  # 2020-10-10 KST

SOURCE_DATE_EPOCH = "1602288000"
TAG = "phase-2-result"
OPTIONS = {
    "phases": [
        {"id": "education", "title": "1단계 사전교육", "start": "2020-09-01", "end": "2020-09-14"},
        {"id": "deliberation", "title": "2단계 공론화", "start": "2020-09-15", "end": "2020-10-02", "tag": TAG},
        {"id": "action", "title": "3단계 실행", "start": "2020-10-03", "end": "2020-11-30"},
    ],
    "targets": [
        {"label": "제안 10건", "measure": "proposals", "goal": 10, "by": "2020-09-18"},
        {"label": "열린토론회 3명", "measure": "attendees", "goal": 3, "meeting": "2020-09-25-forum"},
        {"label": "2단계 참여 10명", "measure": "participants", "goal": 10, "phase": "deliberation"},
        {"label": "실험 결과 1건", "measure": "experiments", "goal": 1, "by": "2020-11-30"},
        {"label": "모임 3회", "measure": "meetings", "goal": 3},
    ],
}


def mkdocs_yml(options) -> str:
    return yaml.safe_dump(
        {"site_name": "과정 시험", "docs_dir": "content", "theme": {"name": "material", "language": "ko"},
         "plugins": ["search", {"madang": options}]},
        allow_unicode=True,
    )


INFANT, BOOKING, OPEN_STATUS, EDU = "infant-hours", "reservation", "open-status", "education-notes"
LIFE = {
    INFANT: """\
life:
  - {stage: candidate, date: 2020-09-22, meeting: 2020-09-22-agenda}
  - {stage: forum, date: 2020-09-25, meeting: 2020-09-25-forum}
  - {stage: selected, date: 2020-09-28, poll: review}
  - {stage: running, date: 2020-10-06, experiment: 2020-10-infant-hours}
form: experiment
""",
    BOOKING: """\
life:
  - {stage: candidate, date: 2020-09-22, meeting: 2020-09-22-agenda}
  - {stage: not-selected, date: 2020-09-28, poll: review}
form: pro-con
""",
    OPEN_STATUS: "",
}
MEETINGS = {
    "2020-09-08-workshop": ("사전교육 워크숍", "2020-09-08 10:00", "education", "[jay, dandi, minni, heidi]"),
    "2020-09-22-agenda": ("의제 선정 회의", "2020-09-22 10:00", "deliberation", "[jay, namu]"),
    "2020-09-25-forum": ("열린토론회", "2020-09-25 10:30", "deliberation", "[dandi, heidi, pachel]"),
    **{f"2020-{month}-{d:02}-team": (f"실험장 팀 모임 {i}", f"2020-{month}-{d:02} 19:00", "action", "[]")
       for i, (month, d) in enumerate((("11", 17), ("10", 13), ("10", 20), ("10", 27), ("11", 3), ("11", 10)), 1)},
}
NEWS = {f"2020-09-{d:02}-news": (f"소식 {d}", f"2020-09-{d:02}") for d in (1, 8, 15, 22, 25, 28)}


def write_records(repo):
    for proposal_id, life in LIFE.items():
        repo.write(f"proposals/{proposal_id}/proposal.md",
                   f"---\ntitle: 제안 {proposal_id}\nproposer: dandi\nproposed: 2020-09-08\nendorse_until: 2020-10-02\n"
                   f"phase: deliberation\n{life}---\n본문\n")
    repo.write(f"proposals/{EDU}/proposal.md",
               "---\ntitle: 교육 정리\nproposer: minni\nproposed: 2020-09-08\nphase: education\n---\n본문\n")
    for meeting_id, (title, start, phase, attendees) in MEETINGS.items():
        repo.write(f"content/meetings/{meeting_id}/index.md",
                   f"---\ntitle: {title}\nstart: {start}\nend: 21:00\nplace: 작은도서관\nphase: {phase}\n"
                   f"attendees: {attendees}\n---\n기록\n")
    repo.write("polls/review/poll.yml",
               "question: 팀원 평가\nauthor: jay\nopened: 2020-09-25\ncloses: 2020-09-28\ntype: score\n"
               "phase: deliberation\noptions:\n  - {id: infant, label: 유아, proposal: infant-hours}\n")
    repo.write("content/experiments/2020-10-infant-hours/index.md",
               f"---\ntitle: 유아 전용 시간 실험\nproposals: [{INFANT}]\nstatus: running\nphase: action\n---\n계획\n")
    for news_id, (title, day) in NEWS.items():
        repo.write(f"content/news/{news_id}.md", f"---\ntitle: {title}\ndate: {day}\nauthor: jay\n---\n본문\n")


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> ArchiveRepo:
    """The deck's September: records, one endorsement before the phase's tag and one after it."""
    repo = ArchiveRepo.create(tmp_path_factory.mktemp("process") / "archive", mkdocs=mkdocs_yml(OPTIONS))
    write_records(repo)
    repo.commit("9월의 기록", author=JAY, when="2020-09-02T10:00:00+09:00")
    repo.endorse(INFANT, "heidi")
    repo.commit("공감", author=HEIDI, when="2020-09-20T10:00:00+09:00")
    repo.git("tag", TAG)
    repo.endorse(INFANT, "minni")
    repo.commit("공감", author=MINNI, when="2020-09-30T10:00:00+09:00")  # before endorse_until, after the tag
    return repo


@pytest.fixture(scope="module")
def result(repo):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
        return pipeline.run(repo.path, madang_settings(**OPTIONS), settings_of=settings_in)


def generated(result, path) -> str:
    return next(f.content for f in result.files if f.path == path)


def section(markdown, heading) -> str:
    """The Markdown under `heading` up to the next heading of the same or a higher level."""
    level = heading.split(" ", 1)[0]
    start = markdown.index(f"\n{heading}\n")
    ends = [m.start() for m in re.finditer(r"\n#{1,%d} " % len(level), markdown[start + 1:])]
    return markdown[start:start + 1 + ends[0]] if ends else markdown[start:]


# --- Proposal life ---------------------------------------------------------------------------------


def test_life_steps_are_read_oldest_first(result):
    infant = result.archive.proposals[INFANT]
    assert [(s.stage, s.date.isoformat(), s.meeting, s.poll, s.experiment) for s in infant.life] == [
        ("candidate", "2020-09-22", "2020-09-22-agenda", None, None),
        ("forum", "2020-09-25", "2020-09-25-forum", None, None),
        ("selected", "2020-09-28", None, "review", None),
        ("running", "2020-10-06", None, None, "2020-10-infant-hours"),
    ]
    assert (infant.stage, infant.form) == ("running", "experiment")
    assert result.archive.proposals[OPEN_STATUS].stage == "proposed"


def test_proposal_page_strip_marks_the_current_step_and_links_what_moved_it(result):
    page = generated(result, f"proposals/{INFANT}.md")
    life = section(page, "## 걸어온 길")
    assert "✓ 제안 → ✓ 의제 후보 → ✓ 열린토론회 → ✓ 실험장 선정 → **실험 중 (지금)** → 결과 공유" in life
    assert "- 의제 후보 · 2020.09.22 · 모임: [의제 선정 회의](../meetings/2020-09-22-agenda/index.md)" in life
    assert "- 실험장 선정 · 2020.09.28 · 투표: [팀원 평가](../polls/review.md)" in life
    assert "- 실험 중 · 2020.10.06 · 실험장: [유아 전용 시간 실험](../experiments/2020-10-infant-hours/index.md)" in life
    assert "| 과정 | 실험 중 |" in page and "| 공론화 방식 | 실험형 |" in page


def test_a_proposal_not_selected_ends_its_path_there(result):
    life = section(generated(result, f"proposals/{BOOKING}.md"), "## 걸어온 길")
    assert "✓ 제안 → ✓ 의제 후보 → **미선정 (지금)**\n" in life
    assert "**제안 (지금)** → 의제 후보 → 열린토론회" in generated(result, f"proposals/{OPEN_STATUS}.md")


def test_listing_and_open_data_show_the_stage_and_form(result):
    listing = generated(result, "proposals/index.md")
    assert f"| [제안 {INFANT}]({INFANT}.md) · 실험 중 |" in listing
    assert f"| [제안 {OPEN_STATUS}]({OPEN_STATUS}.md) |" in listing
    data = {p["id"]: p for p in json.loads(generated(result, "data/proposals.json"))}
    assert (data[INFANT]["stage"], data[INFANT]["form"]) == ("running", "experiment")
    assert data[BOOKING]["life"][-1] == {"stage": "not-selected", "date": "2020-09-28", "meeting": None,
                                         "poll": "review", "experiment": None, "answer": None}
    assert (data[OPEN_STATUS]["stage"], data[OPEN_STATUS]["form"], data[OPEN_STATUS]["life"]) == ("proposed", None, [])
    documented = set(re.findall(r"^\| `([^`]+)` \|", keys_table(DATA_KEYS), re.M))
    assert {"stage", "form", "life[]"} <= documented


def test_form_before_the_proposal_is_a_candidate_is_a_warning(tmp_path):
    repo = ArchiveRepo.create(tmp_path / "archive")
    repo.write("proposals/p/proposal.md", "---\ntitle: 제안\nproposer: dandi\nproposed: 2020-09-08\nform: pro-con\n---\n")
    _, found = pipeline.check(repo.path, madang_settings())
    assert [(d.slug, d.severity, d.line) for d in found] == [("form-too-early", "warning", 5)]


# --- Phases ------------------------------------------------------------------------------------------


def test_a_tagged_phase_counts_as_of_its_tag(repo, result):
    heidi, minni = act(result, INFANT, "heidi"), act(result, INFANT, "minni")
    assert (heidi.counted, minni.counted, minni.reason) == (True, False, "late")
    assert result.counts.records[("proposal", INFANT)].frozen_at.sha == repo.sha(TAG)
    frozen = section(generated(result, "phases/deliberation.md"), "## 결과 고정")
    assert "단계가 끝날 때의 기록으로 고정되었습니다" in frozen
    evidence = frozen[frozen.index("<details"):frozen.index("</details>")]  # the git words, one tap away
    assert f"<code>{repo.sha(TAG)[:7]}</code>" in evidence and f"<code>{TAG}</code>" in evidence
    assert f"madang recount . --at {repo.sha(TAG)}" in evidence


def test_a_pinned_commit_freezes_the_phase_without_its_tag_and_a_moved_tag_is_said(repo):
    """`commit:` decides: a clone without the tag is frozen there too; a tag moved elsewhere is warned about."""
    pinned = repo.sha(TAG)
    phases = [{**phase, "commit": pinned} if phase["id"] == "deliberation" else phase for phase in OPTIONS["phases"]]
    options = {**OPTIONS, "phases": phases}
    repo.git("tag", "-f", TAG, "main")  # someone moves the tag to the later landing
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
            moved = pipeline.run(repo.path, madang_settings(**options), settings_of=settings_in)
        repo.git("tag", "-d", TAG)
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
            untagged = pipeline.run(repo.path, madang_settings(**options), settings_of=settings_in)
    finally:
        repo.git("tag", "-f", TAG, pinned)
    for result in (moved, untagged):
        assert result.counts.records[("proposal", INFANT)].frozen_at.sha == pinned
        assert f"recount . --at {pinned}" in generated(result, "phases/deliberation.md")
    (said,) = [d for d in moved.diagnostics if d.slug.startswith("phase-")]
    assert said.slug == "phase-tag-moved" and pinned in said.english and repo.sha("main") in said.english
    assert "누군가 태그를 옮겼습니다" in generated(moved, "phases/deliberation.md")
    (said,) = [d for d in untagged.diagnostics if d.slug.startswith("phase-")]
    assert said.slug == "phase-tag-missing" and said.path == "mkdocs.yml"
    page = generated(untagged, "phases/deliberation.md")  # a clone without tags: said only behind the evidence
    assert "**고정 확인**" not in page and page.index("알림: 이 복제본에는 태그") > page.index("<details")
    assert "**고정 확인**: " in generated(moved, "phases/deliberation.md")  # a moved tag is said to everyone


def check_with_pin(repo, tmp_path, commit) -> subprocess.CompletedProcess:
    """`build.py check` of a clone of `repo` whose deliberation phase is pinned at `commit`."""
    clone = ArchiveRepo(tmp_path / "pinned")
    subprocess.run(["git", "clone", "-q", "--no-tags", str(repo.root), str(clone.root)], check=True)
    phases = [{**phase, "commit": commit} if phase["id"] == "deliberation" else phase for phase in OPTIONS["phases"]]
    clone.write("mkdocs.yml", mkdocs_yml({**OPTIONS, "phases": phases}))
    clone.commit("단계 고정", author=JAY, when="2020-10-01T10:00:00+09:00")
    return subprocess.run([sys.executable, str(BUILD_PY), "check", str(clone.path)], capture_output=True, text=True)


def commit_line() -> int:
    """The line of the deliberation phase's `commit:` in mkdocs_yml (yaml.safe_dump sorts no keys away)."""
    phases = [{**p, "commit": "0" * 40} if p["id"] == "deliberation" else p for p in OPTIONS["phases"]]
    lines = mkdocs_yml({**OPTIONS, "phases": phases}).splitlines()
    return next(n for n, line in enumerate(lines, 1) if "commit:" in line)


@pytest.mark.parametrize("commit", ["0" * 40, "side-branch"])
def test_a_pinned_commit_that_did_not_land_is_a_located_error_in_check(repo, tmp_path, commit):
    if commit == "side-branch":  # a real commit, but not on main's history
        repo.git("checkout", "-q", "-b", "side")
        commit = repo.commit("곁가지", author=JAY, when="2020-09-30T12:00:00+09:00")
        repo.git("checkout", "-q", "main")
        repo.git("branch", "-q", "-D", "side")
    done = check_with_pin(repo, tmp_path, commit)
    assert done.returncode == 1, done.stdout
    assert f"mkdocs.yml:{commit_line()}: 오류[phase-commit-unknown]" in done.stdout and commit in done.stdout


def test_a_pull_request_pinning_a_commit_that_did_not_land_is_refused_at_its_line(repo, tmp_path):
    clone = ArchiveRepo(tmp_path / "pr")
    subprocess.run(["git", "clone", "-q", "--no-tags", str(repo.root), str(clone.root)], check=True)
    clone.branch("pin")
    phases = [{**p, "commit": "1" * 40} if p["id"] == "deliberation" else p for p in OPTIONS["phases"]]
    clone.write("mkdocs.yml", mkdocs_yml({**OPTIONS, "phases": phases}))
    clone.commit("단계 고정", author=JAY, when="2020-10-01T10:00:00+09:00")
    done = subprocess.run([sys.executable, str(BUILD_PY), "check", str(clone.path), "--pr-author", "jay",
                           "--base", "main"], capture_output=True, text=True)
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"mkdocs.yml:{commit_line()}: 오류[phase-commit-unknown]" in done.stdout


def test_a_pinned_commit_that_landed_passes_check_and_a_missing_tag_is_only_a_note(repo, tmp_path):
    done = check_with_pin(repo, tmp_path, repo.sha(TAG))
    assert done.returncode == 0, done.stdout
    assert "경고[phase-tag-missing] 알림: 이 복제본에는 태그" in done.stdout


def recounted(repo, rev) -> str:
    done = subprocess.run([sys.executable, str(BUILD_PY), "recount", str(repo.path), "--at", rev],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()[-1]


def test_the_site_shows_the_digests_recount_prints_at_the_tag_and_at_head(repo, result):
    at_tag = recounted(repo, TAG)
    at_head = recounted(repo, "HEAD")
    assert at_tag != at_head  # minni's endorsement landed between them
    assert f"마지막 줄이 <code>{at_tag}</code>이면" in generated(result, "phases/deliberation.md")
    assert f"마지막 줄: `{at_head}`" in generated(result, "audit.md")
    assert [(f.phase, f.commit) for f in result.frozen] == [("deliberation", repo.sha(TAG))]


def test_a_tag_whose_archive_cannot_be_recounted_is_said_on_its_phase_page_not_a_failed_build(tmp_path):
    repo = ArchiveRepo.create(tmp_path / "archive", mkdocs=mkdocs_yml({"phases": OPTIONS["phases"]}))
    repo.write(f"proposals/{INFANT}/proposal.md", "---\nproposer: dandi\nproposed: 2020-09-08\n---\n제목이 없음\n")
    repo.commit("제목 없는 제안", author=JAY, when="2020-09-20T10:00:00+09:00")
    repo.git("tag", TAG)
    repo.propose(INFANT, proposed="2020-09-08")
    repo.commit("제목 고침", author=JAY, when="2020-09-21T10:00:00+09:00")
    result = pipeline.run(repo.path, madang_settings(phases=OPTIONS["phases"]), settings_of=settings_in)
    (frozen,) = result.frozen
    assert frozen.digest is None and "title" in frozen.problem
    assert "고정한 기록에서 다시 셀 수 없습니다" in generated(result, "phases/deliberation.md")


def test_the_history_at_a_tag_is_the_prefix_of_the_history_read_at_head(repo, result):
    """What frozen_phases gives recount instead of reading git again equals reading git at the tag."""
    with checkout_at(repo.path, TAG) as (folder, _):
        read = read_history(folder, use_cache=False)
    assert history_at(result.history, repo.sha(TAG)) == read
    assert history_at(result.history, "0" * 40) is None


def test_untagged_phases_say_their_counts_are_live(result):
    assert "이 단계는 결과를 고정하지 않아 지금까지의 집계를 보여 줍니다" in generated(result, "phases/action.md")
    assert "## 결과 고정" not in generated(result, "phases/action.md")


def test_a_reader_switches_between_phases_from_every_phase_page(result):
    switchers = [line for path in ("education", "deliberation", "action")
                 for line in generated(result, f"phases/{path}.md").splitlines() if line.startswith("단계 보기")]
    assert switchers == [
        "단계 보기: **1단계 사전교육** · [2단계 공론화](deliberation.md) · [3단계 실행](action.md) · "
        "[전체 과정](../process.md)",
        "단계 보기: [1단계 사전교육](education.md) · **2단계 공론화** · [3단계 실행](action.md) · "
        "[전체 과정](../process.md)",
        "단계 보기: [1단계 사전교육](education.md) · [2단계 공론화](deliberation.md) · **3단계 실행** · "
        "[전체 과정](../process.md)",
    ]


def test_process_page_draws_the_phases_as_a_step_row(result):
    steps = section(generated(result, "process.md"), "## 단계")
    assert [line for line in steps.splitlines() if line[:2] in ("1.", "2.", "3.")] == [
        "1. ✓ [1단계 사전교육](phases/education.md) · 완료 — 2020.09.01 ~ 2020.09.14",
        "2. ✓ [2단계 공론화](phases/deliberation.md) · 완료 — 2020.09.15 ~ 2020.10.02",
        "3. ▶ **[3단계 실행](phases/action.md) · 진행중 (지금)** — 2020.10.03 ~ 2020.11.30",
    ]


def test_each_phase_lists_its_meetings_proposals_polls_and_experiments(result):
    education, deliberation, action = (
        generated(result, f"phases/{phase}.md") for phase in ("education", "deliberation", "action")
    )
    assert "- [사전교육 워크숍](../meetings/2020-09-08-workshop/index.md) · 2020.09.08 (화) 10:00" in education
    assert f"- [교육 정리](../proposals/{EDU}.md) · 제안 · 공감 0명" in education
    assert INFANT not in education
    assert "- [열린토론회](../meetings/2020-09-25-forum/index.md) · 2020.09.25 (금) 10:30" in deliberation
    assert f"- [제안 {INFANT}](../proposals/{INFANT}.md) · 실험 중 · 공감 1명" in deliberation
    assert "- [팀원 평가](../polls/review.md) · 참여 0명" in deliberation
    assert "- [유아 전용 시간 실험](../experiments/2020-10-infant-hours/index.md) · 진행중" in action
    for path in ("members.md", "tasks.md", "attendance.md"):
        assert f"]({path})" in generated(result, "process.md")


def test_targets_show_actual_against_goal_and_their_state(result):
    rows = [line for line in section(generated(result, "process.md"), "## 목표").splitlines()
            if line.startswith("| ") and "---" not in line][1:]
    assert rows == [
        "| 제안 10건 | 4 / 10건 | 2020.09.18 | 미달 |",
        "| 열린토론회 3명 | 3 / 3명 | — | 달성 |",
        "| 2단계 참여 10명 | 5 / 10명 | 2020.10.02 | 미달 |",
        "| 실험 결과 1건 | 0 / 1건 | 2020.11.30 | 진행중 |",
        "| 모임 3회 | 3 / 3회 | — | 달성 |",
    ]


def test_participants_of_a_phase_are_proposers_attendees_and_counted_actors(result):
    # dandi proposed; jay, namu, dandi, heidi, pachel attended; heidi's endorsement counted, minni's came late
    assert participants("deliberation", result.archive, result.counts) == {"dandi", "jay", "namu", "heidi", "pachel"}
    assert "minni" in participants(None, result.archive, result.counts)  # she proposed in the education phase


def test_target_mistakes_in_mkdocs_yml_are_messages_not_tracebacks(tmp_path):
    mistakes = (
        ({"label": "참석 30명", "measure": "attendees", "goal": 30, "phase": "forum"}, "단계 'forum'이(가) phases에 없습니다"),
        ({"label": "제안 10건", "measure": "proposals", "goal": 10, "meeting": "2020-09-25-forum"},
         "'meeting'은 'measure: attendees'와 함께 씁니다"),
        ({"label": "제안 0건", "measure": "proposals", "goal": 0}, "1 이상의 정수여야 합니다"),
    )
    for target, message in mistakes:
        config = MadangConfig()
        config.load_dict({**OPTIONS, "targets": [target]})
        errors, _ = config.validate()
        assert [key for key, _ in errors] == ["targets"] and message in str(errors[0][1])
    repo = ArchiveRepo.create(tmp_path / "archive", mkdocs=mkdocs_yml({**OPTIONS, "targets": [mistakes[0][0]]}))
    done = subprocess.run([sys.executable, str(BUILD_PY), "check", str(repo.path)], capture_output=True, text=True)
    assert done.returncode == 1, done.stdout + done.stderr
    assert mistakes[0][1] in done.stderr and "Traceback" not in done.stdout + done.stderr


# --- Home --------------------------------------------------------------------------------------------


def test_home_shows_the_phase_next_meetings_and_latest_news(result):
    home = generated(result, "index.md")
    assert "## 지금은 3단계 실행" in home
    meetings = section(home, "## 다가오는 모임")
    assert re.findall(r"^- \[(.+?)\]\((.+?)\) — (.+)$", meetings, re.M) == [
        ("실험장 팀 모임 2", "meetings/2020-10-13-team/index.md", "2020.10.13 (화) 19:00"),
        ("실험장 팀 모임 3", "meetings/2020-10-20-team/index.md", "2020.10.20 (화) 19:00"),
        ("실험장 팀 모임 4", "meetings/2020-10-27-team/index.md", "2020.10.27 (화) 19:00"),
        ("실험장 팀 모임 5", "meetings/2020-11-03-team/index.md", "2020.11.03 (화) 19:00"),
        ("실험장 팀 모임 6", "meetings/2020-11-10-team/index.md", "2020.11.10 (화) 19:00"),
    ]
    news = section(home, "## 최근 소식")
    assert re.findall(r"^- \[(.+?)\]\((news/.+?\.md)\) — (.+)$", news, re.M) == [
        (f"소식 {d}", f"news/2020-09-{d:02}-news.md", f"2020.09.{d:02}") for d in (28, 25, 22, 15, 8)
    ]
    assert "모임 **9**회 · 의견 **0**건" in home


# --- The built site ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(repo, tmp_path_factory):
    out = tmp_path_factory.mktemp("process-site") / "out"
    done = subprocess.run(
        [sys.executable, str(BUILD_PY), "build", str(repo.path), "-d", str(out)],
        capture_output=True, text=True, env={**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return out


def visible(path) -> str:
    """The page's article as a reader sees it: tags dropped, entities decoded."""
    page = path.read_text(encoding="utf-8")
    article = page[page.index("<article"):page.index("</article>")]
    return html.unescape(re.sub(r"<[^>]+>", "", article))


def test_built_process_page_links_the_phases_the_targets_and_the_current_phase(site):
    page = (site / "process" / "index.html").read_text(encoding="utf-8")
    text = visible(site / "process" / "index.html")
    assert '<strong><a href="../phases/action/">3단계 실행</a> · 진행중 (지금)</strong>' in page
    assert "<ol>" in page  # the step row is a list, so it wraps on a phone
    assert "열린토론회 3명" in text and "달성" in text and "미달" in text


def test_built_phase_page_shows_its_frozen_results_and_links_the_other_phases(repo, site):
    page = (site / "phases" / "deliberation" / "index.html").read_text(encoding="utf-8")
    text = visible(site / "phases" / "deliberation" / "index.html")
    assert "이 단계의 결과는 단계가 끝날 때의 기록으로 고정되었습니다" in text
    assert f"고정한 기록(커밋): {repo.sha(TAG)[:7]} ({TAG})" in text
    assert recounted(repo, TAG) in text
    assert '<a href="../education/">1단계 사전교육</a>' in page and "<strong>2단계 공론화</strong>" in page
    assert 'href="../../meetings/2020-09-25-forum/"' in page
    assert f'href="../../proposals/{INFANT}/"' in page


def test_built_proposal_page_shows_the_path(site):
    page = (site / "proposals" / INFANT / "index.html").read_text(encoding="utf-8")
    assert "<strong>실험 중 (지금)</strong>" in page
    assert 'href="../../meetings/2020-09-22-agenda/"' in page
    assert 'href="../../experiments/2020-10-infant-hours/"' in page
    assert 'href="../../polls/review/"' in page
