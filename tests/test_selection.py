"""The weighted selection (실험장 선정, settings `selection:`): exact numbers on real git histories.

Hand-computed cases prove the formula (normalised to the best candidate,
weighted, summed, exact fractions), a best value of zero, the tie-break and
the sensitivity table; then the digest, `recount` and the page of a site
built through the real command line; then mistakes in mkdocs.yml.
"""

import html
import json
import os
import re
import subprocess
import sys
from fractions import Fraction

import pytest
import yaml

from madang import score as scoring
from madang.settings import MadangConfig
from conftest import BUILD_PY, DANDI, HEIDI, JAY, MINNI, ArchiveRepo, madang_settings, run

EPOCH = {**os.environ, "SOURCE_DATE_EPOCH": "1602288000"}  # 2020-10-10 KST

ENDORSE, FORUM, REVIEW = "믹스 공감", "현장 투표", "팀원 평가"
SELECTION = {
    "title": "실험장 선정 (시험)",
    "candidates": ["p-a", "p-b", "p-c"],
    "components": [
        {"label": ENDORSE, "weight": 20, "source": "endorsements"},
        {"label": FORUM, "weight": 30, "source": "poll", "poll": "forum"},
        {"label": REVIEW, "weight": 50, "source": "score-poll", "poll": "review"},
    ],
}
FORUM_POLL = """\
question: 실험장으로 먼저 해 볼 제안은?
author: jay
opened: 2020-09-25
closes: 2020-09-25
options:
  - {id: a, label: 가, proposal: p-a}
  - {id: b, label: 나, proposal: p-b}
  - {id: c, label: 다, proposal: p-c}
offline_results:
  - {source: 열린토론회 현장 투표, participants: 7, counts: {a: 4, b: 1, c: 2}}
"""
REVIEW_POLL = """\
question: 팀원 평가
author: jay
opened: 2020-09-25
closes: 2020-09-28
type: score
criteria: [{id: overall, label: 종합}]
options:
  - {id: a, label: 가, proposal: p-a}
  - {id: b, label: 나, proposal: p-b}
  - {id: c, label: 다, proposal: p-c}
"""


def mkdocs_yml(selection=SELECTION, phases=(), **extra) -> str:
    options = {"selection": selection, **({"phases": list(phases)} if phases else {})}
    config = {"site_name": "선정 시험", "docs_dir": "content", "theme": {"name": "material", "language": "ko"},
              "plugins": ["search", {"madang": options}], **extra}
    return yaml.safe_dump(config, allow_unicode=True, sort_keys=False)


def cli(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(BUILD_PY), *map(str, args)], capture_output=True, text=True, env=EPOCH)


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> ArchiveRepo:
    """Endorsements a 3, b 1, c 0; forum b 2 online + offline a 4, b 1, c 2; review a 5+4, b 3+3, c 4+2."""
    repo = ArchiveRepo.create(tmp_path_factory.mktemp("selection") / "archive", mkdocs=mkdocs_yml())
    for proposal in ("p-a", "p-b", "p-c"):
        repo.propose(proposal, title=f"제안 {proposal[-1]}")
    repo.write("polls/forum/poll.yml", FORUM_POLL)
    repo.write("polls/review/poll.yml", REVIEW_POLL)
    repo.commit("제안과 투표", author=JAY, when="2020-09-20T10:00:00+09:00")
    for person, handle, endorsed, forum, review, day in (
        (HEIDI, "heidi", ("p-a", "p-b"), "b", (5, 3, 4), 21),
        (DANDI, "dandi", ("p-a",), "b", (4, 3, 2), 22),
        (MINNI, "minni", ("p-a",), None, None, 23),
    ):
        for proposal in endorsed:
            repo.endorse(proposal, handle)
        if forum:
            repo.vote("forum", handle, [forum])
        if review:
            a, b, c = review
            repo.write(f"polls/review/ballots/{handle}.yml",
                       f"scores: {{a: {{overall: {a}}}, b: {{overall: {b}}}, c: {{overall: {c}}}}}\n")
        repo.commit(f"{handle}의 참여", author=person, when=f"2020-09-{day}T10:00:00+09:00")
    return repo


@pytest.fixture(scope="module")
def result(repo):
    return run(repo, selection=SELECTION)


def by_id(selection) -> dict:
    return {candidate.proposal: candidate for candidate in selection.candidates}


