"""Stage 6: records and counts become plain Markdown pages and data files.

`render` returns every generated file by its path in the site's source tree;
nothing here knows MkDocs, so the pages can be produced without it.
"""

from dataclasses import dataclass

from ..constants import EXPERIMENT_KIND, JURY_KIND, MEETING_KIND, NEWS_KIND, POLL_KIND, PROPOSAL_KIND

from . import answers, audit, moderation, experiments, meetings, members, news
from . import jury, phases
from .actions import SCRIPT
from .guide import guide_page
from .feeds import feeds
from .opendata import data_files
from .pages import data_page, home_page
from .paging import page_file
from .process import process_page
from .polls import poll_items, poll_pages
from .proposals import SORTS, STATUS_PAGES, proposal_pages, tag_file
from .feeds import PROPOSALS_FEED
from .selection import selection_page
from ..promises import promises as answer_promises
from ..score import threshold_crossings
from ..i18n import N_, speaking, translated

NAVIGATION = (
    (N_("홈"), "index.md"),
    (N_("제안"), "proposals/index.md"),
    (N_("투표"), "polls/index.md"),
    (N_("모임"), "meetings/index.md"),
    (N_("소식"), "news/index.md"),
    (N_("실험장"), "experiments/index.md"),
    (N_("과정"), "process.md"),
    (N_("자료"), "data/index.md"),
)
"""The top tabs this stage provides, in the order of Parti Mix's boards:
홈 · 제안 · 투표 · 모임 · 소식 · 실험장 · 과정 · 자료."""

SCRIPT_PATH = "assets/madang.js"
"""The site's one script (render/actions.py); the plugin adds it to every page."""

BOARDS_END = "process.md"
"""The archive's own pages (content/) go after the boards, before this tab."""


def navigation(user_pages, language: str = "ko") -> list[dict]:
    """The top tabs in the site's language, with the archive's own top pages after the boards (before 과정).

    Only pages at the top of content/ and the index page of each top folder are
    navigation: Material repeats the navigation in every page, so a folder of
    hundreds of pages there would grow every page of the site.
    """
    with speaking(language):
        tabs = [{translated(title): path} for title, path in NAVIGATION]
    at = next(i for i, (_, path) in enumerate(NAVIGATION) if path == BOARDS_END)
    return tabs[:at] + [page for page in user_pages if is_navigation_page(page)] + tabs[at:]


def is_navigation_page(path: str) -> bool:
    """content/about.md or content/news/index.md, not content/news/2020-09-01.md."""
    parts = path.split("/")
    return len(parts) == 1 or (len(parts) == 2 and parts[1] in ("index.md", "README.md"))


LISTING = "index.md"
BOARD_FILES = {
    PROPOSAL_KIND: ("proposals", (LISTING, *(f for f, _, _ in SORTS), *(f for _, f in STATUS_PAGES), tag_file("x"),
                                  PROPOSALS_FEED, answers.PAGE, answers.FEED)),
    POLL_KIND: ("polls", (LISTING,)),
    MEETING_KIND: ("meetings", (LISTING,)),
    NEWS_KIND: ("news", (LISTING, news.FEED)),
    EXPERIMENT_KIND: ("experiments", (LISTING,)),
    JURY_KIND: ("juries", (LISTING,)),
}
"""Each board's folder in the site and the files it generates beside its records' pages (listings,
tag folders, feeds); listings are paged as paging.page_file names them (index-2.md …)."""


def reserved_ids(kind: str) -> frozenset[str]:
    """Names a record of `kind` may not take: its page would replace a generated page of its board."""
    folder, files = BOARD_FILES[kind]
    return frozenset(file.removeprefix(folder + "/").split("/", 1)[0].split(".", 1)[0] for file in files)


def is_reserved_id(kind: str, record_id: str) -> bool:
    """Whether the record's page would take the place of a generated one, paged listings included."""
    names = reserved_ids(kind)
    stem, _, number = record_id.rpartition("-")
    paged = number.isdigit() and int(number) >= 2 and page_file(f"{stem}.md", int(number)) == f"{record_id}.md"
    return record_id in names or (paged and stem in names)


@dataclass(frozen=True)
class GeneratedFile:
    path: str
    content: str
    in_nav: bool


def render(
    archive, counts, history, settings, intro: str | None = None, digest: str = "", rewritten: str | None = None,
    selection=None, frozen=(),
) -> list[GeneratedFile]:
    """Every generated page and data file.

    `intro` is the archive's own home text, `digest` the counts' (audit.py),
    `rewritten` why the last published counts can no longer be reproduced,
    `selection` the weighted selection (score.py), when the settings declare one,
    `frozen` the tagged phases recounted at their tags (pipeline.FrozenPhase).
    Every word is in the site's language (settings.language, i18n.py).
    """
    with speaking(settings.language):
        return _render(archive, counts, history, settings, intro, digest, rewritten, selection, frozen)


def _render(archive, counts, history, settings, intro, digest, rewritten, selection, frozen) -> list[GeneratedFile]:
    in_nav = {path for _, path in NAVIGATION}
    files = {
        "index.md": home_page(archive, counts, settings, intro, selection),
        "process.md": process_page(archive, counts, settings),
        "data/index.md": data_page(archive, counts, history, settings),
    }
    crossings = threshold_crossings(archive, counts, history)
    promises = answer_promises(archive, crossings, settings.timezone)
    files.update(data_files(archive, counts, settings, poll_items(archive, counts, settings),
                            answers.answer_rows(archive, promises, settings)))
    files.update(feeds(archive, counts, settings))
    for path, content in proposal_pages(archive, counts, settings, crossings, promises).items():
        files[f"proposals/{path}"] = content
    files[f"proposals/{answers.PAGE}"] = answers.answers_page(archive, promises, settings)
    files[f"proposals/{answers.FEED}"] = answers.answers_feed(archive, promises, settings)
    if selection is not None:
        files["selection.md"] = selection_page(selection, archive, settings, history.head)
    for path, content in poll_pages(archive, counts, settings).items():
        files[f"polls/{path}"] = content
    for board in (meetings, news, experiments, members, jury):
        files.update(board.pages(archive, counts, history, settings))
    files.update(phases.pages(archive, counts, settings, frozen, selection))
    files.update(audit.pages(history, settings, digest, rewritten))
    files[moderation.PAGE] = moderation.moderation_page(archive)
    files["guide.md"] = guide_page(settings)
    files[SCRIPT_PATH] = SCRIPT
    return [GeneratedFile(path, content, path in in_nav) for path, content in sorted(files.items())]
