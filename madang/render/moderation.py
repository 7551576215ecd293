"""운영 기록 (moderation.md): every entry of the public moderation log, newest first."""

from ..constants import MODERATION_ACTIONS
from .format import day, person, text

PAGE = "moderation.md"


def moderation_page(archive) -> str:
    lines = ["# 운영 기록", "", "운영진이 가리거나(가림) 집계에서 뺀(무효) 것과 그 까닭입니다. 가린 글의 참여 수는 그대로 "
             "셉니다. 기록은 `moderation/` 폴더의 파일이며 요약값(digest)에 들어 있어 누구나 다시 셀 수 있습니다. / "
             "What the maintainers hid or voided, and why; the log is part of the digest.", ""]
    if not archive.moderation:
        return "\n".join(lines + ["아직 운영 기록이 없습니다. / Nothing moderated yet."]) + "\n"
    lines += ["| 번호 | 날짜 | 조치 | 대상 | 까닭 | 운영자 |", "| ---: | --- | --- | --- | --- | --- |"]
    for entry in sorted(archive.moderation, key=lambda e: (e.date, e.number), reverse=True):
        lines.append(f"| {entry.number} | {day(entry.date)} | {MODERATION_ACTIONS[entry.action]} | {text(entry.target)} "
                     f"| {text(entry.reason)} | {person(entry.by, archive.members)} |")
    return "\n".join(lines) + "\n"
