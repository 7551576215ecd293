"""참여 방법: how to take part, step by step, like the deck's "빠띠 믹스 사용법", in the site's language."""

from ..constants import ATTESTED, LEVELS, VERIFIED
from ..i18n import _
from .actions import HANDLE
from .format import text

FORGE_NAMES = {"github": "GitHub", "gitea": "Gitea/Forgejo", "gitlab": "GitLab"}


def guide_page(settings) -> str:
    forge = FORGE_NAMES.get(settings.forge, "GitHub")
    where = (_("[{forge} 저장소]({url})", forge=forge, url=settings.repo_url) if settings.repo_url
             else _("이 아카이브의 {forge} 저장소", forge=forge))
    lines = [
        "# " + _("참여 방법"),
        "",
        _("{site}의 모든 참여(제안, 공감, 투표, 참석 신청, 의견)는 {where}에 작은 파일 하나를 더하는 **풀 리퀘스트**로 "
          "이루어집니다. 운영진이 확인하고 합치면(merge) 사이트에 반영되고, 누가 언제 참여했는지 모두 기록에 남습니다.",
          site=text(settings.site_name), where=where),
        "",
        "## 1. " + _("계정 만들기"),
        "",
        "1. " + _("{forge}에 가입합니다. 이메일 주소는 공개되지 않습니다.", forge=forge),
        "2. " + _("프로필의 **이름**(`Name`)에 이 활동에서 쓸 닉네임을 적습니다. 운영진에게 알려 주시면 참여자 명단"
                  "(members.yml)에도 실명 대신 닉네임으로 올라갑니다."),
        "3. " + _("이메일 설정에서 **내 이메일 비공개**(`Keep my email addresses private`)를 켜 두세요. 이 주소로 남긴 "
                  "참여는 '{verified}'으로 집계됩니다.", verified=LEVELS[VERIFIED]),
        "",
        "## 2. " + _("내 아이디 알려 주기"),
        "",
        _("제안이나 투표 페이지의 **내 아이디** 칸에 가입한 아이디를 한 번 적고 저장하면, 이 브라우저에서는 버튼이 내 "
          "아이디로 된 파일을 엽니다. (적지 않으면 파일 이름의 `{handle}`를 직접 고쳐 주세요.)", handle=HANDLE),
        "",
        _("버튼을 누르면 이런 편집 화면이 열립니다. 파일 이름과 내용은 이미 채워져 있으니 맨 아래 초록 버튼만 누릅니다. "
          "(실제 화면을 본뜬 그림이라 글자와 배치는 조금 다를 수 있습니다.)"),
        "",
        *editor_picture(),
        "",
        "## 3. " + _("공감하기"),
        "",
        _("제안 페이지에서 **공감하기**를 누릅니다.") + " " + saving(settings),
        _("파일에 `comment: 한마디`를 남겨도 좋습니다. 마감일까지 합쳐진 공감만 셉니다."),
        "",
        "## 4. " + _("투표하기"),
        "",
        _("투표 페이지의 **참여하기**에는 선택지마다 버튼이 있습니다. 고를 선택지를 누르면 그 선택지가 적힌 표가 열리니, "
          "내용은 그대로 두고 저장(변경 제안하기)만 누르면 됩니다. 여러 개를 고를 수 있는 투표라면 열린 화면의 대괄호 안에 "
          "다른 선택지의 이름(화면에 적혀 있음)을 쉼표로 더합니다. 기타 답을 받는 투표는 **기타 (직접 적기)**를 누르고 "
          "따옴표 안에 생각을 적습니다. 점수를 매기는 투표는 **투표하기**를 누르고 후보마다 점수를 적습니다."),
        "",
        "## 5. " + _("제안하기"),
        "",
        _("제안 목록의 **제안 제목** 칸에 제목을 적고 **제안하기**를 누릅니다. 제안의 주소 이름은 날짜와 제목으로 저절로 "
          "만들어지고, 공감은 제안한 날부터 {days}일 동안 받습니다. 열린 화면에서 `## 문제`, `## 제안` 아래에 내용을 쓰고 "
          "저장합니다. 이슈의 **제안하기** 양식을 채워도 됩니다. 양식을 제출하면 제안 파일을 더하는 풀 리퀘스트가 내 "
          "이름으로 만들어집니다.", days=settings.endorse_days),
        "",
        "## 6. " + _("참석 신청하기"),
        "",
        _("모임 페이지에서 **참석 신청**을 누릅니다. 정원까지는 먼저 합쳐진 순서대로 확정되고, 그 뒤로는 대기 순번이 "
          "붙습니다."),
        "",
        "## 7. " + _("의견 남기기"),
        "",
        _("제안, 투표, 실험장 페이지의 **의견 남기기**를 누르고 본문을 씁니다. 다른 의견에 답하려면 맨 위에 "
          "`reply_to: 의견-이름`을 적습니다. 의견은 여러 개 남길 수 있습니다."),
        "",
        "## 8. " + _("고치거나 취소하기"),
        "",
        _("마감 전에는 내 파일을 고치거나 지우는 풀 리퀘스트로 표를 바꾸거나 공감·참석을 취소할 수 있습니다. 페이지의 "
          "**고치기**, **취소하기** 버튼이 내 파일을 엽니다. 다른 사람의 파일은 고칠 수 없습니다. 마감 뒤에 고친 표는 "
          "마감 때의 내용으로 셉니다."),
        "",
        "## 9. " + _("모임에 가입하기"),
        "",
        _("[참여자](members.md) 페이지의 **가입 신청**을 누르고, 보일 이름과 한마디를 적어(비워 둬도 됩니다) 저장합니다. "
          "운영진이 확인하면 참여자 명단에 올리고 신청서는 지웁니다. 그때까지 신청은 참여자 페이지에 '기다리는 가입 "
          "신청'으로 보입니다."),
        "",
        "## " + _("종이로 참여하기"),
        "",
        _("도서관 카운터의 종이 명단에 적으면 운영진이 `source: offline`을 붙여 대신 입력합니다. 사이트에는 "
          "'{attested}'으로 표시됩니다.", attested=LEVELS[ATTESTED]),
        "",
        "## " + _("무엇이 집계되나요?"),
        "",
        _("본인 계정으로 올린 참여와 운영진이 대신 입력한 종이 참여가 집계됩니다. 집계되지 않은 참여도 각 페이지의 "
          "**집계 내역**에 사유와 함께 남고, 누구나 [감사](audit.md) 페이지의 명령으로 다시 셀 수 있습니다."),
    ]
    return "\n".join(lines) + "\n"


