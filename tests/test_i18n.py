"""One language per site (mkdocs.yml `theme.language`), every citizen's word from a catalog (madang/i18n.py).

The catalogs are checked against the code with Babel's own extractor; a small archive is built in
Korean, in English and in a language madang has no catalog for.
"""

import ast
import html.parser as html_parser
import re
import string
import subprocess
import sys
from pathlib import Path

import pytest

from madang import catalogs, i18n
from madang.render.guide import guide_page
from conftest import BUILD_PY, MINIMAL_MKDOCS, ROOT, ArchiveRepo, git, madang_settings
from test_check import run_check

PACKAGE = Path(i18n.__file__).parent
MESSAGE_FUNCTIONS = {"_", "ngettext", "pgettext", "N_", "NP_"}
HANGUL = re.compile("[\uac00-\ud7a3]")


def placeholders(message: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(message) if name}


def strings(message) -> tuple:
    return message.string if isinstance(message.string, tuple) else (message.string,)


def test_every_message_the_code_uses_is_in_every_catalog_in_all_its_plural_forms():
    template = catalogs.extracted()
    assert len(template) > 100
    for language in i18n.languages():
        catalog = catalogs.read(language)
        missing, unfilled, wrong = [], [], []
        for message in template:
            if not message.id:
                continue
            entry = catalog.get(message.id, context=message.context)
            if entry is None:
                missing.append(message.id)
                continue
            forms = strings(entry)
            if len(forms) != (catalog.num_plurals if message.pluralizable else 1) or not all(forms) or entry.fuzzy:
                unfilled.append(message.id)
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            if any(placeholders(form) - placeholders(ids[-1]) for form in forms):
                wrong.append(message.id)
        assert not missing, f"{language}.po lacks (python -m madang.catalogs): {missing}"
        assert not unfilled, f"{language}.po leaves untranslated: {unfilled}"
        assert not wrong, f"{language}.po names placeholders its message does not have: {wrong}"


def test_the_catalogs_give_korean_one_form_and_english_two():
    assert catalogs.read("ko").num_plurals == 1 and catalogs.read("en").num_plurals == 2
    with i18n.speaking("en"):
        assert i18n.ngettext("공감 {n}명", "공감 {n}명", 1) == "1 endorsement"
        assert i18n.ngettext("공감 {n}명", "공감 {n}명", 2) == "2 endorsements"
        assert i18n.pgettext("stage", "제안") == "Proposed" and i18n._("제안") == "Proposals"
    with i18n.speaking("ko"):
        assert i18n.ngettext("공감 {n}명", "공감 {n}명", 2) == "공감 2명"


