"""The tally point is what `git log --first-parent --before=… -1` names, even when clocks run backwards."""

from datetime import datetime, timedelta, timezone

from madang.history import Landing
from madang.tally import TallyPoints

START = datetime(2020, 9, 1, tzinfo=timezone.utc)


def landings(*hours):
    return [Landing(f"{i:040x}", START + timedelta(hours=h), None, i) for i, h in enumerate(hours)]


def first_before(chain, deadline_end):
    """The definition, walked literally from HEAD back."""
    return next((l.position for l in reversed(chain) if l.time < deadline_end), -1)


def test_points_match_walking_back_from_head_with_a_clock_that_ran_backwards():
    chain = landings(1, 5, 3, 7, 6, 9)
    points = TallyPoints(chain)
    for hour in range(0, 11):
        deadline_end = START + timedelta(hours=hour, minutes=30)
        assert points.point(deadline_end) == first_before(chain, deadline_end), hour


def test_no_deadline_is_head_and_nothing_landed_is_minus_one():
    points = TallyPoints(landings(2, 4))
    assert points.point(None) == 1
    assert points.point(START) == -1
