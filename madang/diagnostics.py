"""Diagnostics: a located, bilingual message about a file someone wrote.

Rules yield `Diagnostic`s by slug; the severity and the words for each slug
live in `MESSAGES`, in one place. Mistakes in users' files are diagnostics,
never exceptions.
"""

import re
from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"

SEVERITY_LABELS = {ERROR: "오류", WARNING: "경고"}

# slug: (severity, Korean, English). Placeholders are filled by keyword.
MESSAGES = {
    "yaml-syntax": (ERROR, "YAML 문법 오류: {problem}", "YAML syntax error: {problem}"),
    "yaml-duplicate-key": (ERROR, "'{key}' 항목이 두 번 나옵니다", "key '{key}' appears twice"),
    "yaml-too-complex": (ERROR, "YAML이 너무 깊거나 큽니다", "the YAML is too deep or too large"),
    "yaml-unsupported": (ERROR, "지원하지 않는 YAML 표기입니다: {what}", "unsupported YAML construct: {what}"),
    "not-utf8": (ERROR, "UTF-8 텍스트가 아닙니다. UTF-8로 저장해 주세요", "not UTF-8 text; save the file as UTF-8"),
    "not-utf8-name": (
        ERROR, "파일이나 폴더 이름이 UTF-8이 아닙니다. 이름을 다시 지어 주세요", "the file or folder name is not UTF-8; rename it",
    ),
    "nul-byte": (ERROR, "파일에 NUL 문자가 들어 있습니다", "the file contains a NUL character"),
    "unreadable": (ERROR, "읽을 수 없습니다 (권한을 확인하세요)", "cannot be read (check its permissions)"),
    "file-too-large": (ERROR, "파일이 1 MB를 넘습니다", "the file is larger than 1 MB"),
    "symlink-outside": (ERROR, "아카이브 밖을 가리키는 링크입니다", "symbolic link pointing outside the archive"),
    "not-a-file": (ERROR, "파일이어야 할 자리에 폴더가 있습니다", "a folder where a file is expected"),
    "markdown-too-deep": (
        ERROR,
        "목록·인용이 {limit}단계보다 깊게 겹쳐 있습니다",
        "lists, quotes or indentation are nested deeper than {limit} levels",
    ),
    "not-a-mapping": (ERROR, "'항목: 값' 형태여야 합니다", "expected 'key: value' pairs"),
    "front-matter-missing": (
        ERROR,
        "파일 맨 앞에 '---'로 둘러싼 머리말(제목, 제안자 등)이 있어야 합니다",
        "the file must start with front matter between '---' lines",
    ),
    "front-matter-unclosed": (ERROR, "머리말을 닫는 '---' 줄이 없습니다", "the front matter has no closing '---' line"),
    "missing-field": (ERROR, "필수 항목 '{field}'이(가) 없습니다", "required field '{field}' is missing"),
    "empty-field": (ERROR, "'{field}' 항목이 비어 있습니다", "field '{field}' is empty"),
    "unknown-field": (WARNING, "알 수 없는 항목 '{field}'은(는) 무시됩니다", "unknown field '{field}' is ignored"),
    "not-text": (ERROR, "'{field}'은(는) 글이어야 합니다", "field '{field}' must be text"),
    "unseen-character": (
        ERROR,
        "'{field}'에 눈에 보이지 않는 문자({code}, 줄바꿈·제어 문자 등)가 있습니다. 지우고 한 줄로 적어 주세요",
        "'{field}' holds a character no one can see ({code}: a line break, control or direction mark); remove it",
    ),
    "text-too-long": (
        ERROR, "'{field}'이(가) 너무 깁니다 ({length}자, 최대 {limit}자)", "'{field}' is too long ({length} characters, at most {limit})",
    ),
    "too-many-items": (ERROR, "'{field}'의 항목이 너무 많습니다 (최대 {limit}개)", "'{field}' has too many items (at most {limit})"),
    "not-text-list": (ERROR, "'{field}'은(는) 글 목록이어야 합니다 (예: [가, 나])", "field '{field}' must be a list of texts"),
    "not-a-date": (
        ERROR,
        "'{field}'의 값 '{value}'은(는) 날짜가 아닙니다. 2020-10-02처럼 적어 주세요",
        "'{field}' value '{value}' is not a date; write it like 2020-10-02",
    ),
    "date-order": (
        ERROR,
        "'{later}'({later_value})이(가) '{earlier}'({earlier_value})보다 앞섭니다",
        "'{later}' ({later_value}) is before '{earlier}' ({earlier_value})",
    ),
    "reserved-id": (
        ERROR,
        "'{name}'은(는) 게시판이 만드는 쪽(목록, 쪽 번호, 피드)의 이름이라 기록 이름으로 쓸 수 없습니다. 다른 이름을 쓰세요",
        "'{name}' is the name of a page the board generates (a listing, its pages, a feed); choose another record id",
    ),
    "bad-id": (
        ERROR,
        "'{name}'은(는) 기록 이름으로 쓸 수 없습니다. 영문 소문자, 숫자, '-'만 쓰세요 (예: 2020-09-infant-hours)",
        "'{name}' is not a valid record id; use lowercase ASCII letters, digits and '-'",
    ),
    "bad-handle": (
        ERROR,
        "'{name}'은(는) 아이디로 쓸 수 없습니다. 영문, 숫자, '-'만 쓰세요",
        "'{name}' is not a valid handle; use ASCII letters, digits and '-'",
    ),
    "bad-act-file": (
        ERROR,
        "'{name}': 참여 파일은 '<아이디>.yml' 이름이거나, 파일 안의 'handle: <아이디>' 또는 members.yml의 "
        "'aliases'로 누구의 참여인지 밝혀야 합니다 (의견은 '<아이디>.<번호>.md', 예: heidi.1.md). 이 파일은 세지 않습니다",
        "'{name}': an act file must be named '<handle>.yml', or say whose it is with 'handle: <login>' inside or "
        "an 'aliases' entry in members.yml (an opinion '<handle>.<number>.md', e.g. heidi.1.md); it is not counted",
    ),
    "bad-join-file": (
        ERROR,
        "'{name}': 가입 신청 파일은 '<아이디>.yml' 이름입니다 (예: joins/heidi.yml)",
        "'{name}': a join request is named '<handle>.yml' (e.g. joins/heidi.yml)",
    ),
    "bad-act-handle": (
        ERROR,
        "'handle'은 참여한 사람의 아이디(포지 로그인: 영문, 숫자, '-')여야 합니다",
        "'handle' must be the login of the person who acts (ASCII letters, digits and '-')",
    ),
    "act-handle-differs": (
        ERROR,
        "파일 이름은 '{name}'의 참여인데 'handle'은 '{handle}'입니다. 둘 중 하나로 맞춰 주세요",
        "the file is named after '{name}' but its 'handle' says '{handle}'; make them agree",
    ),
    "bad-alias": (
        ERROR,
        "별칭 '{value}'은(는) 쓸 수 없습니다: 이미 '{other}'의 별칭이거나, 한 줄 이름이 아닙니다 ('.'이나 '-'로 시작할 수 없음)",
        "alias '{value}' cannot be used: it is already '{other}''s, or it is not a one-line name (no leading '.' or '-')",
    ),
    "duplicate-handle": (
        ERROR,
        "'{name}'은(는) '{other}'와(과) 같은 사람입니다 (대소문자만 다름). 하나만 남겨 주세요",
        "'{name}' is the same person as '{other}' (case differs); keep one",
    ),
    "record-missing": (
        ERROR,
        "'{folder}'에 {record} 파일이 없습니다",
        "'{folder}' has no {record} file",
    ),
    "act-outside-record": (
        WARNING,
        "'{name}'은(는) 읽지 않습니다. 참여 파일은 '{expected}' 폴더 안에 두세요",
        "'{name}' is not read; act files belong in the '{expected}' folder",
    ),
    "stray-file": (
        WARNING,
        "'{name}'은(는) 아카이브가 읽지 않는 파일입니다",
        "'{name}' is not a file the archive reads",
    ),
    "bad-value": (
        ERROR,
        "'{field}'의 값 '{value}'은(는) 허용되지 않습니다. 가능한 값: {allowed}",
        "'{field}' value '{value}' is not allowed; allowed: {allowed}",
    ),
    "on-needs-offline": (
        ERROR,
        "'on'(종이에 쓴 날)은 운영자가 옮겨 적은 참여(source: offline)에만 씁니다",
        "'on' (the day it was made on paper) is only for an act a maintainer transcribed (source: offline)",
    ),
    "on-after-landing": (
        ERROR,
        "'on: {on}'이(가) 이 참여가 반영된 날({landed})보다 뒤입니다. 종이에 쓴 날을 적어 주세요",
        "'on: {on}' is after the day this act landed ({landed}); write the day it was made on paper",
    ),
    "bad-source": (
        ERROR,
        "'source'에는 'offline'만 쓸 수 있습니다 (운영자가 종이 명단 등을 옮겨 적을 때)",
        "'source' may only be 'offline' (a maintainer transcribing a paper sheet)",
    ),
    "unknown-option": (
        ERROR,
        "'{value}'은(는) 이 투표의 선택지가 아닙니다. 가능한 값: {allowed}",
        "'{value}' is not an option of this poll; allowed: {allowed}",
    ),
    "too-many-choices": (
        ERROR,
        "선택지를 {limit}개까지 고를 수 있습니다",
        "at most {limit} choices are allowed",
    ),
    "too-many-with-other": (
        ERROR,
        "'기타' 답도 하나로 셉니다. 선택지와 기타를 합쳐 {limit}개까지 고를 수 있습니다",
        "an 'other' answer counts as a choice; at most {limit} in all",
    ),
    "duplicate-choice": (
        WARNING,
        "선택지 '{value}'을(를) 두 번 골랐습니다. 한 번만 셉니다",
        "option '{value}' is chosen twice; it counts once",
    ),
    "max-choices-ignored": (
        WARNING,
        "'max_choices'는 복수응답 투표('multiple: true')에서만 쓰입니다. 지금은 하나만 고를 수 있습니다",
        "'max_choices' only applies with 'multiple: true'; this poll takes one choice",
    ),
    "no-choice": (ERROR, "선택지를 하나 이상 골라 주세요", "choose at least one option"),
    "other-not-allowed": (ERROR, "이 투표는 '기타' 답을 받지 않습니다", "this poll takes no 'other' answer"),
    "duplicate-option": (ERROR, "선택지 '{value}'이(가) 두 번 나옵니다", "option '{value}' appears twice"),
    "not-a-list": (
        ERROR,
        "'{field}'은(는) 목록이어야 합니다 (항목마다 '- '로 시작하는 줄)",
        "field '{field}' must be a list (one '- ' line per item)",
    ),
    "bad-count": (
        ERROR,
        "'{option}'의 표 수 '{value}'은(는) 0 이상의 정수여야 합니다",
        "the count for '{option}' ('{value}') must be a whole number, 0 or more",
    ),
    "count-over-participants": (
        ERROR,
        "표 수({votes})가 참여자 수 'participants'({participants})보다 많습니다",
        "{votes} votes is more than the {participants} participants ('participants')",
    ),
    "duplicate-email": (
        ERROR,
        "이메일 '{value}'이(가) '{other}'에게도 등록되어 있습니다",
        "e-mail '{value}' is also listed for '{other}'",
    ),
    "unknown-role": (
        WARNING,
        "알 수 없는 역할 '{value}'입니다. 가능한 값: {allowed}",
        "unknown role '{value}'; known roles: {allowed}",
    ),
    "unknown-phase": (
        WARNING,
        "'{value}'은(는) mkdocs.yml에 선언된 단계가 아닙니다",
        "'{value}' is not a phase declared in mkdocs.yml",
    ),
    # a phase's pin (tally.phase_commit): `commit:` decides, its tag is only checked
    "phase-commit-unknown": (
        ERROR,
        "단계의 'commit: {commit}'은(는) 이 저장소의 main에 반영된 커밋(첫 부모 줄기)이 아닙니다. 단계를 고정한 커밋의 "
        "전체 sha를 적어 주세요 (git rev-parse 태그)",
        "the phase's 'commit: {commit}' is not a commit that landed on this repository's main (its first-parent "
        "chain); write the full sha of the commit that froze the phase (git rev-parse TAG)",
    ),
    "phase-tag-missing": (
        WARNING,
        "알림: 이 복제본에는 태그 '{tag}'이(가) 없습니다 (태그는 모든 복제본에 따라오지 않습니다). 단계는 'commit: {commit}'에 "
        "고정되어 있습니다",
        "note: this clone has no tag '{tag}' (tags do not travel with every clone); the phase is frozen at "
        "'commit: {commit}'",
    ),
    "phase-tag-moved": (
        WARNING,
        "태그 '{tag}'이(가) 옮겨졌습니다: 태그는 {target}을(를), 'commit:'은 {commit}을(를) 가리킵니다. 누군가 태그를 "
        "옮겼습니다. 결과는 'commit:'으로 셉니다",
        "tag '{tag}' was moved: it names {target}, while 'commit:' is {commit}; the results are counted at 'commit:'",
    ),
    "site-url-missing": (
        WARNING,
        "site_url이 없어 공유 카드(og:image)의 주소가 상대 주소가 됩니다. 메신저는 그 그림을 가져오지 못합니다. mkdocs.yml에 "
        "사이트를 올릴 주소를 적어 주세요 (예: site_url: https://…/)",
        "site_url is not set, so the share cards' og:image addresses are relative and messengers cannot fetch "
        "them; write where the site is published in mkdocs.yml (site_url: https://…/)",
    ),
    "settings-invalid": (ERROR, "설정을 읽을 수 없습니다: {problem}", "the settings cannot be read: {problem}"),
    "language-without-catalog": (
        WARNING,
        "theme.language '{language}'의 말 목록(catalog)이 madang에 없어 시민 페이지를 한국어로 보여 줍니다 (있는 언어: {languages})",
        "madang has no catalog for theme.language '{language}', so citizens' pages are shown in Korean (catalogs: {languages})",
    ),
    "shallow-history": (
        WARNING,
        "git 기록이 일부만 있어(shallow clone) 참여 작성자를 확인할 수 없습니다. 'git fetch --unshallow'로 전체 기록을 받으세요",
        "the git history is shallow, so acts could not be verified; run 'git fetch --unshallow'",
    ),
    "not-a-repository": (
        WARNING,
        "git 저장소가 아니어서 참여를 집계할 수 없습니다 ('git init' 후 커밋하세요)",
        "not a git repository, so no act can be counted (run 'git init' and commit)",
    ),
    "record-symlink": (
        ERROR,
        "기록이나 참여의 파일·폴더는 심볼릭 링크일 수 없습니다. 보통 파일로 올려 주세요",
        "a record's or an act's file or folder cannot be a symbolic link; add a plain file",
    ),
    "symlink-loop": (
        ERROR,
        "링크가 돌고 돕니다 (자기 자신이나 자기를 담은 폴더를 가리킴). 링크 대신 실제 파일이나 폴더를 두세요",
        "symbolic link loop (it leads back to itself or to a folder holding it); put the real file or folder here",
    ),
    "symlink-broken": (
        ERROR,
        "링크가 가리키는 곳에 아무것도 없습니다. 링크 대신 실제 파일이나 폴더를 두세요",
        "symbolic link to nothing; put the real file or folder here",
    ),
    "submodule": (
        ERROR,
        "다른 git 저장소(서브모듈)는 아카이브에 넣을 수 없습니다. 파일 자체를 커밋하세요",
        "another git repository (a submodule) cannot be part of the archive; commit the files themselves",
    ),
    "look-alike-character": (
        ERROR,
        "'{name}'에 영문이 아닌 글자 {code} {character}이(가) 숨어 있습니다 (보이지 않거나 영문과 닮은 글자). "
        "아이디는 영문, 숫자, '-'만 씁니다. 그 글자를 지우고 다시 입력하세요",
        "'{name}' holds {code} {character}, which is not an ASCII letter though it may look like one or be "
        "invisible; a handle uses only ASCII letters, digits and '-': delete it and type it again",
    ),
    # citizen juries (sortition.py) and deliberative polls
    "jury-bad-quota": (
        ERROR,
        "'{category}'의 몫 '{value}'은(는) 0 이상의 정수여야 합니다 (예: {{여성: 3, 남성: 3}})",
        "the quota of '{category}' ('{value}') must be a whole number, 0 or more (e.g. {{여성: 3, 남성: 3}})",
    ),
    "jury-quota-short": (
        ERROR,
        "'{stratum}' 몫의 합({total}명)이 자리 수 'seats'({seats}명)보다 작아 배심원을 다 뽑을 수 없습니다",
        "the '{stratum}' quotas add up to {total}, fewer than the {seats} 'seats': the jury could never be filled",
    ),
    "jury-seed-too-early": (
        ERROR,
        "추첨 씨앗의 날짜({seed})는 신청 마감({deadline})보다 뒤여야 합니다. 명단이 고정되기 전에 알 수 있는 값으로 "
        "뽑으면 결과를 미리 맞출 수 있습니다",
        "the seed's date ({seed}) must come after the application deadline ({deadline}): a value known before the "
        "roster froze would let someone steer the draw",
    ),
    "jury-quotas-infeasible": (
        ERROR,
        "몫을 모두 지키는 배심원단이 없습니다: {stratum_ko} '{category}'의 몫 {quota}명을 {wanted}명으로 늘려야 뽑을 수 있습니다",
        "no panel meets the quotas: the {stratum} quota for '{category}' would have to be {wanted} instead of {quota}",
    ),
    "jury-quotas-impossible": (
        ERROR,
        "몫을 모두 지키는 배심원단이 없고, 몫을 늘려도 자리를 채울 수 없습니다 (신청자가 모자랍니다)",
        "no panel meets the quotas, and raising them would not fill the seats (too few applicants)",
    ),
    "pr-plan-too-late": (
        ERROR,
        "추첨 계획 plan.json은 씨앗의 날({seed}) 전에 반영해야 합니다: 그날부터는 아무도 더하거나 고치거나 지우지 "
        "못합니다 ('{rule}' 규칙)",
        "a jury's plan.json must land before the seed's day ({seed}): from that day on no one adds, changes or "
        "deletes it (rule '{rule}')",
    ),
    "pr-plan-no-seed": (
        ERROR,
        "jury.yml에 씨앗의 날(seed.date)이 먼저 정해져 있어야 추첨 계획을 반영할 수 있습니다 ('{rule}' 규칙)",
        "jury.yml must name the seed's day (seed.date) before a plan can land (rule '{rule}')",
    ),
    "pr-plan-other-roster": (
        ERROR,
        "plan.json의 명단 요약값이 이 배심원단의 명단({digest})과 다릅니다: madang draw --plan으로 다시 만드세요 "
        "('{rule}' 규칙)",
        "plan.json's roster digest is not this jury's roster ({digest}): make it again with madang draw --plan "
        "(rule '{rule}')",
    ),
    "jury-numbers-not-lottery": (
        ERROR,
        "'numbers'는 'source: lottery'(복권 번호)일 때만 씁니다",
        "'numbers' goes with 'source: lottery' only",
    ),
    "before-poll-missing": (
        ERROR,
        "사전 투표 '{value}'이(가) 없습니다 (polls/{value}/poll.yml)",
        "the earlier poll '{value}' does not exist (polls/{value}/poll.yml)",
    ),
    "before-poll-kind": (
        ERROR,
        "사전·사후 비교는 하나만 고르는 선택 투표끼리, 서로 다른 두 투표 사이에서만 할 수 있습니다 ('{value}')",
        "before/after comparison links two different one-choice polls only ('{value}')",
    ),
    # weighted selection (score.py, mkdocs.yml `selection:`) and proposal thresholds
    "selection-unknown-candidate": (
        ERROR,
        "선정 후보 '{value}'은(는) 제안이 아닙니다. proposals/ 아래 폴더 이름을 적어 주세요",
        "selection candidate '{value}' is not a proposal; write a folder name under proposals/",
    ),
    "selection-unknown-poll": (
        ERROR,
        "투표 '{value}'이(가) 없습니다. polls/ 아래 폴더 이름을 적어 주세요",
        "there is no poll '{value}'; write a folder name under polls/",
    ),
    "selection-poll-type": (
        ERROR,
        "'source: {source}'에는 'type: {wanted}' 투표가 필요한데 '{value}'은(는) 'type: {type}' 투표입니다",
        "'source: {source}' needs a 'type: {wanted}' poll, but '{value}' is a 'type: {type}' poll",
    ),
    "selection-not-in-poll": (
        ERROR,
        "투표 '{poll}'에 후보 '{value}'을(를) 가리키는 선택지가 없습니다. 선택지에 'proposal: {value}'를 적어 주세요",
        "poll '{poll}' has no option for candidate '{value}'; give an option 'proposal: {value}'",
    ),
    "bad-thresholds": (
        ERROR,
        "'thresholds'는 공감 수와 이름을 짝지어 적습니다 (예: {{50: 답변, 500: 공론화}})",
        "'thresholds' pairs endorsement counts with names, e.g. {{50: 답변, 500: 공론화}}",
    ),
    "bad-threshold": (
        ERROR,
        "문턱 '{value}'은(는) 1 이상의 정수 공감 수와 비어 있지 않은 이름이어야 합니다 (예: 50: 답변)",
        "threshold '{value}' must be a whole number of endorsements, 1 or more, with a name (e.g. 50: 답변)",
    ),
    "bad-answer-name": (
        ERROR,
        "답변 파일 이름 '{name}'은(는) 1.md, 2.md처럼 번호여야 합니다",
        "answer file name '{name}' must be a number, like 1.md or 2.md",
    ),
    "bad-answer-by": (
        ERROR,
        "'by'의 '{value}'은(는) 팀원 아이디나 'org:부서 이름'이어야 합니다 (예: org:도서관정책과)",
        "'by' value '{value}' must be a member's handle or 'org:' and a department's name (e.g. org:도서관정책과)",
    ),
    "answer-before-proposal": (
        ERROR,
        "답변 날짜 {value}이(가) 제안일 {proposed}보다 앞섭니다",
        "the answer's date {value} is before the proposal's day {proposed}",
    ),
    "bad-answer-days": (
        ERROR,
        "'answer_within_days'는 1 이상의 정수 날수여야 합니다 ('{value}')",
        "'answer_within_days' must be a whole number of days, 1 or more ('{value}')",
    ),
    "bad-moderation-name": (
        ERROR,
        "운영 기록 파일 이름 '{name}'은(는) 1.yml, 2.yml처럼 번호여야 합니다",
        "moderation log file name '{name}' must be a number, like 1.yml",
    ),
    "bad-moderation-target": (
        ERROR,
        "'void'(무효)는 참여 파일에만 씁니다. '{value}'은(는) 참여 파일 경로가 아닙니다 (예: proposals/x/endorsements/heidi.yml)",
        "'void' applies to act files only; '{value}' is not an act's path (e.g. proposals/x/endorsements/heidi.yml)",
    ),
    # pull request review (review.py)
    "pr-act-for-someone-else": (
        ERROR,
        "이 파일은 '{handle}'님의 참여입니다. 풀 리퀘스트를 연 '{author}'님은 자기 아이디 이름의 파일({author}.yml)만 "
        "더할 수 있습니다. 종이 명단을 옮겨 적는 운영자는 'source: offline'을 적어 주세요 [규칙 {rule}]",
        "this act is '{handle}''s; '{author}' may only add their own ({author}.yml). A maintainer transcribing a "
        "paper sheet writes 'source: offline' [rule {rule}]",
    ),
    "pr-others-act": (
        ERROR,
        "'{handle}'님의 참여를 '{author}'님이 고치거나 지울 수 없습니다. 본인만 바꾸거나 취소할 수 있습니다 [규칙 {rule}]",
        "'{author}' may not change or delete '{handle}''s act; only they can [rule {rule}]",
    ),
    "pr-others-record": (
        ERROR,
        "'{owner}'님이 쓴 기록입니다. '{author}'님은 고칠 수 없습니다. 의견을 남기거나 운영자에게 부탁하세요 [규칙 {rule}]",
        "this record is '{owner}''s; '{author}' may not edit it. Leave an opinion or ask a maintainer [rule {rule}]",
    ),
    "pr-record-after-deadline": (
        ERROR,
        "마감({deadline})이 지난 기록은 운영자만 고칠 수 있습니다 [규칙 {rule}]",
        "after its deadline ({deadline}) only a maintainer may edit this record [rule {rule}]",
    ),
    "pr-record-removed": (
        ERROR,
        "기록을 지울 수 없습니다. 그 기록의 참여가 갈 곳을 잃습니다. 운영자에게 부탁하세요 [규칙 {rule}]",
        "a record cannot be deleted: its acts would be orphaned. Ask a maintainer [rule {rule}]",
    ),
    "pr-record-renamed": (
        ERROR,
        "기록의 이름(폴더)을 바꿀 수 없습니다 ({old}에서 옮김). 제목을 바꾸려면 'title'만 고치세요 [규칙 {rule}]",
        "a record cannot be renamed (moved from {old}); to change its title, edit 'title' only [rule {rule}]",
    ),
    "pr-maintainers-only": (
        ERROR,
        "이 파일은 운영자만 바꿀 수 있습니다. '{author}'님의 제안은 이슈나 의견으로 남겨 주세요 [규칙 {rule}]",
        "only maintainers change this file; '{author}', please open an issue or leave an opinion instead [rule {rule}]",
    ),
    "pr-members-file": (
        ERROR,
        "members.yml은 운영자만 고칩니다. '{author}'님은 자기 항목의 'public:'(사이트에 보일 것: name, roles)만 고칠 수 "
        "있습니다 [규칙 {rule}]",
        "members.yml is the maintainers'; '{author}' may change only their own entry's 'public:' (what the site "
        "shows: name, roles) [rule {rule}]",
    ),
    "pr-answerers-only": (
        ERROR,
        "공식 답변은 운영자나 members.yml에서 'answerer'(답변 담당) 역할을 가진 팀원만 씁니다. '{author}'님은 의견으로 "
        "남겨 주세요 [규칙 {rule}]",
        "official answers are written by maintainers or members with the 'answerer' role; '{author}', please leave "
        "an opinion instead [rule {rule}]",
    ),
    "pr-answer-by": (
        ERROR,
        "'by'에는 답변하는 '{author}'님의 아이디를 적습니다 ('{value}'). 부서 이름(org:…)의 답변은 운영자가 올립니다 [규칙 {rule}]",
        "'by' must be the answerer's own handle, '{author}' (not '{value}'); a department's answer (org:…) is "
        "entered by a maintainer [rule {rule}]",
    ),
    "pr-members-only": (
        ERROR,
        "모임, 실험장, 소식은 members.yml에 등록된 팀원만 씁니다. '{author}'님은 운영자에게 등록을 부탁하세요 [규칙 {rule}]",
        "meetings, experiments and news are written by the team in members.yml; '{author}', ask a maintainer to add you [rule {rule}]",
    ),
    "pr-generated-output": (
        ERROR,
        "site/ 폴더는 빌드가 만드는 결과물입니다. 풀 리퀘스트에서 빼 주세요 [규칙 {rule}]",
        "site/ is generated by the build; remove it from the pull request [rule {rule}]",
    ),
    "pr-no-one": (
        ERROR,
        "이 자리에는 기록 파일과 참여 파일만 둡니다. 이 파일은 빼 주세요 [규칙 {rule}]",
        "only a record's file and its act files belong here; remove this file [rule {rule}]",
    ),
    "pr-link": (
        ERROR,
        "심볼릭 링크, 서브모듈, 파일 종류 바꾸기는 받지 않습니다. 보통 파일로 올려 주세요 [규칙 {rule}]",
        "symbolic links, submodules and type changes are refused; add a plain file [rule {rule}]",
    ),
    "pr-placeholder-name": (
        ERROR,
        "파일 이름 '{name}'을(를) 본인 아이디로 바꿔 주세요: {author}.yml (의견은 {author}.1.md) [규칙 {rule}]",
        "rename '{name}' after your own login: {author}.yml ({author}.1.md for an opinion) [rule {rule}]",
    ),
    "pr-late-act": (
        WARNING,
        "마감({deadline})이 지나 이 참여는 세지 않습니다. 기록에는 '늦은 참여'로 남습니다 [규칙 {rule}]",
        "the deadline ({deadline}) has passed, so this act will not count; it is shown as late [rule {rule}]",
    ),
    "pr-maintainer-field": (
        ERROR,
        "'{field}'은(는) 운영자만 적거나 바꿉니다. 이 줄을 빼 주세요 [규칙 {rule}]",
        "only maintainers set or change '{field}'; remove this line [rule {rule}]",
    ),
    "pr-frozen-field": (
        ERROR,
        "마감이 지나 '{field}'은(는) 아무도 바꿀 수 없습니다 [규칙 {rule}]",
        "after the deadline no one changes '{field}' [rule {rule}]",
    ),
    # meetings, sign-ups and tasks
    "time-without-date": (
        ERROR,
        "'start'에 날짜가 빠졌습니다 ('{value}'). 2020-09-22 19:00처럼 날짜와 시각을 함께 적어 주세요",
        "'start' has no day ('{value}'); write the day and the time, like 2020-09-22 19:00",
    ),
    "not-a-datetime": (
        ERROR,
        "'{field}'의 값 '{value}'을(를) 날짜와 시각으로 읽을 수 없습니다. "
        "2020-09-22 19:00처럼 있는 날짜와 00:00~23:59 사이의 시각을 함께 적어 주세요",
        "'{field}' value '{value}' is not a day and time; write a real day and a time from 00:00 to 23:59, "
        "like 2020-09-22 19:00",
    ),
    "not-an-end": (
        ERROR,
        "'end'의 값 '{value}'은(는) 끝나는 시각이 아닙니다. 같은 날이면 21:00, 다른 날이면 2020-09-22 21:00처럼 적어 주세요",
        "'end' value '{value}' is not an end time; write 21:00 (the same day) or 2020-09-22 21:00",
    ),
    "end-before-start": (
        ERROR,
        "끝나는 시각({end})이 시작({start})보다 늦어야 합니다",
        "the end ({end}) must be after the start ({start})",
    ),
    "no-place": (
        ERROR,
        "모임 장소 'place'나 온라인 참여 주소 'online' 중 하나는 적어 주세요",
        "write where the meeting is: 'place', 'online' (an https:// link), or both",
    ),
    "not-a-link": (
        ERROR,
        "'{field}'의 값 '{value}'은(는) 인터넷 주소가 아닙니다. https://로 시작하는 주소를 적어 주세요",
        "'{field}' value '{value}' is not a web address; write one starting with https://",
    ),
    "signup-after-meeting": (
        ERROR,
        "신청 마감 'signup_until'({value})이 모임 날({start})보다 늦습니다. 모임 날이나 그 전 날짜를 적어 주세요",
        "'signup_until' ({value}) is after the meeting day ({start}); use that day or an earlier one",
    ),
    "signups-not-taken": (
        ERROR,
        "모임 '{meeting}'은(는) 참석 신청을 받지 않습니다 (모임 파일에 'signup_until'이 없습니다)",
        "meeting '{meeting}' takes no sign-ups (its file has no 'signup_until')",
    ),
    "bad-task-date": (
        ERROR,
        "할 일의 날짜 '{value}'은(는) 없는 날짜입니다. 2020-09-25처럼 적어 주세요",
        "the task's date '{value}' is not a real day; write it like 2020-09-25",
    ),
    "unknown-proposal": (
        ERROR,
        "'{value}'(이)라는 제안이 없습니다. proposals/ 폴더에 있는 제안 이름을 적어 주세요",
        "there is no proposal '{value}'; write the name of a folder in proposals/",
    ),
    # score polls
    "score-only-field": (
        WARNING,
        "'{field}'은(는) 점수 투표('type: score')에서만 쓰입니다. 무시됩니다",
        "'{field}' only applies to a score poll ('type: score'); it is ignored",
    ),
    "choice-only-field": (
        WARNING,
        "점수 투표에서는 '{field}'을(를) 쓰지 않습니다. 무시됩니다",
        "a score poll does not use '{field}'; it is ignored",
    ),
    "no-voters": (
        WARNING,
        "members.yml에 '{value}' 역할을 가진 사람이 없어 어떤 표도 집계되지 않습니다",
        "no member in members.yml has the role '{value}', so no ballot can count",
    ),
    "choices-in-score-poll": (
        ERROR,
        "점수 투표입니다. 'choices' 대신 'scores'에 후보마다 기준별 점수를 적어 주세요",
        "this is a score poll: write 'scores' (a score per candidate and criterion), not 'choices'",
    ),
    "scores-in-choice-poll": (
        ERROR,
        "점수 투표가 아닙니다. 'scores' 대신 'choices'에 고른 선택지를 적어 주세요",
        "this poll is not a score poll: write 'choices', not 'scores'",
    ),
    "duplicate-criterion": (ERROR, "평가 기준 '{value}'이(가) 두 번 나옵니다", "criterion '{value}' appears twice"),
    "unknown-criterion": (
        ERROR,
        "'{value}'은(는) 이 투표의 평가 기준이 아닙니다. 가능한 값: {allowed}",
        "'{value}' is not a criterion of this poll; allowed: {allowed}",
    ),
    "bad-score": (
        ERROR,
        "'{option}'의 '{criterion}' 점수 '{value}'은(는) {low}부터 {high}까지의 정수여야 합니다",
        "the '{criterion}' score of '{option}' ('{value}') must be a whole number from {low} to {high}",
    ),
    "score-missing": (
        ERROR,
        "'{option}' 후보의 '{criterion}' 점수가 없습니다. 모든 후보를 모든 기준으로 채점해 주세요",
        "no '{criterion}' score for '{option}'; score every candidate on every criterion",
    ),
    # news and experiments
    "experiment-proposal-unknown": (
        ERROR,
        "'{value}'(이)라는 제안이 없습니다. proposals/ 폴더에 있는 제안 이름을 적어 주세요",
        "there is no proposal '{value}'; write the name of a folder in proposals/",
    ),
    "bad-budget": (
        ERROR,
        "예산 '{value}'은(는) 원 단위 숫자만 적어 주세요 (예: 1500000, 쉼표·'원' 없이)",
        "budget '{value}' must be a whole number of won, 0 or more (e.g. 1500000, no commas)",
    ),
    "duplicate-step": (
        ERROR,
        "단계 '{value}'이(가) 두 번 나옵니다. 한 번만 적어 주세요",
        "step '{value}' appears twice; write it once",
    ),
    "bad-media-link": (
        ERROR,
        "'{field}'의 '{value}'은(는) 쓸 수 없는 주소입니다. https://로 시작하는 주소나 index.md 옆 파일 이름을 적어 주세요",
        "'{field}' value '{value}' is not a usable link; write an https:// address or a file name beside index.md",
    ),
    # proposal life, phases and targets
    "life-date-order": (
        ERROR,
        "'{stage}' 단계의 날짜({value})가 앞 단계 '{previous}'의 날짜({previous_value})보다 앞섭니다",
        "the date of stage '{stage}' ({value}) is before that of '{previous}' ({previous_value})",
    ),
    "link-missing": (
        ERROR,
        "{kind} '{value}'이(가) 없습니다. '{where}' 폴더에 있는 이름을 적어 주세요",
        "there is no {kind_en} '{value}'; use a name found in '{where}'",
    ),
    "form-too-early": (
        WARNING,
        "공론화 방식('form')은 의제 후보가 된 뒤에 정합니다. 'life'에 'candidate' 단계를 먼저 적어 주세요",
        "'form' applies once the proposal is an agenda candidate; add a 'candidate' step to 'life' first",
    ),
    # act fields a record declares (validate/actfields.py)
    "bad-act-fields": (
        ERROR,
        "'act_fields'에는 참여 파일에 적을 항목을 '이름: 종류'로 적어 주세요 (예: name: text)",
        "'act_fields' maps the fields act files may hold to their types (e.g. name: text)",
    ),
    "bad-act-field-name": (
        ERROR,
        "'{name}'은(는) 참여 항목 이름으로 쓸 수 없습니다. 영문 소문자로 시작해 영문 소문자, 숫자, '_'만 쓰세요 (32자까지)",
        "'{name}' cannot name an act field; start with a lowercase ASCII letter, then letters, digits or '_' (up to 32)",
    ),
    "act-field-reserved": (
        ERROR,
        "'{name}'은(는) 참여 파일에 이미 있는 항목이라 따로 정할 수 없습니다. 다른 이름을 쓰세요",
        "'{name}' is already a field of these act files; declare another name",
    ),
    "bad-act-field-type": (
        ERROR,
        "참여 항목 '{name}'의 종류 '{value}'은(는) 쓸 수 없습니다. text(한 줄 글), url(http·https 주소), "
        "choice(정한 값 중 하나) 중 하나를 적어 주세요",
        "act field '{name}' has type '{value}'; use text (one line), url (an http or https address) or choice",
    ),
    "act-field-choices": (
        ERROR,
        "고르는 항목(choice) '{name}'에는 고를 값 목록 'choices'가 있어야 합니다 (예: choices: [개인, 단체])",
        "choice field '{name}' needs its 'choices' (e.g. choices: [individual, group])",
    ),
    "act-field-choices-ignored": (
        WARNING,
        "'{name}'은(는) {type} 항목이라 'choices'는 무시됩니다",
        "'{name}' is a {type} field, so its 'choices' are ignored",
    ),
    "not-a-web-address": (
        ERROR,
        "'{field}'의 값 '{value}'은(는) 인터넷 주소가 아닙니다. http:// 또는 https://로 시작하는 주소를 "
        "빈칸, 따옴표, '아이디@' 없이 적어 주세요",
        "'{field}' value '{value}' is not a web address; write one starting with http:// or https://, "
        "without spaces, quotes or 'user@'",
    ),
    # opinions
    "opinion-empty": (
        ERROR,
        "의견 내용이 비어 있습니다. 머리말('---') 아래에 의견을 적어 주세요",
        "the opinion has no text; write it below the front matter",
    ),
    "reply-to-self": (
        ERROR,
        "'reply_to'에 이 의견 자신('{value}')을 적었습니다. 답글을 달 다른 의견의 이름을 적어 주세요",
        "'reply_to' names this opinion itself ('{value}'); name the opinion you reply to",
    ),
    "reply-to-unknown": (
        WARNING,
        "이 기록에 '{value}' 의견이 없어 답글이 아닌 의견으로 보입니다. 의견 파일 이름에서 '.md'를 뺀 이름을 적어 주세요 (예: dandi.1)",
        "no opinion '{value}' on this record, so this shows as a new opinion; "
        "name the opinion's file without '.md' (e.g. dandi.1)",
    ),
    "endorsed-opinion-unknown": (
        WARNING,
        "이 기록에 '{value}' 의견이 없어 이 공감은 세지 않습니다. 의견 파일 이름에서 '.md'를 뺀 이름을 적어 주세요 (예: dandi.1)",
        "no opinion '{value}' on this record, so this endorsement is not counted; "
        "name the opinion's file without '.md' (e.g. dandi.1)",
    ),
    "endorsed-own-opinion": (
        WARNING,
        "자기 의견 '{value}'에 한 공감은 세지 않습니다",
        "endorsing your own opinion '{value}' is not counted",
    ),
}


