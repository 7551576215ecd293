"""Privacy by default on a jury's page: an applicant's strata are shown only where their application's
`public:` lists them; the quotas show how many applied per category, and the roster digest (the draw's
proof) is the same whatever they chose to show."""

import pytest

from madang.load import load
from madang.validate import validate
from conftest import JAY, ArchiveRepo, run

pytestmark = pytest.mark.usefixtures("fixed_today")

JURY = ("title: 시민배심원\nseats: 2\napply_until: 2020-09-18\nquotas:\n  gender: {여성: 1, 남성: 1}\n"
        'seed: {source: lottery, date: 2020-09-19, numbers: "3 11 19"}\n')


def archive_with(tmp_path, heidi_public: str) -> ArchiveRepo:
    repo = ArchiveRepo.create(tmp_path / "archive")
    repo.write("juries/forum/jury.yml", JURY)
    repo.write("juries/forum/applicants/heidi.yml",
               f"age_band: 40대\ngender: 여성\nregion: 불광동\nsource: offline\n{heidi_public}")
    repo.write("juries/forum/applicants/dandi.yml", "age_band: 20-30대\ngender: 남성\nregion: 응암동\nsource: offline\n")
    repo.commit("신청 옮겨 적기", author=JAY, when="2020-09-15T10:00:00+09:00")
    return repo


def page_of(repo) -> str:
    return {f.path: f.content for f in run(repo).files}["juries/forum.md"]


def test_only_what_an_applicant_agreed_to_publish_is_shown_and_the_draw_stays_checkable(tmp_path):
    page = page_of(archive_with(tmp_path / "a", "public: [region]\n"))
    assert "| @heidi | 비공개 · 비공개 · 불광동 |" in page or "@heidi — 비공개 · 비공개 · 불광동" in page
    assert "40대" not in page.split("## 명단과 추첨 순서")[1]
    assert "@dandi — 비공개 · 비공개 · 비공개" in page  # no `public:`: nothing shown
    assert "- 성별: 여성 1명 (1) · 남성 1명 (1)" in page  # strata as counts
    everything = page_of(archive_with(tmp_path / "b", "public: [age_band, gender, region]\n"))
    assert "@heidi — 40대 · 여성 · 불광동" in everything
    digest = lambda text: text.split("명단 요약값(sha256): <code>")[1][:64]  # noqa: E731
    assert digest(page) == digest(everything)


def test_the_application_form_says_what_will_be_public_and_a_wrong_public_is_reported(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1599696000")  # 2020-09-10: applications open
    repo = archive_with(tmp_path, "public: [phone]\n")
    page = page_of(repo)
    assert "신청서의 `public:`에 적은 항목만 보입니다" in page
    assert "public: []" in page
    found = [(d.path, d.slug) for d in validate(load(repo.path))[1]]
    assert found == [("juries/forum/applicants/heidi.yml", "bad-value")]
