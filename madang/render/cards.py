"""Share cards: the image and summary a record shows when its link is shared (Open Graph, Twitter).

Made offline at build time with Pillow and the system's Noto Sans CJK font
(Debian `fonts-noto-cjk`), so Korean titles show and nothing is fetched:
Material's social plugin downloads its fonts and its default font has no
Hangul. The same record gives the same PNG bytes, so builds stay reproducible.

A card is drawn as shades on two colour ramps, paper to ink and teal to paper
(see PALETTE), so the grey image is already the palette image PNG stores:
no colour quantizing, and a third of the bytes and time of an RGB PNG, which
counts when a city's archive has thousands of cards.
"""

import functools
import html
import io
import multiprocessing
import os
import re
import subprocess
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import PIL
from PIL import Image, ImageDraw, ImageFont

from ..constants import MEETING_KIND, PHASE_STATES, POLL_KIND, PROPOSAL_KIND
from ..contentcache import key_of
from ..i18n import _, ngettext, pgettext
from .format import day, endorsers, one_line
from .phases import page_path, phase_state
from .safe import safe_html

SIZE = (1200, 630)
"""The size Open Graph and Twitter's large card expect (1.91:1)."""
MARGIN = 72
TEAL, INK, PAPER = (0, 121, 107), (33, 33, 33), (255, 255, 255)
ON_PAPER, ON_TEAL = 0, 128
"""Shade 0 is paper, 127 ink; 128 is teal, 255 paper again (white text on teal)."""
SHADE_INK, SHADE_MUTED = 127, 94
"""Ink and the grey of the facts line (about rgb 90, 90, 90), on the paper ramp."""


def _ramp(start, end) -> list[int]:
    return [round(a + (b - a) * step / 127) for step in range(128) for a, b in zip(start, end)]


PALETTE = _ramp(PAPER, INK) + _ramp(TEAL, PAPER)
"""Each shade's colour: antialiased text blends its shade with the one under it, along one ramp."""
SUMMARY_LENGTH = 140
FONT_QUERY = "Noto Sans CJK KR:{weight}"
TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class Card:
    page: str
    """The shared page's source path, e.g. proposals/2020-09-infant-hours.md or index.md."""
    image: str
    """The card's path in the site, e.g. assets/cards/proposals/2020-09-infant-hours.png."""
    title: str
    summary: str
    kind: str
    facts: str


def cards(archive, counts, settings, selection=None) -> list[Card]:
    """A card for every page a person would share: the home page, every proposal, poll, meeting,
    experiment, news post, phase and jury, and the selection; none without the Korean font."""
    if korean_font("bold") is None:
        return []
    shared = [*_site_pages(archive, settings, selection), *_records(archive, counts)]
    return [
        Card(page, "assets/cards/" + (page.removesuffix(".md").removesuffix("/index") or "index") + ".png", title,
             summary or facts, kind, facts)
        for page, kind, title, facts, summary in shared
    ]


def _site_pages(archive, settings, selection):
    """(page, kind label, title, facts line, summary) of the pages that are not one record's."""
    boards = (ngettext("제안 {n}건", "제안 {n}건", len(archive.proposals)),
              ngettext("투표 {n}건", "투표 {n}건", len(archive.polls)),
              ngettext("모임 {n}건", "모임 {n}건", len(archive.meetings)))
    yield "index.md", _("공개 아카이브"), settings.site_name, " · ".join(boards), ""
    if selection is not None:
        chosen = [archive.proposals[c.proposal].title for c in selection.candidates[: selection.setting.winners]
                  if c.proposal in archive.proposals]
        facts = (ngettext("후보 {n}건", "후보 {n}건", len(selection.candidates)) + " · "
                 + ngettext("선정 {n}건", "선정 {n}건", len(chosen)))
        yield "selection.md", pgettext("card", "선정"), selection.setting.title, facts, summary(" · ".join(chosen))
    for phase in settings.phases:
        facts = f"{day(phase.start)} ~ {day(phase.end)} · {PHASE_STATES[phase_state(phase, settings.today)]}"
        yield page_path(phase), pgettext("card", "단계"), phase.title, facts, summary(phase.description or "")
    for jury in archive.juries.values():
        facts = ngettext("{n}명 선발", "{n}명 선발", jury.seats) + " · " + _("신청 마감 {day}", day=day(jury.apply_until))
        yield f"juries/{jury.id}.md", pgettext("card", "시민배심원"), jury.title, facts, ""