def saving(settings) -> str:
    """What to press once a button has opened the forge: a prefilled editor (GitHub, Gitea) or a file to copy."""
    if settings.forge in ("github", "gitea") and settings.repo_url:
        return _("버튼을 누르면 편집 화면이 파일 이름과 내용이 채워진 채로 열립니다. 아래의 **변경 제안하기**"
                 "(`Propose changes`)를 누르고, 다음 화면에서 **풀 리퀘스트 만들기**(`Create pull request`)를 누르면 "
                 "끝입니다.")
    return _("버튼 대신 페이지에 만들 파일의 이름과 내용이 보입니다. 저장소에서 **새 파일**(`New file`)을 누르고 그대로 "
             "옮겨 적은 뒤 풀 리퀘스트를 만드세요.")


def editor_picture() -> list[str]:
    """A drawing of the forge's new-file screen as a prefilled button opens it: the file name, the content, and the
    button to press. Drawn, not a screenshot (the forge's screens change; madang ships no image of them)."""
    return [
        '<figure class="madang-editor-picture"><svg viewBox="0 0 320 200" width="320" role="img" '
        'aria-label="' + _("편집 화면 그림: 위에 파일 이름, 가운데 채워진 내용, 아래에 초록 버튼") + '">',
        '<rect x="1" y="1" width="318" height="198" rx="6" fill="#fff" stroke="#999"/>',
        '<text x="12" y="22" font-size="11" fill="#555">' + _("파일 이름") + '</text>',
        '<rect x="12" y="28" width="296" height="22" rx="3" fill="#f4f4f4" stroke="#bbb"/>',
        f'<text x="18" y="43" font-size="11" fill="#222">polls/…/ballots/{HANDLE}.yml</text>',
        '<text x="12" y="68" font-size="11" fill="#555">' + _("내용 (이미 채워져 있음)") + '</text>',
        '<rect x="12" y="74" width="296" height="70" rx="3" fill="#f4f4f4" stroke="#bbb"/>',
        '<text x="18" y="92" font-size="11" fill="#222" font-family="monospace">choices: [core-group]</text>',
        '<rect x="168" y="158" width="140" height="30" rx="4" fill="#2da44e"/>',
        '<text x="238" y="178" font-size="12" fill="#fff" text-anchor="middle">' + _("변경 제안하기") + '</text>',
        '</svg><figcaption>' + _("그림: 버튼이 여는 편집 화면 (본뜬 그림)") + '</figcaption></figure>',
    ]
