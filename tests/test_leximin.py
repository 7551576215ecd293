"""`method: leximin`: `madang draw --plan` (the LEXIMIN lottery, sortition-algorithms on HiGHS), the
plan's pull request check, and `madang draw --verify`, on real git repositories.

The lottery is redone here by hand from the rule in madang/lottery.py (hashlib and integers), never
by calling the module: the test is what anyone with sha256sum would do with plan.json.
"""

import hashlib
import html
import json
import os
import re
import subprocess
import sys

import jsonschema

from conftest import BUILD_PY, JAY, ROOT, ArchiveRepo, madang_settings
from madang import leximin, pipeline, sortition

SEED = "4 8 15 16 23 42 + 3"
PEOPLE = {  # handle: (age_band, gender)
    "heidi": ("20-30대", "여성"), "dandi": ("40대", "여성"), "minni": ("20-30대", "여성"), "namu": ("50대 이상", "남성"),
    "pachel": ("40대", "남성"), "doran": ("50대 이상", "여성"), "sori": ("20-30대", "남성"), "bada": ("40대", "여성"),
}
QUOTAS = {"age_band": {"20-30대": 2, "40대": 1, "50대 이상": 1}, "gender": {"여성": 2, "남성": 2}}
BEFORE_SEED_DAY = {"SOURCE_DATE_EPOCH": "1600560000"}  # 2020-09-20 09:00 KST: the roster froze, the seed is 09-22
ON_SEED_DAY = {"SOURCE_DATE_EPOCH": "1600732800"}  # 2020-09-22 09:00 KST
README = (ROOT / "README.md").read_text(encoding="utf-8")


def jury_yml(*, seats=4, quotas=QUOTAS, numbers=None, method="leximin") -> str:
    lines = ["title: 도서관 시민배심원", f"seats: {seats}", "apply_until: 2020-09-18", f"method: {method}", "quotas:"]
    lines += [f"  {s}: {{{', '.join(f'{c}: {n}' for c, n in cats.items())}}}" for s, cats in quotas.items()]
    seed = "{source: lottery, date: 2020-09-22" + (f', numbers: "{numbers}"' if numbers else "") + "}"
    return "\n".join([*lines, f"seed: {seed}"]) + "\n"


def make_repo(tmp_path, people=PEOPLE, **jury) -> ArchiveRepo:
    """The jury and its paper applications, landed by the maintainer before the deadline."""
    repo = ArchiveRepo.create(tmp_path / "archive")
    repo.write("juries/forum/jury.yml", jury_yml(**jury))
    for handle, (age, gender, *region) in people.items():
        where = f"region: {region[0]}\n" if region else ""
        repo.write(f"juries/forum/applicants/{handle}.yml", f"age_band: {age}\ngender: {gender}\n{where}source: offline\n"
                   "public: [age_band, gender, region]\n")
    repo.commit("배심원 모집과 신청", author=JAY, when="2020-09-15T10:00:00+09:00")
    return repo


def madang(repo, *args, env=BEFORE_SEED_DAY) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, str(BUILD_PY), *args], capture_output=True, text=True,
                          env={**os.environ, **env}, cwd=repo.path)
    assert "Traceback" not in done.stderr, done.stderr
    return done


def plan_and_land(repo, when="2020-09-20T10:00:00+09:00") -> dict:
    done = madang(repo, "draw", ".", "forum", "--plan")
    assert done.returncode == 0, done.stderr
    repo.commit("추첨 계획", author=JAY, when=when)
    return json.loads((repo.path / "juries/forum/plan.json").read_text(encoding="utf-8"))


def announce(repo, when="2020-09-22T21:00:00+09:00", **jury):
    repo.write("juries/forum/jury.yml", jury_yml(numbers=SEED, **jury))
    repo.commit("복권 번호", author=JAY, when=when)


def by_hand(plan: dict, seed: str) -> list[str]:
    """lottery.py's rule: x = first 16 hex of sha256(seed) / 2^64; the first panel whose running sum exceeds x."""
    x = int(hashlib.sha256(seed.encode()).hexdigest()[:16], 16)
    running = 0
    for panel in plan["panels"]:
        whole, fraction = panel["probability"].split(".")
        running += int(whole) * 10 ** 6 + int(fraction)
        if x * 10 ** 6 < running * 2 ** 64:
            return panel["members"]
    raise AssertionError("the probabilities do not reach 1")


def in_quotas(members, quotas=QUOTAS, people=PEOPLE) -> bool:
    strata = {"age_band": 0, "gender": 1}
    return all(sum(people[h][strata[s]] == c for h in members) <= n for s, cats in quotas.items() for c, n in cats.items())


