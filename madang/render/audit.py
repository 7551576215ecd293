"""The audit page (감사): the commit this site was built from, the digest of its counts, and how to recount."""

from .. import __version__
from .format import html_text, provenance, text
from .jsonfile import json_file
from ..i18n import _

ERASURE_START = "개인정보 삭제 요청으로"
"""How pipeline.ERASURE_MESSAGE begins: a history rewritten for an erasure (erasure.py), said as such."""


def pages(history, settings, digest: str, rewritten: str | None) -> dict[str, str]:
    return {
        "audit.md": audit_page(history, settings, digest, rewritten),
        "data/audit.json": audit_json(history, settings, digest, rewritten),
    }


def audit_page(history, settings, digest: str, rewritten: str | None = None) -> str:
    lines = ["# " + _("감사"), ""]
    if rewritten and rewritten.startswith(ERASURE_START):
        lines += [
            '<div class="admonition note" role="note"><p class="admonition-title">'
            + html_text(_("개인정보 삭제 요청으로 다시 쓴 기록")) + f'</p><p>{html_text(rewritten)}</p></div>',
            "",
        ]
    elif rewritten:
        lines += [
            '<div class="admonition danger" role="alert"><p class="admonition-title">'
            + html_text(_("기록이 다시 쓰였습니다")) + f'</p><p>{html_text(rewritten)}</p></div>',
            "",
        ]
    lines += [
        _("이 사이트의 모든 숫자는 git 기록에서 다시 셀 수 있습니다. 아래 명령의 마지막 줄이 이 페이지의 요약값(digest)과 "
          "같으면 누가 어디서 세어도 같은 결과입니다."),
        "",
    ]
    if not history.head:
        return "\n".join(lines + [_("아직 커밋이 없어 셀 기록이 없습니다.")]) + "\n"
    clone = f"git clone {settings.repo_url} archive && cd archive" if settings.repo_url else "cd <" + _("아카이브 폴더") + ">"
    lines += [
        "- " + _("만든 커밋: {link}", link=f"{provenance(settings, None, history.head)} (`{history.head}`)"),
        "- " + _("요약값(digest): {digest}", digest=f"`{digest}`"),
        "- " + _("만든 도구: madang {version}, 아카이브 형식 {format}", version=__version__, format=settings.archive_format),
        "- " + _("시간대: {zone} · 집계하는 참여: {levels}", zone=f"`{text(settings.timezone.key)}`",
                 levels=f"`{', '.join(sorted(settings.counted_levels))}`"),
        "",
        "## " + _("다시 세기"),
        "",
        "```sh",
        clone,
        "python3 -m venv .venv && .venv/bin/python -m pip install 'madang==" + __version__ + "'",
        f".venv/bin/madang recount . --at {history.head}",
        "```",
        "",
        _("마지막 줄: {line}", line="`digest: " + digest + "`"),
        "",
        _("요약값은 모든 기록의 집계(누가 언제 어느 커밋으로 참여했고, 집계되었는지와 그 사유)를 정해진 순서의 JSON으로 "
          "적은 뒤 SHA-256으로 계산합니다. 기계가 읽는 정보는 [audit.json](data/audit.json)에 있습니다."),
    ]
    return "\n".join(lines) + "\n"


def audit_json(history, settings, digest: str, rewritten: str | None) -> str:
    """docs/data.md "audit.json" names every key."""
    audit = {"commit": history.head, "digest": digest, "rewritten": rewritten, "madang": __version__,
             "format": settings.archive_format}
    return json_file(audit)
