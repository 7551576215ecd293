"""Open data: every data file of the sample site against its JSON Schema, every CSV read back,
the schemas published in docs/schemas, and the 자료 page's licence."""

import csv
import io
import json
import subprocess
import sys

import jsonschema
import pytest

from conftest import BUILD_PY, ROOT, run
from madang.render.datafields import BOM, DATA_FILES, columns, schema


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    site_dir = tmp_path_factory.mktemp("site") / "site"
    done = subprocess.run([sys.executable, str(BUILD_PY), "build", ".", "-d", str(site_dir)], cwd=ROOT,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return site_dir / "data"


@pytest.mark.parametrize("data_file", DATA_FILES, ids=lambda f: f.name)
def test_every_json_file_validates_against_its_published_schema(site, data_file):
    published = json.loads((site / "schemas" / f"{data_file.name}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(published)
    data = json.loads((site / f"{data_file.name}.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(published).validate(data)
    assert data, f"the sample has {data_file.name}"


@pytest.mark.parametrize("data_file", DATA_FILES, ids=lambda f: f.name)
def test_every_csv_has_a_bom_the_right_columns_and_one_row_per_item(site, data_file):
    raw = (site / f"{data_file.name}.csv").read_text(encoding="utf-8")
    assert raw.startswith(BOM)
    rows = list(csv.DictReader(io.StringIO(raw.removeprefix(BOM))))
    header = next(csv.reader(io.StringIO(raw.removeprefix(BOM))))
    items = json.loads((site / f"{data_file.name}.json").read_text(encoding="utf-8"))
    if data_file.name == "attendance":  # the meetings board's own CSV (meetings.attendance_csv)
        assert header == ["handle", "name", "meetings_attended", "meeting_ids"]
    else:
        assert tuple(header) == columns(data_file)
    if data_file.name == "polls":
        assert len(rows) == sum(len(item["options"]) for item in items)
    else:
        assert len(rows) == len(items)


def test_korean_survives_the_csv_round_trip(site):
    rows = list(csv.DictReader(io.StringIO((site / "proposals.csv").read_text(encoding="utf-8-sig"))))
    items = json.loads((site / "proposals.json").read_text(encoding="utf-8"))
    assert [row["title"] for row in rows] == [item["title"] for item in items]
    assert "유아들만 이용할 수 있는 작은도서관" in [row["title"] for row in rows]
    ballots = list(csv.DictReader(io.StringIO((site / "ballots.csv").read_text(encoding="utf-8-sig"))))
    assert any(row["other"] == "시민 운영단" for row in ballots)
    assert {row["counted"] for row in ballots} <= {"true", "false"}


def test_the_acts_files_keep_what_proposals_json_says(site):
    proposals = json.loads((site / "proposals.json").read_text(encoding="utf-8"))
    endorsements = json.loads((site / "endorsements.json").read_text(encoding="utf-8"))
    nested = [{"proposal": p["id"], **act} for p in proposals for act in p["acts"]]
    assert [{k: e[k] for k in nested[0]} for e in endorsements] == nested


def test_members_are_published_without_their_e_mails(site):
    text = (site / "members.json").read_text(encoding="utf-8") + (site / "members.csv").read_text(encoding="utf-8")
    assert "@" not in text and "emails" not in text
    assert "jay" in text


def test_docs_schemas_are_the_ones_the_site_publishes():
    for data_file in DATA_FILES:
        written = json.loads((ROOT / "docs" / "schemas" / f"{data_file.name}.schema.json").read_text(encoding="utf-8"))
        assert written == schema(data_file), f"docs/schemas/{data_file.name}.schema.json is out of date"


def test_a_schema_rejects_a_key_it_does_not_document(site):
    published = json.loads((site / "schemas" / "meetings.schema.json").read_text(encoding="utf-8"))
    data = json.loads((site / "meetings.json").read_text(encoding="utf-8"))
    data[0]["secret"] = 1
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, published)


def test_each_file_has_a_korean_field_page_linked_from_the_data_page(site):
    index = (site / "index.html").read_text(encoding="utf-8")
    for data_file in DATA_FILES:
        page = (site / data_file.name / "index.html").read_text(encoding="utf-8")
        assert "acts[].handle" in page or data_file.name not in ("proposals", "polls")
        assert f'href="{data_file.name}/"' in index
        assert f'href="schemas/{data_file.name}.schema.json"' in index
    assert "CC BY 4.0" in index  # the sample declares its licence (mkdocs.yml `license:`)


def test_the_licence_and_the_book_link_come_from_the_settings(archive):
    archive.propose("2020-09-a", title="첫 제안")
    archive.commit("제안")
    files = {f.path: f.content for f in run(archive).files}
    assert "밝히지 않았습니다" in files["data/index.md"] and "book.pdf" not in files["data/index.md"]
    licence = {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/deed.ko"}
    files = {f.path: f.content for f in run(archive, license=licence, book=True).files}
    assert "[CC BY 4.0](https://creativecommons.org/licenses/by/4.0/deed.ko)에 따라" in files["data/index.md"]
    assert '<a href="../book.pdf">' in files["data/index.md"]
