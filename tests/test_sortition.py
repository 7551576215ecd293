"""시민배심원 추첨: `build.py draw` on real histories, checked against the documented rule done by hand.

The expected juries here are computed from the rule as written in
madang/sortition.py (sha256 of '<seed>:<handle>', smallest first, quotas as
ceilings), never by calling the module: the test is what a citizen with
`sha256sum` would do.
"""

import dataclasses
import hashlib
import json
import subprocess
import sys

import pytest

from conftest import BUILD_PY, HEIDI, JAY, MALLORY, ArchiveRepo, git, madang_settings, run
from madang import pipeline, sortition

SEED = "3 11 19 24 35 42 + 7"
PEOPLE = {  # handle: (age_band, gender, region)
    "heidi": ("20-30대", "여성", "불광동"),
    "dandi": ("40대", "여성", "응암동"),
    "minni": ("20-30대", "여성", "녹번동"),
    "namu": ("50대 이상", "남성", "갈현동"),
    "pachel": ("40대", "남성", "불광동"),
    "doran": ("50대 이상", "여성", "응암동"),
    "sori": ("20-30대", "남성", "녹번동"),
    "bada": ("40대", "여성", "갈현동"),
}
QUOTAS = {"gender": {"여성": 2, "남성": 2}, "age_band": {"20-30대": 2, "40대": 1, "50대 이상": 1}}


def jury_yml(*, seats=4, numbers=SEED, seed_day="2020-09-19", source="lottery", tag=None, quotas=QUOTAS) -> str:
    lines = ["title: 열린토론회 시민배심원", f"seats: {seats}", "apply_until: 2020-09-18"]
    if tag:
        lines.append(f"roster_tag: {tag}")
    lines.append("quotas:")
    for stratum, categories in quotas.items():
        lines.append(f"  {stratum}: {{{', '.join(f'{c}: {n}' for c, n in categories.items())}}}")
    seed = f"{{source: {source}, date: {seed_day}" + (f', numbers: "{numbers}"' if numbers else "") + "}"
    return "\n".join(lines + [f"seed: {seed}"]) + "\n"


def apply(repo, handle, offline=True):
    age, gender, region = PEOPLE[handle]
    source = "source: offline\n" if offline else ""
    repo.write(f"juries/forum/applicants/{handle}.yml",
               f"age_band: {age}\ngender: {gender}\nregion: {region}\n{source}public: [age_band, gender, region]\n")


def by_hand(seed: str, handles, seats=4, quotas=QUOTAS) -> list[str]:
    """The documented rule, step 4 and 5, with nothing but hashlib."""
    order = sorted(handles, key=lambda h: hashlib.sha256(f"{seed}:{h}".encode()).hexdigest())
    taken, chosen = {}, []
    strata = {"age_band": 0, "gender": 1, "region": 2}
    for handle in order:
        if len(chosen) == seats:
            break
        cells = [(s, PEOPLE[handle][strata[s]]) for s in ("age_band", "gender", "region") if s in quotas]
        if all(taken.get(cell, 0) < quotas[s][c] for cell in cells for s, c in [cell]):
            chosen.append(handle)
            for cell in cells:
                taken[cell] = taken.get(cell, 0) + 1
    return chosen


def draw(path, *args) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, str(BUILD_PY), "draw", str(path), *args], capture_output=True, text=True)
    assert "Traceback" not in done.stderr, done.stderr
    return done


def selected(done) -> list[str]:
    assert done.returncode == 0, done.stderr
    return next(line for line in done.stdout.splitlines() if line.startswith("selected:")).split()[1:]


def draw_here(repo, jury="forum") -> sortition.Draw:
    """The same draw in this process (the command's own functions), where a subprocess would only be slower."""
    settings = madang_settings()
    archive, _, history, _ = pipeline.count(repo.path, settings)
    return sortition.draw_jury(archive.juries[jury], archive, history, settings)


def handles(drawn) -> list[str]:
    return [applicant.handle for applicant in drawn.selected]


