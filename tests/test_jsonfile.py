"""The open data's JSON text (render/jsonfile.py) is the standard library's, byte for byte."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from madang.render.jsonfile import json_file


def standard(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


HOSTILE_TEXT = [
    "", "한글 제안", "따옴표 \" 와 역슬래시 \\", "줄\n바꿈\r\n탭\t", "\x00\x01\x1f\x7f", "\u2028\u2029",
    "😀 \U0010ffff", "</script><!--", "\ufeff앞", "e\u0301", "a" * 10_000,
]
NUMBERS = [0, -1, 2**63 - 1, -(2**63), 2**64, 10**40, 0.0, -0.0, 0.01, 3.67, 100.0, 1e16, 1.5e300, 2 / 3]
SHAPES = [
    [], {}, [[]], {"a": {}}, [None, True, False], {"키": [1, {"깊이": [None]}]},
    {1: "a number key", "b": 2}, {None: 1}, {"a": [2**64]},
    [[[[[[[[[[["deep"]]]]]]]]]]],
]


@pytest.mark.parametrize("value", HOSTILE_TEXT + NUMBERS + SHAPES, ids=range(len(HOSTILE_TEXT + NUMBERS + SHAPES)))
def test_each_value_is_written_as_the_standard_library_writes_it(value):
    assert json_file(value) == standard(value)


texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=20)
scalars = (st.none() | st.booleans() | st.integers() | texts
           | st.integers(-10**8, 10**8).map(lambda hundredths: hundredths / 100))
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4),
                      max_leaves=30)


@settings(max_examples=300, deadline=None)
@given(values)
def test_any_value_of_the_open_datas_kinds_is_written_as_the_standard_library_writes_it(value):
    """Text (no lone surrogates: files are UTF-8), integers of any size, scores rounded to hundredths,
    and lists and objects of them, as every data file is made of."""
    assert json_file(value) == standard(value)
