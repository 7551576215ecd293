"""Acts cannot be slipped in under someone else's name, and odd git settings or messages change nothing."""

import subprocess
import sys

from conftest import BUILD_PY, JAY, MALLORY, act, run

HEIDI_NOREPLY = ("하이디", "1+heidi@users.noreply.github.com")
BEFORE = "2020-09-10T10:00:00+09:00"


def test_an_act_added_by_a_merge_on_the_pr_branch_is_judged_by_that_merge(archive):
    archive.propose("p1")
    archive.commit("propose", author=JAY, when="2020-09-02T10:00:00+09:00")
    archive.branch("pr")
    archive.write("content/x.md", "x\n")
    archive.commit("docs", author=MALLORY, when="2020-09-03T10:00:00+09:00")
    archive.checkout("main")
    archive.write("content/y.md", "y\n")
    archive.commit("main", author=JAY, when="2020-09-04T10:00:00+09:00")
    archive.checkout("pr")
    archive.git("merge", "-q", "--no-commit", "--no-ff", "main")
    archive.endorse("p1", "jay", "comment: forged\n")
    forged = archive.commit("Merge branch main into pr", author=MALLORY, when="2020-09-05T10:00:00+09:00")
    archive.merge_pr("pr", 9, "2020-09-06T12:00:00+09:00")
    jay = act(run(archive), "p1", "jay")
    assert (jay.counted, jay.level, jay.commit, jay.pr) == (False, "unverified", forged, 9)


def test_a_forged_add_is_not_cleaned_by_the_owner_editing_it(archive):
    archive.propose("p1")
    archive.commit("propose", author=JAY, when="2020-09-02T10:00:00+09:00")
    archive.endorse("p1", "heidi")
    archive.commit("forged (#3)", author=MALLORY, when="2020-09-03T10:00:00+09:00")
    archive.endorse("p1", "heidi", "comment: 제가 고쳤어요\n")
    archive.commit("edit (#4)", author=HEIDI_NOREPLY, when=BEFORE)
    assert act(run(archive), "p1", "heidi").level == "unverified"


def test_an_owners_act_edited_by_someone_else_is_no_longer_verified(archive):
    archive.propose("p1")
    archive.commit("propose", author=JAY, when="2020-09-02T10:00:00+09:00")
    archive.endorse("p1", "heidi")
    archive.commit("mine (#3)", author=HEIDI_NOREPLY, when="2020-09-03T10:00:00+09:00")
    archive.endorse("p1", "heidi", "comment: 바꿔치기\n")
    archive.commit("edit (#4)", author=MALLORY, when=BEFORE)
    assert act(run(archive), "p1", "heidi").level == "unverified"


def test_counting_only_unverified_acts_is_a_setting_not_a_crash(archive):
    archive.propose("p1")
    archive.endorse("p1", "heidi")
    archive.commit("mine (#3)", author=HEIDI_NOREPLY, when=BEFORE)
    heidi = act(run(archive, count=["unverified"]), "p1", "heidi")
    assert (heidi.counted, heidi.reason) == (False, "verified")
    archive.write("mkdocs.yml", archive.path.joinpath("mkdocs.yml").read_text().replace(
        "plugins: [search, madang]", "plugins: [search, {madang: {count: [unverified]}}]"))
    out = archive.root.parent / "out"
    built = subprocess.run([sys.executable, str(BUILD_PY), "build", str(archive.path), "-d", str(out)],
                           capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    assert "본인 확인된 참여는" in (out / "proposals" / "p1" / "index.html").read_text(encoding="utf-8")


def test_a_root_commit_counts_whatever_log_show_root_says(archive):
    archive.git("config", "log.showRoot", "false")
    archive.propose("p1")
    archive.endorse("p1", "heidi")
    archive.git("add", "-A")
    archive.git("commit", "-q", "--amend", "--no-edit", "--reset-author",
                env={"GIT_AUTHOR_NAME": "h", "GIT_AUTHOR_EMAIL": HEIDI_NOREPLY[1], "GIT_AUTHOR_DATE": BEFORE,
                     "GIT_COMMITTER_NAME": "h", "GIT_COMMITTER_EMAIL": HEIDI_NOREPLY[1],
                     "GIT_COMMITTER_DATE": BEFORE})
    assert act(run(archive), "p1", "heidi").counted


def test_control_characters_in_a_message_change_nothing(archive):
    archive.propose("p1")
    archive.endorse("p1", "heidi")
    archive.commit("weird \x1e title \x1d\x1f (#7)", author=HEIDI_NOREPLY, when=BEFORE)
    heidi = act(run(archive), "p1", "heidi")
    assert (heidi.counted, heidi.pr) == (True, 7)


def test_a_site_folder_that_cannot_be_written_is_a_message(archive, tmp_path):
    blocker = tmp_path / "afile"
    blocker.write_text("x")
    built = subprocess.run([sys.executable, str(BUILD_PY), "build", str(archive.path), "-d", str(blocker)],
                           capture_output=True, text=True)
    assert built.returncode == 1
    assert "Traceback" not in built.stderr and "afile" in built.stderr
