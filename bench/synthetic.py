"""A deterministic synthetic archive, written as a real git repository.

    generate(path, seed=1, proposals=200, endorsements=5_000, pull_requests=1_250)

Everything goes through `git fast-import` in one process, so a city-scale
history (hundreds of thousands of commits) is written in seconds. The history
has the shapes real archives have: proposals over several years, endorsements
through pull requests landed as merges, squashes and rebases, batches of
paper sign-ups entered by a maintainer, withdrawals, acts landed after the
deadline, polls with ballots and meetings with sign-ups.
"""

import random
import subprocess
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

DAY = 86_400
KST = "+0900"
START = 1_577_804_400  # 2020-01-01 00:00 KST
MAINTAINER = ("운영자", "jay@example.org")

PLACES = ["작은도서관", "어린이도서관", "마을도서관", "북카페", "동네책방", "복합문화공간"]
PROBLEMS = ["운영시간", "사전 예약", "유아 이용", "책 꾸러미 배달", "자원활동", "온라인 책 읽기", "방역", "주차", "열람실"]
WANTS = ["알려주는 채널이 있으면 좋겠어요", "도입해주세요", "함께 만들어요", "실험해 봐요", "바꿔 주세요"]
TAGS = ["작은도서관", "어린이도서관", "돌봄", "코로나", "자원활동", "운영시간", "정보공개", "비대면", "청소년", "어르신",
        "마을", "문화", "환경", "안전", "교육", "독서모임", "공간", "예산", "홍보", "디지털"]
SENTENCES = [
    "작은도서관은 직접 문을 열고 들어가기 전까지 열었는지 알 수 없어요.",
    "아이와 함께 편하게 책을 읽을 수 있는 시간이 있으면 좋겠습니다.",
    "자원활동가 몇 분에게 기대어 도서관이 열리고 있어요.",
    "한 달 동안 작게 실험해 보고 결과를 함께 나누면 어떨까요?",
    "이웃 도서관과 함께하면 더 많은 주민이 이용할 수 있을 거예요.",
    "코로나 시대에 도서관이 공공성을 지킬 방법을 함께 고민해요.",
]


@dataclass
class _Stream:
    """Builds the fast-import input; marks name commits."""

    chunks: list = field(default_factory=list)
    mark: int = 0

    def blob_data(self, text: str) -> str:
        raw = text.encode()
        return f"data {len(raw)}\n{text}"

    def commit(self, ref, when, message, changes, parents, author=MAINTAINER, committer=MAINTAINER) -> int:
        self.mark += 1
        lines = [
            f"commit {ref}",
            f"mark :{self.mark}",
            f"author {author[0]} <{author[1]}> {when} {KST}",
            f"committer {committer[0]} <{committer[1]}> {when} {KST}",
            self.blob_data(message),
        ]
        if parents:
            lines.append(f"from :{parents[0]}")
            lines += [f"merge :{parent}" for parent in parents[1:]]
        for path, content in changes:
            if content is None:
                lines.append(f"D {path}")
            else:
                lines.append(f"M 100644 inline {path}")
                lines.append(self.blob_data(content))
        self.chunks.append("\n".join(lines) + "\n\n")
        return self.mark


def person(number: int) -> tuple[str, str, str]:
    """(handle, name, GitHub private address) of the n-th synthetic citizen."""
    handle = f"citizen{number}"
    return handle, f"시민{number}", f"{100000 + number}+{handle}@users.noreply.github.com"


