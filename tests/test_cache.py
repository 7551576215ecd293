"""The history cache gives exactly what a cold read gives, and never mixes histories."""

from pathlib import Path

from madang import cache
from madang.history import read_history
from madang.tally import tally

from conftest import DANDI, HEIDI, JAY, madang_settings


def cache_files(repo) -> list[Path]:
    return sorted((repo.root / ".git" / "madang").glob("history-*.json"))


def counts(repo, history):
    from madang.load import load
    from madang.validate import validate

    archive, _ = validate(load(repo.path))
    return tally(archive, history, madang_settings())


def assert_same_as_cold(repo):
    warm = read_history(repo.path)
    cold = read_history(repo.path, use_cache=False)
    assert warm == cold
    assert counts(repo, warm) == counts(repo, cold)
    return warm


def endorsed_history(archive):
    archive.propose("p1", endorse_until="2020-10-02")
    archive.commit("propose", author=JAY, when="2020-09-02T10:00:00+09:00")
    archive.branch("heidi-e")
    archive.endorse("p1", "heidi", "comment: 좋아요\n")
    archive.commit("endorse", author=("하이디", "1+heidi@users.noreply.github.com"), when="2020-09-03T10:00:00+09:00")
    archive.merge_pr("heidi-e", 1, "2020-09-03T11:00:00+09:00")
    return archive


def test_the_cache_is_written_outside_tracked_files(archive):
    endorsed_history(archive)
    read_history(archive.path)
    assert len(cache_files(archive)) == 1
    assert archive.git("status", "--porcelain") == ""


def test_one_more_pull_request_reads_only_the_new_commits(archive):
    endorsed_history(archive)
    first = read_history(archive.path)
    archive.branch("minni-e")
    archive.endorse("p1", "minni")
    archive.commit("endorse", author=("민니", "2+minni@users.noreply.github.com"), when="2020-09-04T10:00:00+09:00")
    archive.merge_pr("minni-e", 2, "2020-09-04T11:00:00+09:00", user="minni")
    warm = assert_same_as_cold(archive)
    assert warm.landings[: len(first.landings)] == first.landings
    assert [e.landing.pr for e in warm.events] == [1, 2]


def event_count(segment) -> int:
    _, _, (_, event_columns) = segment
    return len(event_columns[0][1])


def test_the_cache_extends_itself_and_says_what_it_holds(archive):
    endorsed_history(archive)
    first = read_history(archive.path).head
    archive.endorse("p1", "dandi")
    head = archive.commit("endorse", author=("단디", "3+dandi@users.noreply.github.com"), when="2020-09-05T10:00:00+09:00")
    read_history(archive.path)
    segments = cache.load(cache_files(archive)[0])
    assert [(base, to) for base, to, _ in segments] == [(None, first), (first, head)]
    assert [event_count(segment) for segment in segments] == [1, 1]  # the second holds only the new act


def test_many_segments_are_rewritten_as_one(archive, monkeypatch):
    monkeypatch.setattr(cache, "MAX_SEGMENTS", 2)
    endorsed_history(archive)
    read_history(archive.path)
    for day, handle in enumerate(("dandi", "minni", "jay"), 5):
        archive.endorse("p1", handle)
        archive.commit("endorse", author=JAY, when=f"2020-09-{day:02}T10:00:00+09:00")
        read_history(archive.path)
    segments = cache.load(cache_files(archive)[0])
    assert [base for base, _, _ in segments] == [None, segments[0][1]]
    assert sum(event_count(segment) for segment in segments) == 4
    assert_same_as_cold(archive)


def test_segments_that_do_not_chain_are_no_cache(archive):
    endorsed_history(archive)
    read_history(archive.path)
    file = cache_files(archive)[0]
    whole = file.read_bytes()
    archive.endorse("p1", "dandi")
    archive.commit("endorse", author=DANDI, when="2020-09-05T10:00:00+09:00")
    read_history(archive.path)
    appended = file.read_bytes()[len(whole):]
    file.write_bytes(whole + appended + appended)  # two builds appended the same segment
    assert cache.load(file) is None
    assert_same_as_cold(archive)


