"""The 소식 (news) board: posts newest first, a page per post, and the Atom feed news/atom.xml.

Material's blog plugin is not used: it needs its own folder layout and makes no
Atom feed. A post's page replaces its file (news/<id>.md) in the site; its URL
is MkDocs' default directory URL, news/<id>/, which the feed links to.
"""

import re
import uuid
import xml.etree.ElementTree as ET
from datetime import datetime, time
from urllib.parse import urlsplit

from .format import day, page_heading, person, text
from .paging import PAGE_SIZE, page_file, pager
from .safe import html_block, safe_html

FEED = "atom.xml"
ATOM = "http://www.w3.org/2005/Atom"
XML = "{http://www.w3.org/XML/1998/namespace}"
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
"""Characters XML 1.0 cannot carry at all, even escaped."""
LINK_IN_TAG = re.compile(r'(<(?:a|img)\s[^>]*?\b(?:href|src)=")([^"]*)"')
"""A link of sanitized HTML, where a '<' in text is '&lt;' and a '"' in an attribute is '&quot;'."""
SUBSCRIBE = f"[RSS/Atom 구독]({FEED})"


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
    lines = ["# 소식" if number == 1 else f"# 소식 ({number}쪽)", ""]
    if not posts:
        return "\n".join(lines + ["아직 소식이 없습니다. / No news yet."]) + "\n"
    lines += [f"{SUBSCRIBE} — 피드 리더에 이 주소를 넣으면 새 소식을 받아 볼 수 있습니다. / "
              "Add this feed to a feed reader to follow the news.", ""]
    for post in posts[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]:
        lines += [f"- **[{text(post.title)}]({post.id}.md)**  ", f"  {_byline(post, archive, settings)}"]
    lines += ["", f"소식 {len(posts)}건 / {len(posts)} posts"]
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
        f"[← 소식 목록 / all news](index.md) · {SUBSCRIBE}",
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
    """news/atom.xml (Atom 1.0): every post, newest first, with stable ids and no clock time.

    Links are relative to the feed's own address, so the feed works wherever the site is
    served; each entry's HTML is resolved against its page (xml:base).
    """
    feed = ET.Element("feed", {"xmlns": ATOM, f"{XML}lang": "ko"})
    _add(feed, "title", f"{settings.site_name} 소식")
    _add(feed, "id", _stable_id(settings, min(post.date for post in posts), "news"))
    _add(feed, "updated", _timestamp(posts[0].date, settings))
    ET.SubElement(feed, "link", rel="self", type="application/atom+xml", href=FEED)
    ET.SubElement(feed, "link", rel="alternate", type="text/html", href="./")
    _add(feed, "generator", "madang")
    for post in posts:
        entry = ET.SubElement(feed, "entry")
        _add(entry, "title", post.title)
        _add(entry, "id", _stable_id(settings, post.date, f"news/{post.id}"))
        _add(entry, "published", _timestamp(post.date, settings))
        _add(entry, "updated", _timestamp(post.date, settings))
        ET.SubElement(entry, "link", rel="alternate", type="text/html", href=f"{post.id}/")
        member = archive.members.get(post.author.lower())
        _add(ET.SubElement(entry, "author"), "name", member.name if member else post.author)
        for tag in post.tags:
            ET.SubElement(entry, "category", term=_xml_text(tag))
        content = _add(entry, "content", body_html(post.body, up="../"))
        content.attrib.update({"type": "html", f"{XML}base": f"{post.id}/"})
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def _add(parent, tag: str, value: str):
    element = ET.SubElement(parent, tag)
    element.text = _xml_text(value)
    return element


def _xml_text(value: str) -> str:
    return NOT_IN_XML.sub("", value)


def _timestamp(when, settings) -> str:
    """The start of a post's day in the archive's time zone: 2020-09-01T00:00:00+09:00."""
    return datetime.combine(when, time(), settings.timezone).isoformat()


def _stable_id(settings, when, specific: str) -> str:
    """A tag: URI (RFC 4151) on the repository's address, e.g.
    tag:github.com,2020-09-01:o/r/news/2020-09-01-welcome; without a repo_url, a UUID
    named by the site and the path. Either stays the same from build to build."""
    if settings.repo_url:
        address = urlsplit(settings.repo_url)
        return f"tag:{address.hostname},{when.isoformat()}:{address.path.strip('/')}/{specific}"
    return uuid.uuid5(uuid.NAMESPACE_URL, f"madang:{settings.site_name}/{specific}").urn
