"""`on:` — the day an act transcribed from paper (`source: offline`) was made: shown beside its landing, used
by the charts, never by the counts; checked at its line (only offline, a date, not after the landing)."""

from datetime import date
from zoneinfo import ZoneInfo

from conftest import DANDI, JAY, ArchiveRepo, act, madang_settings, run
from madang.pipeline import check
from madang.render.participation import daily_counts, records_by_record

SEOUL = ZoneInfo("Asia/Seoul")
P = "infant-hours"


def archive(tmp_path) -> ArchiveRepo:
    repo = ArchiveRepo.create(tmp_path / "archive")
    repo.propose(P, endorse_until="2020-09-20")
    repo.commit("제안", author=DANDI, when="2020-09-02T10:00:00+09:00")
    return repo


def test_a_paper_day_moves_the_chart_not_the_count(tmp_path, fixed_today):
    repo = archive(tmp_path)
    repo.endorse(P, "heidi", "source: offline\non: 2020-09-15\n")  # written at the meeting, typed in after the deadline
    repo.write(f"proposals/{P}/opinions/minni.1.md", "---\nsource: offline\non: 2020-09-08\n---\n좋아요\n")
    repo.commit("종이 명단 옮겨 적기", author=JAY, when="2020-11-27T10:00:00+09:00")
    result = run(repo)
    heidi = act(result, P, "heidi")
    assert (heidi.counted, heidi.reason) == (False, "late")  # its paper day is before the deadline: no matter
    days = daily_counts(records_by_record(result.counts)[("proposal", P)], SEOUL)
    assert days == {date(2020, 9, 8): 1}  # the opinion counts (no deadline), on its paper day; the late 공감 does not
    page = next(f.content for f in result.files if f.path == f"proposals/{P}.md")
    assert "2020.11.27 10:00 (종이에 쓴 날 2020.09.08)" in page


def test_a_paper_day_added_after_the_freeze_still_dates_the_act(tmp_path, fixed_today):
    """The sample's case: the act counted as it stood; a maintainer adds its paper day later."""
    repo = archive(tmp_path)
    repo.endorse(P, "heidi", "source: offline\n")
    repo.commit("종이 명단", author=JAY, when="2020-09-18T10:00:00+09:00")
    repo.endorse(P, "heidi", "source: offline\non: 2020-09-15\n")
    repo.commit("종이에 쓴 날", author=JAY, when="2020-11-27T10:00:00+09:00")
    result = run(repo)
    heidi = act(result, P, "heidi")
    assert (heidi.counted, heidi.paper_day, heidi.landed.date()) == (True, date(2020, 9, 15), date(2020, 9, 18))
    assert daily_counts(records_by_record(result.counts)[("proposal", P)], SEOUL) == {date(2020, 9, 15): 1}


def test_a_paper_day_is_checked_at_its_line(tmp_path, fixed_today):
    repo = archive(tmp_path)
    repo.endorse(P, "heidi", "comment: 좋아요\non: 2020-09-15\n")  # not offline
    repo.endorse(P, "minni", "source: offline\non: 2020-09-31\n")  # no such day
    repo.endorse(P, "dandi", "source: offline\non: 2020-10-20\n")  # after it landed
    repo.commit("공감들", author=JAY, when="2020-09-18T10:00:00+09:00")
    found = {(d.path.rsplit("/", 1)[1], d.line, d.slug) for d in run(repo).diagnostics}
    assert {("heidi.yml", 2, "on-needs-offline"), ("minni.yml", 2, "not-a-date"),
            ("dandi.yml", 2, "on-after-landing")} <= found
    by_check = {(d.path.rsplit("/", 1)[1], d.slug) for d in check(repo.path, madang_settings())[1]}
    assert ("dandi.yml", "on-after-landing") in by_check  # check: after today (2020-10-10), it cannot land earlier
    dandi = next(str(d) for d in run(repo).diagnostics if d.slug == "on-after-landing")
    assert "2020-10-20" in dandi and "2020-09-18" in dandi and "/" in dandi  # Korean / English