def test_the_formula_gives_the_hand_computed_exact_numbers(result):
    selection = result.selection
    assert selection.best == (3, 4, Fraction(9, 2))
    a, b, c = (by_id(selection)[p] for p in ("p-a", "p-b", "p-c"))
    assert [v.raw for v in b.values] == [1, 3, 3]
    assert (b.values[1].online, b.values[1].offline) == (2, 1)  # two ballots and one hand in the offline count
    assert [v.normalised for v in b.values] == [Fraction(100, 3), 75, Fraction(200, 3)]
    assert [v.points for v in b.values] == [Fraction(20, 3), Fraction(45, 2), Fraction(100, 3)]
    assert (a.total, b.total, c.total) == (100, Fraction(125, 2), Fraction(145, 3))
    assert [(x.proposal, x.rank, x.tied) for x in selection.candidates] == [
        ("p-a", 1, False), ("p-b", 2, False), ("p-c", 3, False),
    ]


def test_a_component_whose_best_value_is_zero_gives_every_candidate_zero(repo, result):
    only_c = {**SELECTION, "candidates": ["p-c"]}  # p-c has no endorsement
    selection = scoring.score(result.archive, result.counts, madang_settings(selection=only_c))
    (c,) = selection.candidates
    assert selection.best[0] == 0 and c.values[0].normalised == 0 and c.values[0].points == 0
    assert c.total == 30 + 50  # the best of the others is itself


def test_the_sensitivity_table_recomputes_the_ranking_under_exact_other_weights(result):
    scenarios = {(s.kind, s.left_out): s for s in result.selection.scenarios}
    assert list(scenarios) == [("as-set", None), ("equal", None), ("without", 0), ("without", 1), ("without", 2)]
    assert scenarios[("equal", None)].weights == (Fraction(100, 3),) * 3
    assert scenarios[("without", 0)].weights == (0, Fraction(75, 2), Fraction(125, 2))
    # without the review, c (0 + 50 × 0.6 = 30) still trails b (33.3 × 0.4 + 75 × 0.6 = 58.3)
    assert scenarios[("without", 2)].order == ("p-a", "p-b", "p-c")


TIE_POLL = """\
question: 현장 투표
author: jay
opened: 2020-09-25
closes: 2020-09-25
options:
  - {id: w, label: W, proposal: p-w}
  - {id: x, label: X, proposal: p-x}
  - {id: y, label: Y, proposal: p-y}
offline_results:
  - {source: 현장, counts: {y: 5}}
"""


@pytest.fixture(scope="module")
def tie_repo(tmp_path_factory) -> ArchiveRepo:
    """w and x: one endorsement each, no vote; y: no endorsement, every vote. With 50/50 all total 50."""
    repo = ArchiveRepo.create(tmp_path_factory.mktemp("ties") / "archive")
    for proposal in ("p-w", "p-x", "p-y"):
        repo.propose(proposal)
    repo.write("polls/forum/poll.yml", TIE_POLL)
    repo.commit("제안", author=JAY, when="2020-09-20T10:00:00+09:00")
    repo.endorse("p-x", "heidi")
    repo.commit("공감", author=HEIDI, when="2020-09-21T10:00:00+09:00")
    repo.endorse("p-w", "dandi")
    repo.commit("공감", author=DANDI, when="2020-09-22T10:00:00+09:00")
    return repo


def tie_selection(tie_break=None) -> dict:
    selection = {
        "candidates": ["p-y", "p-x", "p-w"],
        "components": [
            {"label": "공감", "weight": 50, "source": "endorsements"},
            {"label": "투표", "weight": 50, "source": "poll", "poll": "forum"},
        ],
    }
    return {**selection, "tie_break": tie_break} if tie_break else selection


@pytest.mark.parametrize("tie_break, order", [
    (None, ("p-w", "p-x", "p-y")),  # equal weights: the first component, then the proposal id
    (["투표"], ("p-y", "p-w", "p-x")),
    (["공감", "투표"], ("p-w", "p-x", "p-y")),
])
def test_equal_totals_are_ordered_by_the_stated_tie_break_then_the_id(tie_repo, tie_break, order):
    selection = run(tie_repo, selection=tie_selection(tie_break)).selection
    assert {c.total for c in selection.candidates} == {50}
    assert tuple(c.proposal for c in selection.candidates) == order
    assert [c.rank for c in selection.candidates] == [1, 2, 3] and all(c.tied for c in selection.candidates)


def test_the_sensitivity_table_says_when_the_winner_would_change(tie_repo):
    result = run(tie_repo, selection=tie_selection())
    without_endorsements = next(s for s in result.selection.scenarios if s.left_out == 0)
    assert without_endorsements.order[0] == "p-y"
    page = {f.path: f.content for f in result.files}["selection.md"]
    changed = [line.split(" | ")[0] for line in page.splitlines() if "**선정이 바뀜**" in line]
    assert changed == ["| '공감' 빼고<br>**선정이 바뀜**"]
    assert "이번에는 합계가 같은 후보가 있어 이 규칙으로 정했습니다" in page


# --- digest, recount and the built page ------------------------------------------------------------


