"""운영 기록 (moderation.md): every entry of the public moderation log, newest first."""

from ..constants import MODERATION_ACTIONS
from ..i18n import _, translated
from .format import day, person, text

PAGE = "moderation.md"


def moderation_page(archive) -> str:
    lines = ["# " + _("운영 기록"), "", _("운영진이 가리거나(가림) 집계에서 뺀(무효) 것과 그 까닭입니다. 가린 글의 참여 "
                                       "수는 그대로 셉니다. 이 기록도 감사 페이지의 요약값에 들어 있어 누구나 다시 셀 수 "
                                       "있습니다."), ""]
    if not archive.moderation:
        return "\n".join(lines + [_("아직 운영 기록이 없습니다.")]) + "\n"
    header = (_("번호"), _("날짜"), _("조치"), _("대상"), _("까닭"), _("운영자"))
    lines += ["| " + " | ".join(header) + " |", "| ---: | --- | --- | --- | --- | --- |"]
    for entry in sorted(archive.moderation, key=lambda e: (e.date, e.number), reverse=True):
        lines.append(f"| {entry.number} | {day(entry.date)} | {translated(MODERATION_ACTIONS[entry.action])} | {text(entry.target)} "
                     f"| {text(entry.reason)} | {person(entry.by, archive.members)} |")
    return "\n".join(lines) + "\n"