PARALLEL_FROM = 200
"""From this many cards they are drawn on every core: a city has thousands (8 ms each), and
starting the worker processes costs about a second."""


def write_cards(cards, site_name: str, site: Path, store=None) -> None:
    """Draw every card into the built site. Drawn when written, never kept in memory: a city's cards
    would hold a hundred megabytes. With a contentcache.Store, a card whose words were drawn before
    is copied from it, and only the others are drawn (then kept there)."""
    jobs = [(str(site / card.image), site_name, card.kind, card.title, card.facts) for card in cards]
    keys = [card_key(*job[1:]) for job in jobs]
    drawn = []
    for job, key in zip(jobs, keys):
        kept = store.get(key) if store is not None else None
        if kept is None:
            drawn.append((job, key))
            continue
        os.makedirs(os.path.dirname(job[0]), exist_ok=True)
        with open(job[0], "wb") as file:
            file.write(kept)
    _draw_cards([job for job, _ in drawn])
    if store is not None:
        for job, key in drawn:
            store.put(key, Path(job[0]).read_bytes())


def card_key(site_name: str, kind: str, title: str, facts: str) -> str:
    """What a card's PNG depends on: its words, the fonts drawn with and Pillow's version (contentcache.key_of)."""
    return key_of("card", PIL.__version__, repr(korean_font("bold")), repr(korean_font("regular")),
                  site_name, kind, title, facts)


def _draw_cards(jobs) -> None:
    workers = os.cpu_count() or 1
    if len(jobs) < PARALLEL_FROM or workers == 1:
        for job in jobs:
            _write_card(job)
        return
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        for _ in pool.map(_write_card, jobs, chunksize=64):
            pass


def _write_card(job) -> None:
    path, site_name, kind, title, facts = job
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as file:
        file.write(card_png(site_name, kind, title, facts))


def _records(archive, counts):
    """(page, kind label, title, facts line, summary) of each record."""
    for p in archive.proposals.values():
        endorsed = counts.records[(PROPOSAL_KIND, p.id)].count
        deadline = " · " + _("마감 {day}", day=day(p.endorse_until)) if p.endorse_until else ""
        yield f"proposals/{p.id}.md", pgettext("card", "제안"), p.title, endorsers(endorsed) + deadline, summary(p.body)
    for poll in archive.polls.values():
        voters = len([a for a in counts.records[(POLL_KIND, poll.id)].acts if a.counted])
        deadline = " · " + _("마감 {day}", day=day(poll.deadline)) if poll.deadline else ""
        options = " · ".join(option.label for option in poll.options)
        yield (f"polls/{poll.id}.md", pgettext("card", "투표"), poll.question,
               ngettext("참여 {n}명", "참여 {n}명", voters) + deadline, summary(options))
    for meeting in archive.meetings.values():
        signed = counts.records.get((MEETING_KIND, meeting.id))
        place = f" · {meeting.place}" if meeting.place else ""
        facts = f"{day(meeting.start.date())} {meeting.start:%H:%M}{place}"
        if signed is not None and meeting.signup_until:
            facts += " · " + ngettext("신청 {n}명", "신청 {n}명", signed.count)
        yield f"meetings/{meeting.id}/index.md", pgettext("card", "모임"), meeting.title, facts, summary(meeting.body)
    for experiment in archive.experiments.values():
        yield (f"experiments/{experiment.id}/index.md", pgettext("card", "실험장"), experiment.title, "",
               summary(experiment.body))
    for post in archive.news.values():
        yield f"news/{post.id}.md", pgettext("card", "소식"), post.title, day(post.date), summary(post.body)