@pytest.fixture(scope="module")
def commits(repo, tmp_path_factory) -> dict:
    """A clone with commits: the selection as set (repo's HEAD), then 30/30/40, then an unrelated change of
    mkdocs.yml; `recount --at` each of them once."""
    clone = ArchiveRepo(tmp_path_factory.mktemp("weights") / "archive")
    subprocess.run(["git", "clone", "-q", str(repo.root), str(clone.root)], check=True)
    first = clone.sha()
    changed = {**SELECTION, "components": [dict(c, weight=w) for c, w in zip(SELECTION["components"], (30, 30, 40))]}
    clone.write("mkdocs.yml", mkdocs_yml(changed))
    second = clone.commit("가중치 바꿈", author=JAY, when="2020-09-30T10:00:00+09:00")
    clone.write("mkdocs.yml", mkdocs_yml(changed, site_description="설명만 바꿈"))
    third = clone.commit("설명", author=JAY, when="2020-09-30T11:00:00+09:00")
    lines = {}
    for sha in (first, second, third):
        done = cli("recount", clone.path, "--at", sha)
        assert done.returncode == 0, done.stderr
        lines[sha] = done.stdout.splitlines()
    return {"repo": clone, "shas": (first, second, third), "lines": lines}


def test_recount_prints_the_selection_before_the_commit_and_digest(commits):
    clone, (first, *_) = commits["repo"], commits["shas"]
    lines = commits["lines"][first]
    assert lines[-5:-2] == [
        "selection 1 p-a: 100.00 (exact 100)",
        "selection 2 p-b: 62.50 (exact 125/2)",
        "selection 3 p-c: 48.33 (exact 145/3)",
    ]
    started = clone.git("rev-list", "--max-parents=0", "HEAD")  # mkdocs.yml was last changed there
    assert lines[-6] == f"selection settings: mkdocs.yml at {started[:12]}"
    assert lines[-2] == f"commit: {first}"


def test_the_digest_changes_with_a_weight_not_with_an_unrelated_setting(commits):
    first, second, third = commits["shas"]
    digests = [commits["lines"][sha][-1] for sha in (first, second, third)]
    assert digests[0] != digests[1]
    assert digests[1] == digests[2]
    # 30/30/40: b = 100/3 × 0.3 + 75 × 0.3 + 200/3 × 0.4 = 10 + 45/2 + 80/3 = 355/6
    assert "selection 2 p-b: 59.17 (exact 355/6)" in commits["lines"][second]


def audit_digest(site) -> str:
    return json.loads((site / "data" / "audit.json").read_text(encoding="utf-8"))["digest"]


@pytest.fixture(scope="module")
def site(repo, tmp_path_factory):
    out = tmp_path_factory.mktemp("selection-site") / "out"
    done = cli("build", repo.path, "-d", out)
    assert done.returncode == 0, done.stdout + done.stderr
    return out


def test_recount_at_two_commits_gives_the_digests_their_sites_show(commits, site, tmp_path):
    clone, (first, second, _) = commits["repo"], commits["shas"]
    assert audit_digest(site) == commits["lines"][first][-1].removeprefix("digest: ")  # repo's HEAD is first
    clone.git("checkout", "-q", second)
    done = cli("build", clone.path, "-d", tmp_path / "second")
    clone.git("checkout", "-q", "main")
    assert done.returncode == 0, done.stdout + done.stderr
    assert audit_digest(tmp_path / "second") == commits["lines"][second][-1].removeprefix("digest: ")


def test_a_tagged_phase_page_keeps_the_ranking_of_its_tag_when_the_weights_change_later(repo, tmp_path):
    clone = ArchiveRepo(tmp_path / "archive")
    subprocess.run(["git", "clone", "-q", str(repo.root), str(clone.root)], check=True)
    phases = [{"id": "forum", "title": "2단계 공론화", "start": "2020-09-15", "end": "2020-09-30", "tag": "forum-result"}]
    clone.write("mkdocs.yml", mkdocs_yml(SELECTION, phases))
    clone.commit("단계와 태그", author=JAY, when="2020-09-30T10:00:00+09:00")
    clone.git("tag", "forum-result")
    changed = {**SELECTION, "components": [dict(c, weight=w) for c, w in zip(SELECTION["components"], (30, 30, 40))]}
    clone.write("mkdocs.yml", mkdocs_yml(changed, phases))
    clone.commit("가중치 바꿈", author=JAY, when="2020-09-30T11:00:00+09:00")
    done = cli("build", clone.path, "-d", tmp_path / "site")
    assert done.returncode == 0, done.stdout + done.stderr
    phase = visible(tmp_path / "site" / "phases" / "forum" / "index.html")
    assert "실험장 선정 (시험) — 고정 시점" in phase
    assert "2|제안 b|62.50" in phase  # 20/30/50 at the tag
    assert "= 10.00 + 22.50 + 26.67|59.17" in visible(tmp_path / "site" / "selection" / "index.html")  # 30/30/40
    at_tag = cli("recount", clone.path, "--at", "forum-result").stdout.splitlines()
    assert "selection 2 p-b: 62.50 (exact 125/2)" in at_tag and f"요약값(digest): {at_tag[-1][8:]}" in phase


