"""Atom 1.0 feeds (news/atom.xml, proposals/atom.xml, results.xml): stable ids, times from the
records, never the clock, and links relative to the feed's own address."""

import re
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date, datetime, time
from urllib.parse import urlsplit

ATOM = "http://www.w3.org/2005/Atom"
XML = "{http://www.w3.org/XML/1998/namespace}"
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters XML 1.0 cannot carry at all, even escaped (a lone surrogate is not a character).
Every text and attribute value goes through _xml_text; ElementTree escapes the rest."""


@dataclass(frozen=True)
class Entry:
    title: str
    specific: str
    """The entry's stable name, e.g. results/polls/2020-09-team-name."""
    when: datetime
    link: str
    """Relative to the feed's address."""
    content: str
    """HTML, escaped."""
    author: str | None = None
    tags: tuple[str, ...] = ()


def atom(title: str, name: str, self_href: str, origin: date, entries: list[Entry], settings) -> str:
    """An Atom 1.0 feed, newest entry first; its `updated` is the newest entry's time.

    An entry's id is a tag: URI on its own day and name, so it never changes with other records."""
    entries = sorted(entries, key=lambda e: (_aware(e.when, settings), e.specific), reverse=True)
    feed = ET.Element("feed", {"xmlns": ATOM, f"{XML}lang": "ko"})
    _add(feed, "title", title)
    _add(feed, "id", _stable_id(settings, origin, name))
    newest = _aware(entries[0].when, settings) if entries else start_of(origin, settings)
    _add(feed, "updated", newest.isoformat())
    ET.SubElement(feed, "link", rel="self", type="application/atom+xml", href=_xml_text(self_href))
    ET.SubElement(feed, "link", rel="alternate", type="text/html", href="./")
    _add(feed, "generator", "madang")
    for entry in entries:
        element = ET.SubElement(feed, "entry")
        _add(element, "title", entry.title)
        when = _aware(entry.when, settings)
        _add(element, "id", _stable_id(settings, when.date(), entry.specific))
        moment = when.isoformat()
        _add(element, "published", moment)
        _add(element, "updated", moment)
        ET.SubElement(element, "link", rel="alternate", type="text/html", href=_xml_text(entry.link))
        if entry.author:
            _add(ET.SubElement(element, "author"), "name", entry.author)
        for tag in entry.tags:
            ET.SubElement(element, "category", term=_xml_text(tag))
        content = _add(element, "content", entry.content)
        content.attrib.update({"type": "html", f"{XML}base": _xml_text(entry.link)})
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def _aware(when: datetime, settings) -> datetime:
    """A record's local time (naive) in the archive's time zone; an instant stays as it is."""
    return when.replace(tzinfo=settings.timezone) if when.tzinfo is None else when.astimezone(settings.timezone)


def start_of(day: date, settings) -> datetime:
    return datetime.combine(day, time(), settings.timezone)


def _add(parent, tag: str, value: str):
    element = ET.SubElement(parent, tag)
    element.text = _xml_text(value)
    return element


def _xml_text(value: str) -> str:
    return NOT_IN_XML.sub("", value)


def _stable_id(settings, when, specific: str) -> str:
    """A tag: URI (RFC 4151) on the repository's address, e.g.
    tag:github.com,2020-09-01:o/r/news/2020-09-01-welcome; without a repo_url, a UUID
    named by the site and the path. Either stays the same from build to build."""
    if settings.repo_url:
        address = urlsplit(settings.repo_url)
        return f"tag:{address.hostname},{when.isoformat()}:{address.path.strip('/')}/{specific}"
    return uuid.uuid5(uuid.NAMESPACE_URL, f"madang:{settings.site_name}/{specific}").urn