def summary(markdown_text: str) -> str:
    """The first words of a Markdown body as one plain line (for og:description).

    Read from the sanitized HTML (safe.py), so what the page drops (a script and its text) is not here either.
    """
    text = html.unescape(TAG.sub(" ", safe_html(markdown_text or "")))
    plain = " ".join(text.split())
    return plain if len(plain) <= SUMMARY_LENGTH else plain[: SUMMARY_LENGTH - 1].rstrip() + "…"


@functools.cache
def korean_font(weight: str) -> tuple[str, int] | None:
    """(file, face index) of Noto Sans CJK KR, or None when the system has no CJK font."""
    try:
        found = subprocess.run(
            ["fc-match", "-f", "%{file}\t%{index}", FONT_QUERY.format(weight=weight)],
            capture_output=True, text=True, check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    file, _, index = found.partition("\t")
    return (file, int(index or 0)) if "CJK" in file else None


@functools.cache
def _font(weight: str, size: int) -> ImageFont.FreeTypeFont:
    file, index = korean_font(weight) or korean_font("bold")
    return ImageFont.truetype(file, size, index=index)


def card_png(site_name: str, kind: str, title: str, facts: str) -> bytes:
    """A 1200×630 card: the site, the record's kind, its title (up to three lines) and a facts line.

    About 8 ms each. Every text is drawn as one line (format.one_line): the text layout
    refuses a control character and cannot anchor a line break.
    """
    kind, title, facts = one_line(kind), one_line(title), one_line(facts)
    image = _background(one_line(site_name)).copy()
    draw = ImageDraw.Draw(image)
    width, height = SIZE
    draw.rounded_rectangle((MARGIN, 150, MARGIN + 40 + 28 * len(kind), 200), radius=12, fill=ON_TEAL)
    draw.text((MARGIN + 20, 175), kind, font=_font("bold", 28), fill=255, anchor="lm")
    title_font = _font("bold", 64)
    lines = wrap(title, title_font, width - 2 * MARGIN, max_lines=3)
    for number, line in enumerate(lines):
        draw.text((MARGIN, 240 + number * 84), line, font=title_font, fill=SHADE_INK)
    if facts:
        draw.text((MARGIN, height - MARGIN), facts, font=_font("regular", 36), fill=SHADE_MUTED, anchor="ls")
    card = Image.frombytes("P", SIZE, image.tobytes())
    card.putpalette(PALETTE)
    out = io.BytesIO()
    card.save(out, format="PNG", compress_level=1)  # level 9: 30% smaller, four times as slow
    return out.getvalue()


@functools.cache
def _background(site_name: str) -> Image.Image:
    """What every card of the site shares, in shades: the teal bands and the site's name."""
    image = Image.new("L", SIZE, ON_PAPER)
    draw = ImageDraw.Draw(image)
    width, height = SIZE
    draw.rectangle((0, 0, width, 110), fill=ON_TEAL)
    draw.text((MARGIN, 55), site_name, font=_font("bold", 38), fill=255, anchor="lm")
    draw.rectangle((0, height - 16, width, height), fill=ON_TEAL)
    return image


def wrap(text: str, font, width: int, max_lines: int) -> list[str]:
    """Lines that fit `width`: break at spaces, inside a word only when it alone is too wide; … when cut."""
    lines, line = [], ""
    for word in " ".join(text.split()).split(" "):
        candidate = f"{line} {word}".strip()
        if font.getlength(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = ""
        for char in word:
            if font.getlength(line + char) > width:
                lines.append(line)
                line = ""
            line += char
    lines.append(line)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        while lines[-1] and font.getlength(lines[-1] + "…") > width:
            lines[-1] = lines[-1][:-1]
        lines[-1] += "…"
    return [line for line in lines if line]