@dataclass(frozen=True)
class Diagnostic:
    """One problem in one file, at one line."""

    slug: str
    path: str
    """Archive-relative path, with '/' separators."""
    line: int
    """1-based line; 1 when the problem concerns the whole file."""
    values: tuple = ()
    """The message's placeholders, as sorted (name, value) pairs."""

    @property
    def severity(self) -> str:
        return MESSAGES[self.slug][0]

    @property
    def korean(self) -> str:
        return MESSAGES[self.slug][1].format(**dict(self.values))

    @property
    def english(self) -> str:
        return MESSAGES[self.slug][2].format(**dict(self.values))

    def __str__(self) -> str:
        """One line of the log, whatever the file's name or the value quoted: a line break there
        would start a line the CI reads as its own (a GitHub workflow command)."""
        label = SEVERITY_LABELS[self.severity]
        return CONTROL.sub(_shown, f"{self.path}:{self.line}: {label}[{self.slug}] {self.korean} / {self.english}")


CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _shown(match) -> str:
    """A control character as its escape (\\n, \\x1b), visible on one line."""
    return repr(match[0])[1:-1]


def diagnostic(slug: str, path: str, line: int = 1, **values) -> Diagnostic:
    """Make a diagnostic; values fill the message's placeholders."""
    assert slug in MESSAGES, slug
    return Diagnostic(slug, path, line, tuple(sorted((k, str(v)) for k, v in values.items())))


def has_errors(diagnostics) -> bool:
    return any(d.severity == ERROR for d in diagnostics)


def sort_key(d: Diagnostic):
    return (d.path, d.line, d.slug)


def github_annotation(problem: Diagnostic, path: str) -> str:
    """A GitHub Actions workflow command that marks the line in the pull request's diff.

    What people wrote (a file name, a message quoting a value) is escaped as GitHub's
    toolkit does (escapeData, escapeProperty), so it can never start a workflow command of its own.
    """
    level = "error" if problem.severity == ERROR else "warning"
    properties = f"file={_escape_property(path)},line={problem.line},title={_escape_property('madang ' + problem.slug)}"
    return f"::{level} {properties}::{_escape_data(f'{problem.korean} / {problem.english}')}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
