"""`madang erase --rewrite N`: take an erased text out of git's history too, and say so in public.

An `erase` entry of the moderation log (moderation/<N>.yml) already removes the
target's text from every output; the file stays in git, where anyone with a
clone can read it. Where the law requires it to leave the history too
(개인정보보호법), this rewrites the history of the repository it is run in,
which must be a scratch clone (`git clone --no-local ARCHIVE scratch`):

1. the digest of the counts before (pipeline.scored);
2. `git fast-export --all --no-data`, every version of the target path swapped
   for a redacted one (its text fields and body removed, what the tally reads
   kept: the act still counts), `git fast-import --force` back into the same
   repository: git's own tools, no other program;
3. the digest after, and a new commit recording the request, every commit
   replaced (old → new) and both digests in `moderation/rewrites/<N>.yml`.

The maintainers then push the scratch clone over the forge's branch and ask the
forge to purge the old objects (README, "지운 기록"). The audit page of a site
built after it names the rewrite instead of calling the history forged
(pipeline.rewritten_history).
"""

import re
import subprocess
from pathlib import Path

import yaml

from .constants import MODERATION_FOLDER
from .yamltext import parse_yaml

REWRITES_FOLDER = f"{MODERATION_FOLDER}/rewrites"
REDACTED_BODY = "개인정보 보호 요청으로 지웠습니다.\n"
TEXT_KEYS_KEPT = ("source", "handle", "choices", "opinions", "reply_to", "scores")
"""What an act file keeps when redacted: what says whose it is and what it counts for; any other text goes."""


class ErasureError(Exception):
    """Raised when the rewrite cannot be done as asked; the message is for the maintainer."""


def redacted(path: str, data: bytes) -> bytes:
    """The file at `path` without what people wrote in it: a YAML act keeps only TEXT_KEYS_KEPT, a Markdown
    file keeps its front matter and gets REDACTED_BODY."""
    text = data.decode("utf-8", errors="replace")
    if path.endswith(".md"):
        lines = text.split("\n")
        if lines and lines[0].strip() == "---":
            end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
            if end is not None:
                return ("\n".join(lines[: end + 1]) + "\n" + REDACTED_BODY).encode("utf-8")
        return REDACTED_BODY.encode("utf-8")
    try:
        value = parse_yaml(text).value
    except Exception:  # noqa: BLE001 - an unreadable file keeps nothing
        value = None
    kept = {key: value[key] for key in TEXT_KEYS_KEPT if isinstance(value, dict) and key in value}
    return yaml.safe_dump(kept, allow_unicode=True, sort_keys=False).encode("utf-8") if kept else b""


def _git(root, *args, data: bytes | None = None) -> bytes:
    done = subprocess.run(["git", "-C", str(root), *args], input=data, capture_output=True)
    if done.returncode != 0:
        raise ErasureError(f"git {' '.join(args)}: {done.stderr.decode(errors='replace').strip()}")
    return done.stdout


def _unquote(path: bytes) -> str:
    """A path as fast-export writes it: plain, or C-quoted with octal escapes."""
    if not path.startswith(b'"'):
        return path.decode("utf-8", errors="surrogateescape")
    inner = path[1:-1]
    out, i = bytearray(), 0
    escapes = {ord("n"): 10, ord("t"): 9, ord('"'): 34, ord("\\"): 92}
    while i < len(inner):
        if inner[i] == 92 and i + 1 < len(inner):
            if inner[i + 1] in escapes:
                out.append(escapes[inner[i + 1]])
                i += 2
                continue
            out.append(int(inner[i + 1 : i + 4], 8))
            i += 4
            continue
        out.append(inner[i])
        i += 1
    return out.decode("utf-8", errors="surrogateescape")


FILE_CHANGE = re.compile(rb"^M (\d{6}) ([0-9a-f]{40}) (.+)$")


def rewrite_stream(stream: bytes, target: str, replace_blob) -> bytes:
    """fast-export's stream (`--no-data`) with every version of `target` given `replace_blob(sha)` instead.

    Commit messages and other `data` blocks are copied byte for byte: only file-change lines are read."""
    out, position = [], 0
    while position < len(stream):
        end = stream.find(b"\n", position)
        end = len(stream) if end < 0 else end
        line = stream[position:end]
        position = end + 1
        if line.startswith(b"data "):
            size = int(line[5:])
            out.append(line + b"\n" + stream[position : position + size])
            position += size
            continue
        change = FILE_CHANGE.match(line)
        if change and _unquote(change[3]) == target:
            line = b"M " + change[1] + b" " + replace_blob(change[2].decode()).encode() + b" " + change[3]
        out.append(line + b"\n")
    return b"".join(out)


def rewrite(root, number: int, settings, today) -> dict:
    """Rewrite the history of the repository at `root` for erase entry `number`; the record it commits."""
    from . import pipeline  # the pipeline imports the render code, which imports this module's neighbours

    root = Path(root)
    if _git(root, "status", "--porcelain").strip():
        raise ErasureError("작업 폴더에 커밋하지 않은 변경이 있습니다. 새로 복제한 폴더에서 하세요. / The working tree "
                           "has uncommitted changes; run this in a fresh scratch clone.")
    archive = pipeline.count(root, settings)[0]
    entry = next((e for e in archive.moderation if e.number == number), None)
    if entry is None or entry.action != "erase":
        raise ErasureError(f"moderation/{number}.yml은(는) 'action: erase'인 운영 기록이 아닙니다. / "
                           f"moderation/{number}.yml is not an 'action: erase' entry.")
    before = pipeline.scored(root, settings)[-1]
    marks = root / ".git" / "madang-erase"
    marks.mkdir(exist_ok=True)
    stream = _git(root, "fast-export", "--all", "--no-data", "--signed-tags=strip", "--reencode=no",
                  f"--export-marks={marks / 'old'}")
    blobs = {}

    def replace_blob(sha: str) -> str:
        if sha not in blobs:
            clean = redacted(entry.target, _git(root, "cat-file", "blob", sha))
            blobs[sha] = _git(root, "hash-object", "-w", "--stdin", data=clean).decode().strip()
        return blobs[sha]

    _git(root, "fast-import", "--force", "--quiet", f"--export-marks={marks / 'new'}",
         data=rewrite_stream(stream, entry.target, replace_blob))
    _git(root, "reset", "--quiet", "--hard")
    replaced = _replaced(marks / "old", marks / "new")
    after = pipeline.scored(root, settings)[-1]
    record = {
        "request": {"entry": number, "target": entry.target, "reason": entry.reason, "date": entry.date.isoformat(),
                    "by": entry.by},
        "rewritten": today.isoformat(),
        "digest_before": before,
        "digest_after": after,
        "commits": [{"old": old, "new": new} for old, new in replaced],
    }
    path = root / REWRITES_FOLDER / f"{number}.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False), encoding="utf-8")
    _git(root, "add", str(path.relative_to(root)))
    _git(root, "commit", "--quiet", "-m", f"운영 기록 {number}: 개인정보 삭제 요청으로 기록을 다시 씀 / history rewritten "
         f"for erasure request {number}")
    return record


def _replaced(old_marks: Path, new_marks: Path) -> list[tuple[str, str]]:
    """(old sha, new sha) of every commit fast-import made anew, in the export's order."""
    def read(path):
        return dict(line.split(" ", 1) for line in path.read_text().split("\n") if line)

    old, new = read(old_marks), read(new_marks)
    order = sorted(old, key=lambda mark: int(mark[1:]))
    return [(old[m].strip(), new[m].strip()) for m in order if m in new and old[m].strip() != new[m].strip()]