def test_a_segment_cut_short_is_no_cache(archive):
    endorsed_history(archive)
    read_history(archive.path)
    archive.endorse("p1", "dandi")
    archive.commit("endorse", author=DANDI, when="2020-09-05T10:00:00+09:00")
    read_history(archive.path)
    file = cache_files(archive)[0]
    file.write_bytes(file.read_bytes()[:-20])
    assert cache.load(file) is None
    assert_same_as_cold(archive)


def test_a_force_push_is_read_from_scratch(archive):
    endorsed_history(archive)
    base = archive.sha("HEAD~1")
    archive.endorse("p1", "dandi")
    archive.commit("endorse", author=DANDI, when="2020-09-05T10:00:00+09:00")
    read_history(archive.path)
    # rewrite: drop both landings, land something else instead
    archive.git("reset", "-q", "--hard", base)
    archive.endorse("p1", "minni", "source: offline\n")
    archive.commit("paper sheet", author=JAY, when="2020-09-06T10:00:00+09:00")
    warm = assert_same_as_cold(archive)
    assert [e.name for e in warm.events] == ["minni.yml"]


def test_a_rewritten_history_with_the_old_head_garbage_collected(archive):
    endorsed_history(archive)
    read_history(archive.path)
    archive.git("commit", "-q", "--amend", "-m", "reworded merge")
    archive.git("reflog", "expire", "--expire=now", "--all")
    archive.git("gc", "-q", "--prune=now")
    assert_same_as_cold(archive)


def test_a_broken_cache_file_is_ignored(archive):
    endorsed_history(archive)
    read_history(archive.path)
    cache_files(archive)[0].write_bytes(b"not a cache")
    assert_same_as_cold(archive)


def test_nothing_new_gives_the_cached_history(archive):
    endorsed_history(archive)
    first = read_history(archive.path)
    assert read_history(archive.path) == first


def test_a_branch_switch_to_an_unrelated_line_is_not_mixed(archive):
    endorsed_history(archive)
    read_history(archive.path)
    archive.git("checkout", "-q", "--orphan", "other")
    archive.git("rm", "-rq", "--cached", "proposals")
    archive.propose("p1", endorse_until="2020-10-02")
    archive.endorse("p1", "heidi")
    archive.commit("another line", author=HEIDI, when="2020-09-07T10:00:00+09:00")
    warm = assert_same_as_cold(archive)
    assert len(warm.landings) == 1


class _RunsCode:
    """A pickle that, read with pickle.load, would create `marker`: what a cache must never run."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (Path(self.marker),))


def test_a_cache_file_is_read_as_data_and_runs_nothing(archive, tmp_path):
    import pickle

    endorsed_history(archive)
    read_history(archive.path)
    file = cache_files(archive)[0]
    assert file.read_text(encoding="utf-8").startswith(cache.HEADER)  # text, line by line
    marker = tmp_path / "ran"
    file.write_bytes(pickle.dumps(_RunsCode(marker)))
    assert_same_as_cold(archive)
    assert not marker.exists()


def test_a_cache_of_another_shape_is_no_cache(archive):
    endorsed_history(archive)
    read_history(archive.path)
    file = cache_files(archive)[0]
    file.write_text(cache.HEADER + '[null, "%s", [[], {"x": 1}]]\n' % archive.sha("HEAD"), encoding="utf-8")
    assert_same_as_cold(archive)


def test_a_cache_of_an_earlier_version_is_removed(archive):
    endorsed_history(archive)
    folder = archive.root / ".git" / "madang"
    folder.mkdir(parents=True)
    key = cache.path_for(archive.root / ".git", "").stem.rsplit("-", 1)[-1]
    (folder / f"history-v8-{key}.pickle").write_bytes(b"old")
    read_history(archive.path)
    assert [file.name for file in folder.iterdir()] == [cache.path_for(archive.root / ".git", "").name]
