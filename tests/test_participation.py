"""참여 추이: counted acts per day of landing in Seoul, rebuilt from a real history with merges across midnight."""

from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest

from conftest import DANDI, HEIDI, JAY, MALLORY, MINNI, ArchiveRepo, run
from madang.render.participation import buckets, daily_counts, records_by_record, section

SEOUL = ZoneInfo("Asia/Seoul")


@pytest.fixture
def history(tmp_path) -> ArchiveRepo:
    repo = ArchiveRepo.create(tmp_path / "archive")
    repo.propose("infant-hours", endorse_until="2020-10-02")
    repo.open_poll("team-name", closes="2020-10-02")
    repo.commit("제안과 투표", author=DANDI, when="2020-09-02T10:00:00+09:00")
    # heidi commits before midnight, the merge lands after it: the landing's day counts (09-04 in Seoul, 09-03 in UTC)
    repo.branch("heidi")
    repo.endorse("infant-hours", "heidi")
    repo.commit("공감", author=HEIDI, when="2020-09-03T23:50:00+09:00")
    repo.merge_pr("heidi", 1, "2020-09-04T00:10:00+09:00")
    repo.branch("dandi")
    repo.endorse("infant-hours", "dandi")
    repo.commit("공감", author=DANDI, when="2020-09-04T20:00:00+09:00")
    repo.squash_pr("dandi", 2, DANDI, "2020-09-04T23:59:59+09:00")
    repo.endorse("infant-hours", "minni")
    repo.commit("공감", author=MINNI, when="2020-09-05T00:00:00+09:00")
    repo.write("proposals/infant-hours/opinions/heidi.1.md", "좋아요\n")
    repo.commit("의견", author=HEIDI, when="2020-09-05T10:00:00+09:00")
    repo.vote("team-name", "minni", ["core-group"])
    repo.commit("투표", author=MINNI, when="2020-09-07T01:00:00+09:00")  # 09-06 16:00 UTC
    repo.endorse("infant-hours", "dandi", "comment: 고쳤어요\n")
    repo.commit("공감 고침", author=DANDI, when="2020-09-08T10:00:00+09:00")  # an edit does not move the day
    repo.unendorse("infant-hours", "minni")
    repo.commit("공감 취소", author=MINNI, when="2020-09-08T11:00:00+09:00")  # withdrawn: not counted
    repo.endorse("infant-hours", "heidi-x")
    repo.commit("남의 공감", author=MALLORY, when="2020-09-09T11:00:00+09:00")  # unverified: not counted
    return repo


def test_days_are_landing_days_in_seoul(history, fixed_today):
    result = run(history)
    proposal = daily_counts(records_by_record(result.counts)[("proposal", "infant-hours")], SEOUL)
    assert proposal == {date(2020, 9, 4): 2, date(2020, 9, 5): 1}
    everything = daily_counts(result.counts.records.values(), SEOUL)
    assert everything == {date(2020, 9, 4): 2, date(2020, 9, 5): 1, date(2020, 9, 7): 1}
    in_utc = daily_counts(result.counts.records.values(), ZoneInfo("UTC"))
    assert in_utc == {date(2020, 9, 3): 1, date(2020, 9, 4): 1, date(2020, 9, 5): 1, date(2020, 9, 6): 1}


def test_pages_draw_the_chart_with_a_text_equivalent(history, fixed_today):
    files = {f.path: f.content for f in run(history).files}
    page = files["proposals/infant-hours.md"]
    assert "## 참여 추이" in page and "모두 3건" in page
    assert "| 2020.09.04 | 2건 |" in page and "| 2020.09.05 | 1건 |" in page
    chart = next(line for line in page.splitlines() if line.startswith('<div class="madang-chart">'))
    assert chart.count("<rect") == 2 and "<title>2020.09.05: 1건</title>" in chart and 'role="img"' in chart
    process = files["process.md"]
    assert "## 참여 추이" in process and "모두 4건" in process
    chart = next(line for line in process.splitlines() if line.startswith('<div class="madang-chart">'))
    assert chart.count("<rect") == 4  # 09-04 to 09-07, with an empty day drawn as a zero bar
    assert "<title>2020.09.06: 0건</title>" in chart and "| 2020.09.06 |" not in process


def test_no_acts_no_chart(archive, fixed_today):
    archive.propose("quiet")
    archive.commit("조용한 제안", author=JAY, when="2020-09-02T10:00:00+09:00")
    page = {f.path: f.content for f in run(archive).files}["proposals/quiet.md"]
    assert "아직 집계된 참여가 없습니다" in page and "madang-chart" not in page



def test_long_spans_are_drawn_by_week_then_by_month():
    by_week = buckets({date(2020, 9, 2): 1, date(2020, 9, 6): 2, date(2020, 12, 30): 4})
    assert by_week[0] == ("2020.08.31 주", 3) and by_week[-1] == ("2020.12.28 주", 4) and len(by_week) == 18
    by_month = buckets({date(2020, 9, 2): 1, date(2026, 11, 27): 5})
    assert by_month[0] == ("2020.09", 1) and by_month[-1] == ("2026.11", 5) and len(by_month) == 75
    assert sum(n for _, n in by_month) == 6


def test_the_table_follows_the_bars_so_a_long_archive_keeps_its_page_small():
    days = {date(2020, 9, 1) + timedelta(days=offset): 1 for offset in range(0, 6 * 365, 2)}  # six years
    rows = [line for line in section("## 참여 추이", days, "전체") if line.startswith("| ")]
    assert rows[0] == "| 기간 | 참여 |" and rows[2] == "| 2020.09 | 15건 |"
    assert len(rows) == 2 + 72  # the header, its rule and one row a month
    short = [line for line in section("## 참여 추이", {date(2020, 9, 4): 2, date(2020, 9, 6): 1}, "이 제안")
             if line.startswith("| ")]
    assert short == ["| 날짜 | 참여 |", "| --- | ---: |", "| 2020.09.04 | 2건 |", "| 2020.09.06 | 1건 |"]