def generate(path, seed=1, proposals=200, endorsements=5_000, pull_requests=1_250, polls=10, meetings=20, years=3):
    """Write the archive's history into a new repository at `path`; returns the commit count."""
    rng = random.Random(seed)
    path = Path(path)
    subprocess.run(["git", "init", "-q", "-b", "main", str(path)], check=True)
    stream = _Stream()
    span = years * 365 * DAY
    people = max(endorsements // 4, 50)
    head = stream.commit("refs/heads/main", START, "아카이브 시작", _skeleton(), [])

    # Every landing is planned first, then written in time order.
    landings = []
    proposal_times = [START + DAY + rng.randrange(span) for _ in range(proposals)]
    landings += [(when, "proposal", number) for number, when in enumerate(proposal_times)]
    singles = min(int(pull_requests * 0.7), endorsements)
    batch_size = max((endorsements - singles) // max(pull_requests - singles, 1), 1)
    groups = [[number] for number in range(singles)]
    groups += [list(range(start, min(start + batch_size, endorsements))) for start in range(singles, endorsements, batch_size)]
    for acts in groups:
        target = rng.randrange(proposals)
        when = proposal_times[target] + rng.randrange(33 * DAY)  # a few land after the 30-day deadline
        landings.append((when, "endorse" if len(acts) == 1 and acts[0] < singles else "batch", (target, acts)))
    landings += [(START + DAY + rng.randrange(span), "poll", number) for number in range(polls)]
    landings += [(START + DAY + rng.randrange(span), "meeting", number) for number in range(meetings)]
    landings.sort(key=lambda landing: (landing[0], landing[1], str(landing[2])))

    pr = 0
    written = {}
    for when, kind, payload in landings:
        pr += kind != "proposal"
        if kind == "proposal":
            head = stream.commit("refs/heads/main", when, f"제안: {payload}", [_proposal(rng, payload, when)], [head])
        elif kind == "endorse":
            head = _single_pr(stream, rng, head, when, pr, payload, people, written)
        elif kind == "batch":
            head = _batch_pr(stream, rng, head, when, pr, payload, people, written)
        elif kind == "poll":
            head = _poll(stream, rng, head, when, pr, payload, people)
        else:
            head = _meeting(stream, rng, head, when, pr, payload, people)
    head = _withdrawals(stream, rng, head, START + span + DAY, written)
    stream.commit("refs/heads/main", START + span + 2 * DAY, "마지막 정리", [("content/about.md", "# 소개\n")], [head])
    subprocess.run(["git", "-C", str(path), "fast-import", "--quiet"], input="".join(stream.chunks).encode(), check=True)
    subprocess.run(["git", "-C", str(path), "checkout", "-q", "-f", "main"], check=True)
    return stream.mark


def _skeleton():
    members = "jay:\n  name: 운영자\n  emails: [jay@example.org]\n  roles: [maintainer]\n"
    return [
        ("mkdocs.yml", "site_name: 도시 규모 아카이브\ndocs_dir: content\ntheme: {name: material, language: ko}\n"
                       "plugins: [search, madang]\n"),
        ("members.yml", members),
        ("content/index.md", "# 도시 규모 아카이브\n\n합성 데이터로 만든 벤치마크용 아카이브입니다.\n"),
    ]


def _proposal(rng, number, when):
    proposed = date(2020, 1, 1) + timedelta(days=(when - START) // DAY)
    title = f"{rng.choice(PLACES)} {rng.choice(PROBLEMS)} {rng.choice(WANTS)} {number}"
    tags = ", ".join(rng.sample(TAGS, 3))
    body = "\n\n".join(rng.sample(SENTENCES, 3))
    text = (f"---\ntitle: {title}\nproposer: {person(number)[0]}\nproposed: {proposed}\n"
            f"endorse_until: {proposed + timedelta(days=30)}\ntags: [{tags}]\n---\n\n## 제안 내용\n\n{body}\n")
    return (f"proposals/p{number:05}/proposal.md", text)


def _endorsement_path(target, handle):
    return f"proposals/p{target:05}/endorsements/{handle}.yml"


def _single_pr(stream, rng, head, when, pr, payload, people, written):
    """One citizen's endorsement, landed as a merge (50%), squash (35%) or rebase (15%)."""
    target, (act,) = payload
    handle, name, email = person(rng.randrange(people))
    change = (_endorsement_path(target, handle), rng.choice(["", "comment: 공감합니다\n", f"comment: {act}번째 공감\n"]))
    written[change[0]] = when
    author = (name, email)
    shape = rng.random()
    if shape < 0.5:
        side = stream.commit(f"refs/heads/pr-{pr}", when - 600, "공감", [change], [head], author, author)
        return stream.commit("refs/heads/main", when, f"Merge pull request #{pr} from {handle}/endorse", [change],
                             [head, side])
    if shape < 0.85:
        return stream.commit("refs/heads/main", when, f"공감 (#{pr})", [change], [head], author)
    return stream.commit("refs/heads/main", when, "공감", [change], [head], author)


def _batch_pr(stream, rng, head, when, pr, payload, people, written):
    """A maintainer transcribing a paper sign-up sheet (source: offline), merged."""
    target, acts = payload
    changes = []
    for _ in acts:
        handle = person(rng.randrange(people))[0]
        changes.append((_endorsement_path(target, handle), "source: offline\n"))
        written[changes[-1][0]] = when
    side = stream.commit(f"refs/heads/pr-{pr}", when - 600, "종이 명단 옮겨 적기", changes, [head])
    return stream.commit("refs/heads/main", when, f"Merge pull request #{pr} from jay/sheet", changes, [head, side])


def _poll(stream, rng, head, when, pr, number, people):
    opened = date(2020, 1, 1) + timedelta(days=(when - START) // DAY)
    options = "\n".join(f"  - {{id: option-{i}, label: 선택지 {i}}}" for i in range(4))
    poll = (f"question: 투표 {number} — 무엇을 먼저 할까요?\nauthor: jay\nopened: {opened}\n"
            f"closes: {opened + timedelta(days=14)}\nmultiple: true\noptions:\n{options}\n")
    changes = [(f"polls/q{number:03}/poll.yml", poll)]
    for _ in range(rng.randrange(20, 200)):
        handle = person(rng.randrange(people))[0]
        choices = ", ".join(sorted(rng.sample([f"option-{i}" for i in range(4)], rng.randrange(1, 3))))
        changes.append((f"polls/q{number:03}/ballots/{handle}.yml", f"choices: [{choices}]\nsource: offline\n"))
    return stream.commit("refs/heads/main", when, f"투표 {number} (#{pr})", changes, [head])


def _meeting(stream, rng, head, when, pr, number, people):
    day = date(2020, 1, 1) + timedelta(days=(when - START) // DAY)
    meeting = (
        f"---\ntitle: {number}차 모임\nstart: {day} 19:00\nend: '21:00'\nplace: 작은도서관 {number % 7 + 1}호\n"
        f"capacity: 20\nsignup_until: {day}\n---\n\n모임 안내\n"
    )
    changes = [(f"content/meetings/m{number:03}/index.md", meeting)]
    for _ in range(rng.randrange(5, 30)):
        handle = person(rng.randrange(people))[0]
        changes.append((f"content/meetings/m{number:03}/rsvps/{handle}.yml", "source: offline\n"))
    return stream.commit("refs/heads/main", when, f"모임 {number} (#{pr})", changes, [head])


def _withdrawals(stream, rng, head, when, written):
    """Three in a hundred endorsements withdrawn, in one cleanup commit after the last landing."""
    paths = sorted(written)
    chosen = rng.sample(paths, len(paths) * 3 // 100)
    return stream.commit("refs/heads/main", when, "공감 철회 정리", [(p, None) for p in sorted(chosen)], [head])


def generate_one_record(path, seed=1, acts=7_000):
    """One proposal signed by `acts` people, a pull request each, like a public letter: a fifth commit
    from their forge's private address, the rest from another address (their pull request names their
    own account, or a helper's), a few land after the deadline, a few are taken out before it.
    Returns the commit count."""
    rng = random.Random(seed)
    path = Path(path)
    subprocess.run(["git", "init", "-q", "-b", "main", str(path)], check=True)
    stream = _Stream()
    head = stream.commit("refs/heads/main", START, "아카이브 시작", _skeleton(), [])
    letter = ("---\ntitle: 작은도서관을 지키는 공개 서한\nproposer: jay\nproposed: 2020-01-02\n"
              "endorse_until: 2020-12-31\ntags: [작은도서관, 공개서한]\n---\n\n## 서한\n\n"
              + "\n\n".join(SENTENCES) + "\n")
    head = stream.commit("refs/heads/main", START + DAY, "공개 서한", [("proposals/letter/proposal.md", letter)], [head])
    deadline = START + 366 * DAY
    span = deadline - 3 * DAY - START
    times = sorted(START + 2 * DAY + rng.randrange(span) if rng.random() > 0.03 else deadline + rng.randrange(30 * DAY)
                   for _ in range(acts))
    signed = []
    for number, when in enumerate(times):
        if signed and when > deadline - DAY >= times[number - 1]:
            head = _withdraw(stream, rng, head, deadline - DAY, signed)
        handle, name, noreply = person(number)
        shape = rng.random()
        email = noreply if shape < 0.2 else f"{handle}@mail.example.org"
        account = handle if shape < 0.65 else f"helper{number % 40}"
        change = (f"proposals/letter/endorsements/{handle}.yml", rng.choice(["", f"comment: {name} 서명합니다\n"]))
        side = stream.commit(f"refs/heads/pr-{number + 1}", when - 600, "서명", [change], [head], (name, email), (name, email))
        head = stream.commit("refs/heads/main", when, f"Merge pull request #{number + 1} from {account}/patch-1",
                             [change], [head, side])
        signed.append(change[0])
    stream.commit("refs/heads/main", deadline + 40 * DAY, "마지막 정리", [("content/about.md", "# 소개\n")], [head])
    subprocess.run(["git", "-C", str(path), "fast-import", "--quiet"], input="".join(stream.chunks).encode(), check=True)
    subprocess.run(["git", "-C", str(path), "checkout", "-q", "-f", "main"], check=True)
    return stream.mark


def _withdraw(stream, rng, head, when, signed):
    """Two in a hundred signatures taken out by the maintainer (at their signers' request), in one commit
    before the deadline."""
    chosen = sorted(rng.sample(signed, len(signed) // 50))
    return stream.commit("refs/heads/main", when, "서명 철회 정리", [(p, None) for p in chosen], [head])