TIGHT = {"a": ("20-30대", "여성"), "b": ("20-30대", "남성"), "c": ("50대 이상", "여성"), "d": ("50대 이상", "여성")}
TIGHT_QUOTAS = {"age_band": {"20-30대": 1, "50대 이상": 1}, "gender": {"여성": 1, "남성": 1}}
"""Two seats: the only panels are b with c or b with d. A walk that meets a first takes her, and then
no one fits the second seat."""


def test_greedy_leaves_a_seat_empty_where_leximin_finds_panels(tmp_path):
    assert min(TIGHT, key=lambda h: sortition.ticket(SEED, h)) == "a"  # the walk meets a first
    repo = make_repo(tmp_path, TIGHT, seats=2, quotas=TIGHT_QUOTAS, method="greedy")
    announce(repo, method="greedy", seats=2, quotas=TIGHT_QUOTAS)
    greedy = madang(repo, "draw", ".", "forum", env=ON_SEED_DAY)
    assert "unfilled seats: 1" in greedy.stdout and "selected: a" in greedy.stdout

    repo = make_repo(tmp_path / "again", TIGHT, seats=2, quotas=TIGHT_QUOTAS)
    plan = plan_and_land(repo)
    assert [(p["members"], p["probability"]) for p in plan["panels"]] == [(["b", "c"], "0.500000"), (["b", "d"], "0.500000")]
    assert plan["applicants"] == {"a": "0.000000", "b": "1.000000", "c": "0.500000", "d": "0.500000"}
    announce(repo, seats=2, quotas=TIGHT_QUOTAS)
    verified = madang(repo, "draw", ".", "forum", "--verify", env=ON_SEED_DAY)
    assert verified.returncode == 0, verified.stderr
    chosen = by_hand(plan, SEED)
    assert f"selected: {' '.join(sorted(chosen, key=lambda h: sortition.ticket(SEED, h)))}" in verified.stdout
    assert in_quotas(chosen, TIGHT_QUOTAS, TIGHT)


def roster_of(repo) -> tuple:
    settings = madang_settings()
    archive, _, history, _ = pipeline.count(repo.path, settings)
    return archive.juries["forum"], sortition.roster(archive.juries["forum"], archive, history, settings)