def visible(path) -> str:
    """The article's text, each table cell and paragraph on its own line joined by '|'."""
    page = path.read_text(encoding="utf-8")
    article = re.sub(r"<br\s*/?>", "\n", page[page.index("<article"):page.index("</article>")])
    return re.sub(r"\s*\n\s*", "|", html.unescape(re.sub(r"<[^>]+>", "", article)))


def test_the_built_page_shows_every_number_the_rule_and_the_settings_commit(repo, site):
    text = visible(site / "selection" / "index.html")
    for row in ("1 (선정)|제안 a|= 20.00 + 30.00 + 50.00|100.00", "3|제안 c|= 0.00 + 15.00 + 33.33|48.33",
                "제안 b|1|33.33|6.67", "제안 b|3 (온라인 2 + 현장 1)|75.00|22.50", "제안 a|4.50 (2명)|100.00|50.00",
                "가장 높은 값: 4.50 → 100점", "'믹스 공감' 빼고|0 · 37.50 · 62.50|1. 제안 a|2. 제안 b|3. 제안 c"):
        assert row in text
    assert "항목마다 값이 가장 높은 후보를 100점으로 두고" in text
    assert "합계가 같으면 '팀원 평가'의 값이 높은 후보" in text  # the heaviest component first by default
    started = repo.git("rev-list", "--max-parents=0", "HEAD")
    assert f"이 결과는 설정 커밋 {started[:7]} (mkdocs.yml)을 썼습니다" in text
    process = site / "process" / "index.html"
    assert "실험장 선정 (시험)" in visible(process) and 'href="../selection/"' in process.read_text(encoding="utf-8")


# --- mistakes -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("change, message", [
    ({"components": [dict(SELECTION["components"][0], weight=30), *SELECTION["components"][1:]]},
     "가중치(weight)의 합이 110입니다"),
    ({"components": [{"label": "좋아요", "weight": 100, "source": "likes"}]}, "'likes'은(는) 쓸 수 없습니다"),
    ({"components": [{"label": "투표", "weight": 100, "source": "poll"}]}, "'source: poll'에는 'poll'(투표 id)을 적어야"),
    ({"tie_break": ["없는 항목"]}, "'tie_break'의 '없는 항목'은(는) components의 label이 아닙니다"),
    ({"candidates": []}, "'candidates'에 후보 제안을 적어 주세요"),
])
def test_a_mistake_in_the_setting_is_reported_when_mkdocs_yml_is_read(change, message):
    config = MadangConfig()
    config.load_dict({"selection": {**SELECTION, **change}})
    errors, _ = config.validate()
    assert [key for key, _ in errors] == ["selection"] and message in str(errors[0][1])


def test_the_command_line_says_a_setting_mistake_in_one_sentence(tmp_path):
    archive = tmp_path / "archive"
    (archive / "content").mkdir(parents=True)
    weights = [dict(c, weight=30) for c in SELECTION["components"]]
    (archive / "mkdocs.yml").write_text(mkdocs_yml({**SELECTION, "components": weights}), encoding="utf-8")
    for command in ("check", "build"):
        done = cli(command, archive)
        assert done.returncode == 1, (command, done.stdout, done.stderr)
        assert "가중치(weight)의 합이 90입니다" in done.stderr and "Traceback" not in done.stdout + done.stderr


def test_a_candidate_or_poll_missing_from_the_archive_stops_the_build_at_its_line(repo, tmp_path):
    broken = {**SELECTION, "candidates": ["p-a", "p-z"],
              "components": [*SELECTION["components"][:2], dict(SELECTION["components"][2], poll="forum")]}
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(repo.root), str(clone)], check=True)
    (clone / "mkdocs.yml").write_text(mkdocs_yml(broken), encoding="utf-8")
    lines = (clone / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    candidate_line = next(i for i, line in enumerate(lines, 1) if "p-z" in line)
    poll_line = next(i for i, line in enumerate(lines, 1) if "poll: forum" in line and i > candidate_line + 8)
    done = cli("build", clone, "-d", tmp_path / "site")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert f"mkdocs.yml:{candidate_line}: 오류[selection-unknown-candidate]" in done.stderr
    assert f"mkdocs.yml:{poll_line}: 오류[selection-poll-type]" in done.stderr
    assert not (tmp_path / "site").exists()
