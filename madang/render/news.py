"""The 소식 (news) board: posts newest first, a page per post, and the Atom feed news/atom.xml.

Material's blog plugin is not used: it needs its own folder layout and makes no
Atom feed. A post's page replaces its file (news/<id>.md) in the site; its URL
is MkDocs' default directory URL, news/<id>/, which the feed links to.
"""

import re
from datetime import datetime, time
from urllib.parse import urlsplit

from .atom import Entry, atom
from .format import day, page_heading, person, text
from .paging import PAGE_SIZE, page_file, pager
from .safe import html_block, safe_html
from ..i18n import _, ngettext

FEED = "atom.xml"
LINK_IN_TAG = re.compile(r'(<(?:a|img)\s[^>]*?\b(?:href|src)=")([^"]*)"')
"""A link of sanitized HTML, where a '<' in text is '&lt;' and a '"' in an attribute is '&quot;'."""


def subscribe() -> str:
    """The link to the board's feed."""
    return "[" + _("RSS/Atom 구독") + f"]({FEED})"


def pages(archive, counts, history, settings) -> dict[str, str]:
    """Every generated file of this board, keyed by its path in the site's source tree."""
    posts = sorted(archive.news.values(), key=lambda post: (post.date, post.id), reverse=True)
    files = {f"news/{path}": content for path, content in _listing(posts, archive, settings).items()}
    for post in posts:
        files[f"news/{post.id}.md"] = post_page(post, archive, settings)
    if posts:
        files[f"news/{FEED}"] = atom_feed(posts, archive, settings)
    return files


def _listing(posts, archive, settings) -> dict[str, str]:
    """index.md, index-2.md … with PAGE_SIZE posts each, newest first."""
    count = max(1, -(-len(posts) // PAGE_SIZE))
    return {
        page_file("index.md", number): _listing_page(posts, number, count, archive, settings)
        for number in range(1, count + 1)
    }


def _listing_page(posts, number, count, archive, settings) -> str:
    lines = ["# " + (_("소식") if number == 1 else _("{title} ({number}쪽)", title=_("소식"), number=number)), ""]
    if not posts:
        return "\n".join(lines + [_("아직 소식이 없습니다.")]) + "\n"
    lines += [subscribe() + " — " + _("피드 리더에 이 주소를 넣으면 새 소식을 받아 볼 수 있습니다."), ""]
    for post in posts[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]:
        lines += [f"- **[{text(post.title)}]({post.id}.md)**  ", f"  {_byline(post, archive, settings)}"]
    lines += ["", ngettext("소식 {n}건", "소식 {n}건", len(posts))]
    if count > 1:
        lines += ["", pager("index.md", number, count, "")]
    return "\n".join(lines) + "\n"


def _byline(post, archive, settings) -> str:
    """2020.09.01 · Jay (@jay) · 1단계 사전교육 · #공지"""
    parts = [day(post.date), person(post.author, archive.members)]
    if post.phase:
        titles = {phase.id: phase.title for phase in settings.phases}
        parts.append(text(titles.get(post.phase, post.phase)))
    parts += [f"#{text(tag)}" for tag in post.tags]
    return " · ".join(parts)


def post_page(post, archive, settings) -> str:
    lines = [
        *page_heading(post.title), "",
        _byline(post, archive, settings), "",
        f'<div class="madang-body">\n{body_html(post.body, up="../")}\n</div>', "",
        "[← " + _("소식 목록") + "](index.md) · " + subscribe(),
    ]
    return "\n".join(lines) + "\n"


def body_html(body: str, up: str = "", top_heading: int = 1) -> str:
    """A Markdown body written in the archive, as one sanitized raw HTML block (safe.py);
    its `#` becomes `<h{top_heading}>`: the `##` sections authors write sit one level below that.

    Relative links are rewritten for the generated page, as MkDocs would: `x.md` to its
    directory URL `x/`, and `up` prepended when the page is served one folder below its
    file (news/<id>.md is served at news/<id>/; an experiment's index.md needs nothing).
    """
    html = safe_html(body, top_heading)
    return html_block(LINK_IN_TAG.sub(lambda m: f'{m[1]}{_site_url(m[2], up)}"', html))


def _site_url(url: str, up: str) -> str:
    if url.startswith(("#", "/")) or urlsplit(url).scheme:
        return url
    path, query_or_fragment = re.fullmatch(r"([^?#]*)(.*)", url, re.DOTALL).groups()
    if path == "index.md" or path.endswith("/index.md"):
        path = path[: -len("index.md")]
    elif path.endswith(".md"):
        path = path[: -len(".md")] + "/"
    return up + path + query_or_fragment


def atom_feed(posts, archive, settings) -> str:
    """news/atom.xml: every post, newest first; each entry's HTML is resolved against its page (xml:base)."""
    entries = [
        Entry(post.title, f"news/{post.id}", datetime.combine(post.date, time()), f"{post.id}/",
              body_html(post.body, up="../"), _author_name(post, archive), post.tags)
        for post in posts
    ]
    return atom(_("{site} 소식", site=settings.site_name), "news", FEED, min(post.date for post in posts), entries, settings)


def _author_name(post, archive) -> str:
    member = archive.members.get(post.author.lower())
    return member.shown_name if member else post.author
