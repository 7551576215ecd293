"""Listings read as cards on a phone: tables of three or more columns carry their headers on each cell."""

import markdown

from madang.render.tables import card_tables


def html(markdown_text: str) -> str:
    return markdown.markdown(markdown_text, extensions=["tables"])


def test_a_listing_gets_its_headers_on_each_cell_and_its_title_marked():
    listing = html("| 날짜 | 제안 | 공감 |\n| --- | --- | ---: |\n| 2020.09.15 | [책 꾸러미](a/) | 3명 |\n")
    marked = card_tables(listing)
    assert "<table data-madang-cards>" in marked
    assert '<td data-label="날짜">2020.09.15</td>' in marked
    assert '<td data-madang-title><a href="a/">책 꾸러미</a></td>' in marked  # the cell with the link
    assert '<td style="text-align: right;" data-label="공감">3명</td>' in marked


def test_a_row_without_a_link_takes_its_first_cell_as_title():
    marked = card_tables(html("| 할 일 | 담당 | 기한 |\n| --- | --- | --- |\n| 정리 | @jay | 2020.09.18 |\n"))
    assert "<td data-madang-title>정리</td>" in marked and '<td data-label="담당">@jay</td>' in marked


def test_a_header_someone_wrote_is_escaped_in_the_attribute():
    marked = card_tables(html('| a | "><b>x | c |\n| --- | --- | --- |\n| 1 | 2 | 3 |\n'))
    assert 'data-label="&quot;&gt; x"' in marked  # its text, tags cut


def test_two_columns_and_tables_in_tables_stay_as_they_are():
    two = html("| 항목 | 내용 |\n| --- | --- |\n| 제안자 | @jay |\n")
    assert card_tables(two) == two
    nested = "<table><thead><tr><th>a</th><th>b</th><th>c</th></tr></thead><tbody><tr><td><table></table></td></tr></tbody></table>"
    assert card_tables(nested) == nested