@pytest.fixture
def jury_repo(tmp_path) -> ArchiveRepo:
    """Seven applications entered from the paper sheet by the maintainer, one late, one forged; the seed after."""
    repo = ArchiveRepo.create(tmp_path / "archive")
    repo.write("juries/forum/jury.yml", jury_yml(numbers=None))
    repo.commit("배심원단 모집", author=JAY, when="2020-09-10T10:00:00+09:00")
    for handle in ("heidi", "dandi", "minni", "namu"):
        apply(repo, handle)
    repo.commit("신청 옮겨 적기 1", author=JAY, when="2020-09-16T18:00:00+09:00")
    for handle in ("pachel", "doran", "sori"):
        apply(repo, handle)
    repo.commit("신청 옮겨 적기 2", author=JAY, when="2020-09-18T23:50:00+09:00")
    apply(repo, "bada")
    repo.commit("늦은 신청", author=JAY, when="2020-09-19T00:10:00+09:00")
    repo.write("juries/forum/applicants/heidi.yml", "age_band: 40대\ngender: 여성\nregion: 불광동\n")
    repo.commit("남의 신청 고치기", author=MALLORY, when="2020-09-20T09:00:00+09:00")
    repo.write("juries/forum/jury.yml", jury_yml())
    repo.commit("추첨 번호 기록", author=JAY, when="2020-09-19T21:00:00+09:00")
    return repo


ROSTER = ["doran", "dandi", "heidi", "minni", "namu", "pachel", "sori"]


def test_why_a_jury_cannot_be_drawn_is_said_in_the_pages_language(jury_repo, fixed_today):
    """The command line says it in both languages; the jury page only in its own."""
    jury_repo.write("juries/forum/jury.yml", jury_yml(seats=9, quotas={}))
    jury_repo.commit("자리 늘리기", author=JAY, when="2020-09-19T22:00:00+09:00")
    settings = madang_settings()
    pages = {language: dict((f.path, f.content) for f in pipeline.run(
        jury_repo.path, dataclasses.replace(settings, language=language)).files)["juries/forum.md"]
        for language in ("ko", "en")}
    assert "신청자 7명이 자리 수 9명보다 적습니다." in pages["ko"] and "fewer than" not in pages["ko"]
    assert "7 applicants are fewer than the 9 seats." in pages["en"] and "신청자 7명" not in pages["en"]
    assert "신청자 7명이 자리 수 9명보다 적습니다. / 7 applicants are fewer" in draw(jury_repo.path).stderr


def test_the_draw_is_the_documented_rule_and_the_same_on_a_fresh_clone(jury_repo, tmp_path):
    first = draw(jury_repo.path)
    assert selected(first) == by_hand(SEED, ROSTER)
    lines = first.stdout.splitlines()
    rows = [{"handle": h, "age_band": PEOPLE[h][0], "gender": PEOPLE[h][1], "region": PEOPLE[h][2]} for h in sorted(ROSTER)]
    canonical = json.dumps(rows, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    assert f"roster digest: {hashlib.sha256(canonical.encode()).hexdigest()}" in lines
    assert f"seed: {SEED} (lottery: lottery numbers of 2020-09-19)" in lines
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(jury_repo.root), str(clone))
    assert draw(clone, "forum").stdout == first.stdout


def test_late_and_forged_applications_stay_off_the_roster(jury_repo, fixed_today):
    """bada landed after apply_until ended; mallory's later edit of heidi's file is after the freeze and ignored."""
    page = dict((f.path, f.content) for f in run(jury_repo).files)["juries/forum.md"]
    assert "명단 7명" in page
    assert "@bada · 마감 뒤에 반영됨" in page
    assert "@heidi | 20-30대 · 여성 · 불광동 |" in page
    for handle in by_hand(SEED, ROSTER):
        assert f". @{handle} —" in page


def test_another_seed_draws_another_jury_and_quotas_hold(jury_repo):
    seeds = [SEED, "1 2 3 4 5 6 + 7", "8 13 21 34 40 44 + 1", "5 9 17 26 31 45 + 12"]
    juries = []
    for seed in seeds:
        jury_repo.write("juries/forum/jury.yml", jury_yml(numbers=seed))
        jury = handles(draw_here(jury_repo))
        assert jury == by_hand(seed, ROSTER)
        women = sum(PEOPLE[h][1] == "여성" for h in jury)
        young = sum(PEOPLE[h][0] == "20-30대" for h in jury)
        assert len(jury) == 4 and women == 2 and young <= 2
        juries.append(tuple(jury))
    assert len(set(juries)) > 1