def test_every_message_is_a_literal_outside_f_strings_so_the_extractor_sees_it():
    """Babel skips a `_()` inside an f-string and cannot read a message that is not a literal."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "i18n.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            inside = [inner for inner in ast.walk(node) if isinstance(node, ast.JoinedStr)]
            for call in inside:
                if isinstance(call, ast.Call) and getattr(call.func, "id", None) in MESSAGE_FUNCTIONS:
                    found.append(f"{path.name}:{call.lineno}: in an f-string")
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in MESSAGE_FUNCTIONS:
                count = {"ngettext": 2, "pgettext": 2, "NP_": 2}.get(node.func.id, 1)
                if not all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in node.args[:count]):
                    found.append(f"{path.name}:{node.lineno}: not a literal")
    assert not found


def test_theme_language_names_its_catalog_and_an_unknown_one_falls_back_to_korean():
    assert [i18n.catalog_language(x) for x in ("ko", "en", "en-GB", "ko_KR", None)] == ["ko", "en", "en", "ko", "ko"]
    assert i18n.catalog_language("fr") is None and i18n.site_language("fr") == "ko"


def build_home(tmp_path, language: str) -> str:
    from test_site import build
    mkdocs = MINIMAL_MKDOCS.replace("language: ko", f"language: {language}")
    repo = ArchiveRepo.create(tmp_path / "archive", mkdocs=mkdocs)
    repo.propose("2020-09-infant-hours", title="유아들만 이용할 수 있는 작은도서관", endorse_until="2020-10-02")
    repo.commit("Propose")
    build(repo.path, tmp_path / "site", tmp_path)
    return (tmp_path / "site" / "index.html").read_text(encoding="utf-8")


def test_an_english_site_speaks_english_from_its_tabs_to_its_footer(tmp_path, fixed_today):
    page = build_home(tmp_path, "en")
    assert ">Proposals<" in page.replace("\n", "").replace("  ", "") or "Proposals" in page
    assert "No proposal is open for endorsement now." in page and "0 endorsements" in page
    assert "archive format 1" in page and '<meta property="og:locale" content="en_US">' in page
    assert "진행중인 제안" not in page and "아카이브 형식" not in page
    assert "· Made with" in page and "만든 도구" not in page


def test_an_english_sites_feeds_speak_english(tmp_path, fixed_today):
    build_home(tmp_path, "en")
    feed = (tmp_path / "site" / "proposals" / "atom.xml").read_text(encoding="utf-8")
    assert ": new proposals</title>" in feed and "새 제안" not in feed
    results = (tmp_path / "site" / "results.xml").read_text(encoding="utf-8")
    assert ": results</title>" in results and "결과</title>" not in results


def test_a_korean_site_speaks_korean(tmp_path, fixed_today):
    page = build_home(tmp_path, "ko")
    assert "지금 공감을 받는 제안이 없습니다." in page and "공감 0명" in page and "아카이브 형식 1" in page
    assert "No proposal" not in page and '<meta property="og:locale" content="ko_KR">' in page
    assert "· 만든 도구:" in page and "Made with" not in page  # the footer too


def test_check_warns_when_the_site_language_has_no_catalog(tmp_path):
    repo = ArchiveRepo.create(tmp_path / "archive", mkdocs=MINIMAL_MKDOCS.replace(
        "theme: {name: material, language: ko}", "theme:\n  name: material\n  language: fr"))
    git(repo.path, "log", "-1")
    done = run_check(repo.path)
    assert done.returncode == 0
    assert "mkdocs.yml:5: 경고[language-without-catalog]" in done.stdout and "'fr'" in done.stdout


def test_the_guide_names_the_forge_buttons_in_the_site_language(tmp_path):
    """The forge's own button names (English on GitHub) stay as code beside the Korean; an English guide has no
    Korean but the site's name, the file-name placeholder (actions.HANDLE) and the drawing's file name."""
    settings = madang_settings(repo_url="https://github.com/seoul/madang", forge="github")
    with i18n.speaking("ko"):
        korean = guide_page(settings)
    with i18n.speaking("en"):
        english = guide_page(settings)
    assert "**풀 리퀘스트 만들기**(`Create pull request`)" in korean and "[GitHub 저장소](https://github.com/seoul/madang)" in korean
    assert "**Create pull request**" in english and "[GitHub repository](https://github.com/seoul/madang)" in english
    words = re.sub(r"`[^`]*`|<svg.*?</svg>", "", english, flags=re.S).replace(settings.site_name, "")
    assert "Propose changes" in english and not HANGUL.search(words), HANGUL.findall(words)


# --- The sample in one language ---------------------------------------------------------------------

EVIDENCE = {"code", "pre", "script", "style", "svg", "details", "time"}
"""Where machine words belong: code, the collapsed 어떻게 확인하나요? blocks (<details>), and inline SVG charts."""
LATIN_SENTENCE = re.compile(r"[A-Za-z]{2,}[,.:;'!?]?(?:\s+[A-Za-z]{2,}[,.:;'!?]?){2,}")
"""Three Latin words in a row: a sentence or a phrase (handles, ids, URLs and one-word names are single words)."""
KOREAN_RUN = re.compile(r"[^\x00-\x7f]*[\uac00-\ud7a3][^\x00-\x7f]*(?:\s+[^\x00-\x7f]*[\uac00-\ud7a3][^\x00-\x7f]*)*")
"""A run of words holding Hangul, up to the first ASCII character that is not a space (a digit, a bracket,
an English word): a name, a title or a tag within the generated words around it."""


class ArticleText(html_parser.HTMLParser):
    """The text nodes of a page's <article>, outside EVIDENCE."""

    def __init__(self):
        super().__init__()
        self.open, self.inside, self.nodes = [], False, []

    def handle_starttag(self, tag, attrs):
        self.inside |= tag == "article"
        if tag not in ("br", "img", "input", "meta", "link", "hr", "wbr"):
            self.open.append(tag)

    def handle_endtag(self, tag):
        self.inside &= tag != "article"
        while self.open and self.open.pop() != tag:
            pass

    def handle_data(self, data):
        if self.inside and data.strip() and not EVIDENCE & set(self.open):
            self.nodes.append(" ".join(data.split()))


