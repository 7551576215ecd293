"""`madang generate`: the sample's sources written as plain files, built by MkDocs without the madang plugin,
give the pages the plugin builds (docs/architecture.md "madang generate" lists what differs, and only that)."""

import json
import os
import re
import subprocess
import sys

import pytest
import yaml

from conftest import BUILD_PY, MINIMAL_MKDOCS, ROOT, ArchiveRepo

CARD_TABLES = re.compile(r' data-madang-cards| data-madang-title| data-label="[^"]*"')
"""What render/tables.py adds to a page's HTML after MkDocs made it (on_page_content): the plugin's alone."""
DIFFERENT = {"search/search_index.json", "sitemap.xml", "sitemap.xml.gz"}
"""madang's search index (search.py, on_post_build); the sitemap lists the pages in MkDocs' file order."""


def cli(*args, cwd=None) -> subprocess.CompletedProcess:
    environment = {key: value for key, value in os.environ.items() if key != "SOURCE_DATE_EPOCH"}
    return subprocess.run([sys.executable, str(BUILD_PY), *map(str, args)], capture_output=True, text=True,
                          env=environment, cwd=cwd)


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """(the plugin's site, the generated sources, the plain MkDocs site built from them) of a clone of the sample."""
    folder = tmp_path_factory.mktemp("generate")
    clone = folder / "archive"
    subprocess.run(["git", "clone", "-q", "--no-tags", str(ROOT), str(clone)], check=True)
    built = cli("build", clone, "-d", folder / "plugin-site")
    assert built.returncode == 0, built.stderr
    generated = cli("generate", clone, folder / "out")
    assert generated.returncode == 0, generated.stderr
    epoch = subprocess.run(["git", "-C", str(clone), "log", "-1", "--format=%ct"], capture_output=True, text=True)
    environment = {**os.environ, "SOURCE_DATE_EPOCH": epoch.stdout.strip(), "NO_MKDOCS_2_WARNING": "1"}
    plain = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(folder / "out" / "mkdocs.yml")],
                           capture_output=True, text=True, env=environment)
    assert plain.returncode == 0, plain.stderr
    return folder / "plugin-site", folder / "out", folder / "out" / "site"


def files_of(site) -> dict:
    return {path.relative_to(site).as_posix(): path for path in site.rglob("*") if path.is_file()}


def article(page) -> str:
    text = page.read_text(encoding="utf-8")
    return " ".join(text[text.index("<article"):text.index("</article>")].split())


def test_the_generated_mkdocs_yml_has_no_madang_plugin_and_the_navigation_written_out(builds):
    _, out, _ = builds
    settings = (out / "mkdocs.yml").read_text(encoding="utf-8")
    assert "madang" not in json.dumps(yaml.load(settings, Loader=yaml.Loader)["plugins"])
    written = yaml.load(settings, Loader=yaml.Loader)
    assert written["nav"][:3] == [{"홈": "index.md"}, {"제안": "proposals/index.md"}, {"투표": "polls/index.md"}]
    assert written["docs_dir"] == "docs" and written["theme"]["custom_dir"] == "overrides"
    assert (out / "docs" / "proposals" / "2020-09-infant-hours.md").is_file()
    assert not list((out / "docs").rglob("endorsements"))  # act files under content/ stay out, as in the plugin


def test_plain_mkdocs_builds_every_page_the_plugin_builds_with_the_same_article(builds):
    plugin_site, _, plain_site = builds
    plugin_files, plain_files = files_of(plugin_site), files_of(plain_site)
    assert set(plugin_files) == set(plain_files)
    pages = [path for path in plugin_files if path.endswith(".html") and "<article" in plugin_files[path].read_text()]
    assert len(pages) > 60
    for path in pages:
        assert CARD_TABLES.sub("", article(plugin_files[path])) == article(plain_files[path]), path
    tables = [path for path in pages if "data-madang-cards" in plugin_files[path].read_text()]
    assert tables and not any("data-madang-cards" in plain_files[path].read_text() for path in tables)
    for path in set(plugin_files) - set(pages) - DIFFERENT:
        assert plugin_files[path].read_bytes() == plain_files[path].read_bytes(), path


def test_the_share_cards_and_footer_come_through_front_matter_and_extra(builds):
    plugin_site, out, plain_site = builds
    page = "proposals/2020-09-infant-hours/index.html"
    shared = [re.findall(r'<meta (?:property|name)="(?:og|twitter):[^>]*>', (site / page).read_text()) for site in
              (plugin_site, plain_site)]
    assert shared[0] == shared[1] and any("assets/cards/proposals/2020-09-infant-hours.png" in m for m in shared[0])
    assert 'class="madang-share"' in (plain_site / page).read_text()
    assert "madang 0." in (plain_site / page).read_text().split('class="madang-version"', 1)[1][:40]
    metadata = json.loads((out / "madang.json").read_text(encoding="utf-8"))
    cards = {card["page"]: card for card in metadata["cards"]}
    assert cards["proposals/2020-09-infant-hours.md"]["image"] == "assets/cards/proposals/2020-09-infant-hours.png"
    assert "proposals/2020-09-infant-hours.md" in metadata["search"]["indexed_by_section"]


def test_generate_never_writes_over_the_archive(tmp_path):
    repo = ArchiveRepo.create(tmp_path / "archive", mkdocs=MINIMAL_MKDOCS)
    for out in (repo.path, tmp_path, repo.path / "content" / "out"):
        done = cli("generate", repo.path, out)
        assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
        assert "OUT_DIR is replaced whole" in done.stderr
    assert (repo.path / "mkdocs.yml").is_file() and not (repo.path / "content" / "out").exists()