def test_commit_after_seed_is_the_first_landing_after_the_day(tmp_path):
    repo = ArchiveRepo.create(tmp_path / "archive")
    repo.write("juries/forum/jury.yml", jury_yml(numbers=None, source="commit-after", seed_day="2020-09-20"))
    for handle in ROSTER:
        apply(repo, handle)
    repo.commit("신청", author=JAY, when="2020-09-15T10:00:00+09:00")
    with pytest.raises(sortition.DrawError, match="아직"):
        draw_here(repo)
    repo.write("content/notes.md", "# 메모\n")
    repo.commit("20일 메모", author=JAY, when="2020-09-20T23:00:00+09:00")
    repo.branch("next")
    repo.write("content/later.md", "# 나중\n")
    repo.commit("다음날", author=HEIDI, when="2020-09-21T08:00:00+09:00")
    landing = repo.merge_pr("next", 9, "2020-09-21T09:00:00+09:00")
    repo.write("content/even-later.md", "# 더 나중\n")
    repo.commit("그 뒤", author=JAY, when="2020-09-22T08:00:00+09:00")
    drawn = draw_here(repo)
    assert drawn.seed.text == landing and drawn.seed.commit.sha == landing
    assert handles(drawn) == by_hand(landing, ROSTER)


def test_roster_tag_freezes_the_roster_and_a_seed_known_by_then_is_refused(tmp_path):
    repo = ArchiveRepo.create(tmp_path / "archive")
    for handle in ROSTER[:5]:
        apply(repo, handle)
    repo.write("juries/forum/jury.yml", jury_yml(tag="roster"))
    repo.commit("신청", author=JAY, when="2020-09-15T10:00:00+09:00")
    missing = draw(repo.path)
    assert missing.returncode == 1 and "'roster'" in missing.stderr and "git fetch --tags" in missing.stderr
    repo.git("tag", "roster")
    for handle in ROSTER[5:]:
        apply(repo, handle)
    repo.commit("태그 뒤 신청", author=JAY, when="2020-09-16T10:00:00+09:00")
    quotas = {"gender": {"여성": 2, "남성": 1}}
    repo.write("juries/forum/jury.yml", jury_yml(tag="roster", seats=3, quotas=quotas))
    drawn = draw_here(repo)
    assert handles(drawn) == by_hand(SEED, ROSTER[:5], seats=3, quotas=quotas)
    assert [a.handle for a in drawn.roster.applicants] == sorted(ROSTER[:5])
    repo.commit("태그를 추첨일 뒤로", author=JAY, when="2020-09-19T22:00:00+09:00")
    repo.git("tag", "-f", "roster", "HEAD")
    with pytest.raises(sortition.DrawError, match="2020-09-19.*already known"):
        draw_here(repo)


def test_quotas_larger_than_the_pool_are_refused(jury_repo):
    jury_repo.write("juries/forum/jury.yml", jury_yml(quotas={"age_band": {"20-30대": 4, "40대": 2, "50대 이상": 2}}))
    done = draw(jury_repo.path)
    assert done.returncode == 1
    assert "'20-30대'" in done.stderr and "(4)" in done.stderr and "3" in done.stderr
    jury_repo.write("juries/forum/jury.yml", jury_yml(seats=9, quotas={}))
    with pytest.raises(sortition.DrawError, match="7 applicants are fewer than the 9 seats"):
        draw_here(jury_repo)
    unknown = draw(jury_repo.path, "nope")
    assert unknown.returncode == 1 and "'nope'" in unknown.stderr


def test_the_site_shows_digest_seed_quotas_and_jury(jury_repo, tmp_path):
    site = tmp_path / "site"
    done = subprocess.run([sys.executable, str(BUILD_PY), "build", str(jury_repo.path), "-d", str(site)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    page = (site / "juries" / "forum" / "index.html").read_text(encoding="utf-8")
    assert draw_here(jury_repo).roster.digest in page
    assert SEED in page and "여성 2명 (4)" in page and "추첨 완료" in page
    assert 'href="../juries/"' in (site / "process" / "index.html").read_text(encoding="utf-8")