def article_nodes(page: Path) -> list[str]:
    parser = ArticleText()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.nodes


def peoples_words(archive: Path) -> str:
    """Everything people wrote into the archive, as one normalised text: records and their acts, the
    archive's own pages (content/), members.yml and the labels of mkdocs.yml (titles, phases, targets)."""
    parts = [path.read_text(encoding="utf-8") for folder in ("content", "proposals", "polls", "juries", "moderation")
             for path in sorted((archive / folder).rglob("*")) if path.is_file() and path.suffix in (".md", ".yml")]
    parts += [(archive / name).read_text(encoding="utf-8") for name in ("members.yml", "mkdocs.yml")]
    return " ".join(" ".join(parts).replace("\\", "").split())


def built_sample(tmp_path_factory, language: str) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp(f"sample-{language}") / "archive"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(folder)], check=True)
    settings = folder / "mkdocs.yml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("  language: ko\n", f"  language: {language}\n"),
                        encoding="utf-8")
    site = folder.parent / "site"
    done = subprocess.run([sys.executable, str(BUILD_PY), "build", str(folder), "-d", str(site)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    return folder, site


def citizen_pages(site: Path) -> list[Path]:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 50 and site / "guide" / "index.html" in pages and site / "data" / "polls" / "index.html" in pages
    return pages


@pytest.fixture(scope="module")
def korean_sample(tmp_path_factory):
    return built_sample(tmp_path_factory, "ko")


@pytest.fixture(scope="module")
def english_sample(tmp_path_factory):
    return built_sample(tmp_path_factory, "en")


@pytest.mark.slow
def test_the_korean_sample_has_no_latin_sentence_outside_code_and_the_evidence_blocks(korean_sample):
    archive, site = korean_sample
    written = peoples_words(archive)
    found = {}
    for page in citizen_pages(site):
        sentences = [node for node in article_nodes(page) if LATIN_SENTENCE.search(node) and node not in written]
        if sentences:
            found[page.relative_to(site).as_posix()] = sentences[:3]
    assert not found


@pytest.mark.slow
def test_the_english_sample_has_no_hangul_outside_what_people_wrote(english_sample):
    """People's text: every run of Korean words (KOREAN_RUN) must appear in the archive's own files
    (peoples_words): names, titles, tags, bodies, option labels and the labels the settings give."""
    archive, site = english_sample
    written = peoples_words(archive)
    found = {}
    for page in citizen_pages(site):
        korean = [piece for node in article_nodes(page) for run in KOREAN_RUN.findall(node)
                  for piece in run.strip("“”‘’").split("·") if piece.strip() not in written]
        if korean:
            found[page.relative_to(site).as_posix()] = korean[:5]
    assert not found
    assert "endorsements" in (site / "index.html").read_text(encoding="utf-8")


GIT_WORDS = re.compile(r"\bgit\b|커밋|풀 ?리퀘스트|first-parent|\bcommits?\b|pull request|\bsha\b|브랜치|\bbranch", re.I)
"""The words of git a citizen should not have to meet: they belong in the evidence blocks and on the audit page."""


@pytest.mark.slow
@pytest.mark.parametrize("language", ["ko", "en"])
def test_citizen_pages_have_no_git_words_outside_the_evidence(korean_sample, english_sample, language):
    archive, site = korean_sample if language == "ko" else english_sample
    written = peoples_words(archive)
    found = {}
    for page in citizen_pages(site):
        if page.relative_to(site).parts[0] in ("audit", "guide", "data"):
            continue  # the audit page is the evidence, the guide names the forge's buttons, data/ the files' fields
        words = [node for node in article_nodes(page) if GIT_WORDS.search(node) and node not in written]
        if words:
            found[page.relative_to(site).as_posix()] = words[:3]
    assert not found