def test_the_plans_minimum_is_the_one_sortition_algorithms_reports(tmp_path):
    """LEXIMIN's smallest probability is maximin's value: the package's own maximin (on HiGHS) gives it."""
    from sortition_algorithms.committee_generation import find_distribution_maximin

    repo = make_repo(tmp_path)
    plan = plan_and_land(repo)
    jury, frozen = roster_of(repo)
    features, people = leximin._model(frozen.applicants, jury.seats, jury.quotas)
    panels, probabilities, _ = find_distribution_maximin(features, people, jury.seats, [])
    theirs = min(sum(p for panel, p in zip(panels, probabilities) if h in panel) for h in PEOPLE)
    ours = min(int(v.replace(".", "")) for v in plan["applicants"].values()) / 10 ** 6
    assert abs(ours - theirs) < 1e-5 and round(theirs, 6) == 0.333333
    assert all(in_quotas(p["members"]) and len(p["members"]) == 4 for p in plan["panels"])
    assert sum(int(p["probability"].replace(".", "")) for p in plan["panels"]) == 10 ** 6
    assert plan["software"]["sortition-algorithms"] and plan["roster_digest"] == frozen.digest
    schema = json.loads((ROOT / "docs/schemas/plan.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(plan, schema)
    shown = json.loads(README.split("```json\n", 1)[1].split("```", 1)[0])
    assert {**shown, "software": None} == {**plan, "software": None}, "README's LEXIMIN example is this plan"


def test_the_same_roster_gives_the_same_plan_byte_for_byte(tmp_path):
    repo = make_repo(tmp_path)
    texts = set()
    for hash_seed in ("1", "2"):
        done = madang(repo, "draw", ".", "forum", "--plan", env={**BEFORE_SEED_DAY, "PYTHONHASHSEED": hash_seed})
        assert done.returncode == 0, done.stderr
        texts.add((repo.path / "juries/forum/plan.json").read_bytes())
    assert len(texts) == 1


def test_a_plan_landing_on_the_seed_day_or_for_another_roster_is_refused(tmp_path):
    repo = make_repo(tmp_path)
    repo.branch("plan")
    assert madang(repo, "draw", ".", "forum", "--plan").returncode == 0
    repo.commit("추첨 계획", author=JAY, when="2020-09-20T10:00:00+09:00")
    check = ("check", ".", "--pr-author", "jay", "--base", "main")
    assert madang(repo, *check).returncode == 0
    late = madang(repo, *check, env=ON_SEED_DAY)
    assert late.returncode == 1 and "juries/forum/plan.json:1: 오류[pr-plan-too-late]" in late.stdout

    plan = json.loads((repo.path / "juries/forum/plan.json").read_text(encoding="utf-8"))
    repo.write("juries/forum/plan.json", json.dumps({**plan, "roster_digest": "0" * 64}, ensure_ascii=False, indent=2))
    repo.commit("다른 명단의 계획", author=JAY, when="2020-09-20T11:00:00+09:00")
    other = madang(repo, *check)
    assert other.returncode == 1 and "오류[pr-plan-other-roster]" in other.stdout


def test_verify_finds_a_plan_edited_after_it_landed(tmp_path):
    repo = make_repo(tmp_path)
    plan = plan_and_land(repo)
    announce(repo)
    no_solver = tmp_path / "no-solver"  # --verify needs no solver: importing one fails here
    for package in ("sortition_algorithms", "highspy", "cvxpy"):
        (no_solver / package).mkdir(parents=True)
        (no_solver / package / "__init__.py").write_text("raise ImportError('no solver here')\n")
    verified = madang(repo, "draw", ".", "forum", "--verify", env={**ON_SEED_DAY, "PYTHONPATH": str(no_solver)})
    assert verified.returncode == 0, verified.stderr
    assert madang(repo, "draw", ".", "forum", "--plan", env={**BEFORE_SEED_DAY, "PYTHONPATH": str(no_solver)}).stderr \
        .startswith("LEXIMIN 계획에는 해법기가 필요합니다: pip install 'madang[jury]'.")
    drawn = by_hand(plan, SEED)
    # the drawn panel moved to the end: the same seed now lands on another one
    edited = {**plan, "panels": [p for p in plan["panels"] if p["members"] != drawn]
              + [p for p in plan["panels"] if p["members"] == drawn]}
    assert by_hand(edited, SEED) != drawn
    repo.write("juries/forum/plan.json", json.dumps(edited, ensure_ascii=False, indent=2) + "\n")
    in_tree = madang(repo, "draw", ".", "forum", "--verify", env=ON_SEED_DAY)
    assert in_tree.returncode == 1 and "plan.json differs from the one landed before the seed's day" in in_tree.stderr
    repo.commit("계획 고치기", author=JAY, when="2020-09-22T22:00:00+09:00")
    landed = madang(repo, "draw", ".", "forum", "--verify", env=ON_SEED_DAY)
    assert landed.returncode == 1 and "plan.json differs" in landed.stderr


def test_quotas_no_panel_meets_are_named(tmp_path):
    """Every pair of one 20-30대 and one 50대 이상 repeats a gender or a region: no panel meets all quotas."""
    people = {"a": ("20-30대", "여성", "불광동"), "b": ("50대 이상", "남성", "불광동"),
              "c": ("20-30대", "남성", "응암동"), "d": ("50대 이상", "여성", "응암동")}
    one_each = {"age_band": {"20-30대": 1, "50대 이상": 1}, "gender": {"여성": 1, "남성": 1}, "region": {"불광동": 1, "응암동": 1}}
    repo = make_repo(tmp_path, people, seats=2, quotas=one_each)
    done = madang(repo, "draw", ".", "forum", "--plan")
    assert done.returncode == 1
    assert "juries/forum/jury.yml:5: 오류[jury-quotas-infeasible]" in done.stderr
    assert re.search(r"no panel meets the quotas: the \w+ quota for '[^']+' would have to be 2 instead of 1", done.stderr)
    assert not (repo.path / "juries/forum/plan.json").exists()


def test_the_jury_page_shows_each_chance_the_smallest_and_the_panel(tmp_path):
    """The built site (MkDocs), as a reader sees it."""
    repo = make_repo(tmp_path)
    plan = plan_and_land(repo)
    announce(repo)
    built = madang(repo, "build", ".", "-d", str(tmp_path / "site"), env=ON_SEED_DAY)
    assert built.returncode == 0, built.stderr
    page = (tmp_path / "site/juries/forum/index.html").read_text(encoding="utf-8")
    seen = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page[page.index("<article"):page.index("</article>")])))
    assert "가장 작은 확률: 0.333333 — 3명, 40대 · 남성, 40대 · 여성, 50대 이상 · 여성" in seen
    assert "@sori 20-30대 · 남성 1.000000 선정" in seen and "@heidi 20-30대 · 여성 0.500000 예비" in seen
    jury = "@" + seen.split(" 배심원 @", 1)[1].split("추첨 계획")[0]  # the 배심원 heading, then its list
    assert sorted(h for h in PEOPLE if f"@{h} —" in jury) == sorted(by_hand(plan, SEED))
    assert "계획의 배심원단 4개 가운데 2번째(확률 0.166667)가 뽑혔습니다" in jury
    assert "예비 배심원 (순서대로): @pachel, @doran, @heidi, @dandi" in jury
    assert "배심원이 빠지면 이 순서에서 가장 앞선, 들어와도 모든 몫이 지켜지는 예비 배심원이 자리를 잇습니다." in jury
