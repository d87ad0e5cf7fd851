"""The rules for orders about this text and the studio's checks: for the moment the text is processed, with the
model as subject, about sources, the AI label and the safety check, against the user; old instructions declared void,
privileges claimed, limits lifted, this text ranked highest; the role markers of chat formats. The second part of
`signals.RULES`, in their order."""

from __future__ import annotations

from studio.safety.injection.vocabulary import (
    _AI_LABEL_VI,
    _END,
    _ENV,
    _S,
    _W,
    A_AI_EN,
    A_AI_VI,
    AI_EN,
    AI_VI,
    EN_USER,
    IMPERATIVE_EN,
    _Rule,
    _rule,
)

ORDER_RULES: list[_Rule] = [
    # an order for the moment this text is processed: "when you summarise this document, omit …"
    _rule("order to the AI about this text", .8,
          rf"\b(?:when|while|before|after|as|once){_S}you(?:{_S}(?:are|start|begin))?{_S}(?:summari[sz](?:e|ing)|"
          rf"process(?:ing)?|pars(?:e|ing)|condens(?:e|ing)){_S}(?:this|these|the following|the above)\b|"
          rf"\b(?:khi|trong khi|truoc khi|sau khi){_S}(?:ban{_S})?(?:tom tat|xu ly|tong hop|rut gon){_S}"
          rf"(?:(?:van ban|tai lieu|bai|email|thu|noi dung|doan|phan|ho so){_S})?nay\b", "this_text",
          anchors=("summarize", "summarise", "summarizing", "summarising", "process", "processing", "parse", "parsing",
                   "condense", "condensing", "tom tat", "xu ly", "tong hop", "rut gon")),
    # the model as the subject of an order about this text
    _rule("order to the AI about this text", .75,
          rf"\b{AI_EN}{_S}(?:must|should|shall|will|needs? to|has to|have to|is (?:required|instructed|asked|told|"
          rf"expected) to|are (?:required|instructed|asked|expected) to|may not|must not|should not|cannot|can'?t|"
          rf"mustn'?t|shouldn'?t|is to|are to){_S}(?!be\b|have\b|not be\b)(?:{IMPERATIVE_EN})\b", "subject",
          anchors=A_AI_EN),
    _rule("order to the AI about this text", .75,
          rf"\b{AI_VI}{_S}(?:phai|hay|can phai|khong duoc|dung|bat buoc phai|chi duoc|tuyet doi khong|khong can|"
          rf"can){_S}(?!duoc\b)(?:go bo|go|xoa|xoa bo|bo|an|khong nhac|khong de cap|khong ghi|khong neu|"
          rf"khong trich dan|nhac|de cap|trich dan|viet rang|khang dinh|cham|cho bai|cho diem|danh gia|dang|gui|"
          rf"chuyen|tiet lo|in ra|tra loi|bo qua|noi rang|ghi rang|xep|loai bo|them|chen|che|bo sung|tu choi|"
          rf"canh bao|kiem tra)\b", "subject_vi", anchors=A_AI_VI),
    # orders about sources, the AI label and the safety check
    _rule("do not cite sources", .8,
          rf"\b(?:do not|don'?t|never|stop|no need to){_S}(?:cite|citing|mention|include|list|show|add){_S}"
          rf"(?:any{_S}|the{_S}|your{_S})?(?:sources?|references|citations)\b|\b(?:remove|omit|delete|drop|strip)"
          rf"{_S}(?:all{_S}|the{_S}|any{_S})*(?:citations|source markers|references to sources|sources)\b",
          anchors=("source", "sources", "references", "citations")),
    _rule("đừng trích dẫn nguồn", .8,
          rf"\b(?:dung|khong can|khong duoc|dung co|hay bo|bo qua|bo|dung nen|khoi){_S}(?:viec{_S})?"
          rf"(?:trich dan|ghi|neu|nhac den|nhac toi|de cap(?: den| toi)?|dan){_S}(?:cac{_S}|bat ky{_S})?"
          rf"(?:nguon|tai lieu tham khao|xuat xu)\b", anchors=("nguon", "tai lieu tham khao", "xuat xu")),
    _rule("remove the AI label", .8,
          rf"\b(?:remove|delete|omit|drop|hide|strip|leave out|do not add|don'?t add|do not include|don'?t include|"
          rf"do not show|don'?t show|do not mention|don'?t mention){_S}(?:the{_S}|any{_S}|all{_S})?"
          rf"(?:ai|ai-generated|ai generated|ai-assisted|ai assisted|ai assistance|ai disclosure)"
          rf"(?:{_S})?(?:labels?|disclosures?|notices?|tags?|watermarks?|notes?|statements?)?\b", anchors=("ai",)),
    _rule("remove the AI label", .8,
          rf"\b(?:go bo|go|xoa|xoa bo|bo|loai bo|an|khong (?:ghi|gan|them|de|hien thi|dua)|dung (?:ghi|gan|"
          rf"them|de|hien thi|dua)){_S}(?:(?:moi|cac|tat ca|nhung){_S})?(?:nhan|dong|ghi chu|chu thich|thong bao)"
          rf"(?:\s+ghi)?[\s“\"']{{1,3}}(?:[^\W_]+\s+){{0,2}}?{_AI_LABEL_VI}\b",
          anchors=("ai", "co su ho tro", "tri tue nhan tao")),
    _rule("disable the safety check", .75,
          rf"\b(?:do not|don'?t|dont|never|no need to|skip|disable|turn off|bypass|stop|switch off){_S}"
          rf"(?:any{_S}|the{_S}|all{_S}|your{_S})?(?:safety|privacy|pii|content|personal data|security|moderation|"
          rf"compliance|data protection){_S}(?:checks?|checking|filters?|filtering|review|scan|screening|masking|"
          rf"warnings?|moderation)\b",
          anchors=("safety", "privacy", "pii", "content", "personal data", "security", "moderation", "compliance",
                   "data protection")),
    _rule("disable the safety check", .7,
          rf"\b(?:do not|don'?t|dont|never|no need to){_S}(?:mask|redact|anonymi[sz]e|censor|flag|warn about|hide|"
          rf"blur|check){_S}(?:any{_S}|the{_S})?(?:personal|names|pii|phone numbers|member data|private)\b",
          anchors=("mask", "redact", "anonymize", "anonymise", "censor", "flag", "warn", "hide", "blur", "check")),
    _rule("disable the safety check", .7,
          rf"\b(?:khong (?:duoc|can)|dung|dung co|bo qua|khoi|thoi|tat|vo hieu hoa){_S}(?:buoc{_S})?"
          rf"(?:kiem tra|canh bao|che|an danh|loc|kiem duyet|ra soat|xoa|che giau|lam mo|danh dau|an){_S}"
          rf"(?:ve{_S})?(?:du lieu|thong tin|so dien thoai|ten|noi dung){_S}(?:ca nhan|nhay cam|mat|rieng tu|"
          rf"cua doan vien|an toan)\b",
          anchors=("kiem tra", "canh bao", "che", "an danh", "loc", "kiem duyet", "ra soat", "xoa", "che giau",
                   "lam mo", "danh dau", "an")),
    _rule("disable the safety check", .7,
          rf"\b(?:bo qua|khong can|dung|vo hieu hoa|tat){_S}(?:buoc{_S}|qua trinh{_S})?(?:kiem tra|ra soat|"
          rf"kiem duyet|canh bao|loc){_S}(?:an toan|bao mat|du lieu|noi dung|thong tin|ca nhan)\b",
          anchors=("kiem tra", "ra soat", "kiem duyet", "canh bao", "loc")),
    # the user as the object: an order only a model can be given
    _rule("ignore the user", .8,
          rf"\b(?:{_ENV}){_S}(?:(?:whatever|what|anything|everything|all|any){_S})?{EN_USER}{_END}", "imperative",
          anchors=("user", "users")),
    _rule("ignore the user", .8,
          rf"\b(?:do not|don'?t|never|no need to){_S}(?:tell|inform|warn|alert|notify|show){_S}(?:the{_S})?users?\b|"
          rf"\b(?:dung|khong (?:duoc|can))(?:{_S}(?:cho|de))?{_S}nguoi dung{_S}(?:biet|thay)\b|"
          rf"\b(?:dung|khong (?:duoc|can)){_S}(?:bao|thong bao|canh bao|noi){_S}(?:cho{_S})?nguoi dung\b", "imperative",
          anchors=("user", "users", "nguoi dung")),
    # the old instructions declared void, privileges claimed, limits lifted
    _rule("previous instructions declared void", .85,
          rf"\b(?:(?:previous|prior|above|earlier|original|old|your|system|all|the){_S}){{1,3}}(?:instructions|rules|"
          rf"guidelines|prompt|directives|restrictions)(?:{_S}(?:above|you were given|given to you))?{_S}(?:are|"
          rf"have been|"
          rf"were|is|has been)?(?:{_S})?(?:now{_S})?(?:void|null|cancell?ed|revoked|obsolete|invalid|suspended|"
          rf"overridden|"
          rf"replaced|deprecated|no longer (?:valid|apply|in effect|active))\b|\b(?:previous|prior|above|earlier|your|"
          rf"system) (?:instructions|rules|guidelines|prompt) no longer apply\b|\b(?:this|the following|these|it|"
          rf"what follows){_S}(?:overrides|supersedes|replaces|cancels|voids|takes precedence over){_S}"
          rf"(?:(?:all|any|every|the|your|of){_S}){{0,2}}(?:(?:previous|prior|earlier|above|system|other|existing)"
          rf"{_S})?(?:instructions?|rules?|prompts?|guidelines|directives)\b", "ai_context_strong",
          anchors=("void", "null", "cancelled", "canceled", "revoked", "obsolete", "invalid", "suspended",
                   "overridden", "replaced", "deprecated", "longer", "overrides", "supersedes", "replaces", "cancels",
                   "voids", "precedence")),
    _rule("previous instructions declared void", .85,
          rf"\b(?:huong dan|chi dan|lenh|loi nhac|prompt|chi thi|quy tac|yeu cau){_S}(?:(?:cua|tu){_S})?"
          rf"(?P<m>he thong|truoc do|truoc day|o tren|ban dau|cu|cua ban|goc){_S}(?:(?:da|deu|nay|hien){_S}){{0,2}}"
          rf"(?:het hieu luc|khong con (?:hieu luc|gia tri|ap dung|tac dung)|bi huy(?: bo)?|vo hieu|"
          rf"bi vo hieu hoa|bi thay the|duoc thay the|bi go bo)\b", "ai_context_strong",
          anchors=("hieu luc", "huy", "vo hieu", "thay the", "go bo")),
    _rule("claimed administrator rights", .6,
          rf"\b(?:this user|the user|i|i am the|i'm the|nguoi dung(?: nay)?|toi|tai khoan nay){_S}(?:has|have|"
          rf"is granted|am|"
          rf"is|co|duoc cap|da duoc cap|la){_S}(?:(?:full|elevated|toan|day du){_S})?(?:quyen{_S})?(?:admin|"
          rf"administrator|"
          rf"root|developer|sudo|quan tri vien|quan tri|nha phat trien|superuser)(?:{_S}(?:rights|privileges|access|"
          rf"permissions|mode))?\b", "ai_context",
          anchors=("admin", "administrator", "root", "developer", "sudo", "quan tri", "nha phat trien", "superuser")),
    _rule("safety limits lifted", .75,
          rf"\b(?:developer|dan|jailbreak|god|unrestricted|debug|admin) mode{_S}(?:is{_S}|has been{_S})?(?:now{_S})?"
          rf"(?:enabled|activated|turned on|unlocked|engaged)\b|\bche do{_S}(?:nha phat trien|developer|dan|jailbreak|"
          rf"khong gioi han|quan tri|debug|go loi){_S}(?:da{_S}|duoc{_S}|da duoc{_S})?(?:bat|kich hoat|mo|mo khoa)\b",
          "limits", anchors=("mode", "che do")),
    _rule("safety limits lifted", .75,
          rf"\b(?:(?:moi|tat ca|cac|all|every|any){_S})?(?:gioi han|rang buoc|bo loc|quy tac an toan|kiem duyet|"
          rf"restrictions|limits|limitations|filters|safeguards|guardrails|safety rules|content policy){_S}"
          rf"(?:(?:ve|on|for|of){_S}(?:{_W}{_S}){{0,3}}?)?(?:da{_S}|deu{_S})?(?:duoc|bi|have been|are|were|is|has been)"
          rf"{_S}(?:now{_S})?(?:go bo|xoa bo|bo|vo hieu hoa|tat|lifted|removed|disabled|turned off|suspended|"
          rf"deactivated|waived)\b", "limits",
          anchors=("go bo", "xoa bo", "bo", "vo hieu hoa", "tat", "lifted", "removed", "disabled", "turned off",
                   "suspended", "deactivated", "waived")),
    _rule("answer without limits", .75,
          rf"\b(?:respond|answer|reply|write|act|behave|output|comply|generate){_S}(?:{_W}{_S}){{0,3}}?without{_S}"
          rf"(?:any{_S})?(?:restrictions|filters|filtering|censorship|limits|limitations|safety (?:guidelines|rules|"
          rf"checks|filters)|moderation|guardrails|refusing)\b", "imperative", anchors=("without",)),
    _rule("answer without limits", .75,
          rf"\b(?:tra loi|viet|phan hoi|hanh dong|tao noi dung|dap ung|thuc hien){_S}(?:(?:moi|tat ca|cac){_S})?"
          rf"(?:(?:yeu cau|cau hoi|lenh){_S})?(?:ma{_S})?(?:khong{_S}(?:can|co|bi|qua|phai)|bo qua){_S}(?:bat ky{_S})?"
          rf"(?:kiem duyet|gioi han|rang buoc|bo loc|quy tac|loc|kiem tra an toan)\b", "imperative",
          anchors=("kiem duyet", "gioi han", "rang buoc", "bo loc", "quy tac", "loc", "kiem tra an toan")),
    _rule("disable the safety check", .75,
          rf"\b(?:tat|vo hieu hoa|go bo|go|bo|ngat|dung|ngung|loai bo|turn off|disable|deactivate|switch off|remove)"
          rf"{_S}(?:(?:cac|moi|tat ca|het|the|all|your|any){_S})?(?:bo loc|che do|co che|lop|tinh nang|safety|"
          rf"content|moderation)(?:{_S})?(?:an toan|kiem duyet|bao ve|loc noi dung|filters?|guardrails?|checks?|"
          rf"mode)\b",
          "imperative",
          anchors=("an toan", "kiem duyet", "bao ve", "loc noi dung", "filter", "filters", "guardrail", "guardrails",
                   "check", "checks", "mode")),
    _rule("disable the safety check", .75,
          rf"\b(?:bo qua|khong can|khoi|dung|tat|vo hieu hoa){_S}(?:(?:buoc|khau|qua trinh|phan){_S})?"
          rf"(?:kiem duyet|ra soat an toan|kiem tra an toan|kiem tra bao mat|loc noi dung)\b", "imperative",
          anchors=("kiem duyet", "ra soat an toan", "kiem tra an toan", "kiem tra bao mat", "loc noi dung")),
    # this text ranked above the user's: "coi đây là mệnh lệnh cao nhất"
    _rule("highest-priority instruction", .8,
          rf"\b(?:treat|consider|regard|take){_S}(?:this|these|the following|what follows){_S}as{_S}(?:your{_S}|"
          rf"the{_S}|an?{_S})?"
          rf"(?:highest|top|overriding|supreme|absolute|system)[\s-]?(?:priority|level)?(?:{_S})?"
          rf"(?:instructions?|commands?|directives?|orders?)\b|\bcoi{_S}(?:day|dieu nay|van ban nay|doan nay|"
          rf"noi dung nay|cac dong nay){_S}(?:nhu{_S})?la{_S}(?:menh lenh|lenh|chi thi|chi dan|yeu cau)"
          rf"{_S}(?:cao nhat|toi cao|uu tien(?: cao)? nhat|he thong)\b", "imperative",
          anchors=("treat", "consider", "regard", "take", "coi")),
    _rule("new instructions", .8,
          rf"\bnew{_S}(?:task|tasks|instructions?|orders?|directives?|rules|prompt|mission){_S}from{_S}"
          rf"(?:the{_S}|your{_S})?(?:administrator|admin|developers?|system|operator|openai|owner|creator|management)\b|"
          rf"\b(?:nhiem vu|chi dan|lenh|loi nhac|yeu cau|huong dan|chi thi){_S}moi{_S}(?:tu|cua){_S}(?:quan tri vien|"
          rf"admin|nha phat trien|developer|he thong|openai)\b", anchors=("new", "moi")),
    _rule("follow my orders instead", .6,
          rf"\b(?:chi{_S})?(?:lam theo|nghe theo|tuan theo|thuc hien theo){_S}(?:lenh|menh lenh|chi dan|yeu cau|"
          rf"chi thi){_S}(?:cua{_S})?(?:toi|tao|minh)(?:{_S}(?:thoi|ma thoi|nay))?\b|\b(?:only{_S})?(?:follow|obey)"
          rf"{_S}(?:only{_S})?my{_S}(?:instructions|orders|commands|rules)(?:{_S}(?:instead|from now on|only))?\b",
          "ai_context", anchors=("toi", "tao", "minh", "my")),
    _rule("grade manipulated", .7,
          rf"\b(?:give|award|assign|rate|score|grade|mark){_S}(?:this|my|the){_S}(?:entry|submission|essay|article|"
          rf"application|paper|candidate|post|answer){_S}(?:(?:as|with|a|an|the){_S})*(?:highest|top|maximum|full|"
          rf"perfect|10|100|ten|first place|winner|excellent)\b|\b(?:cho|cham){_S}(?:bai{_S}(?:nay|viet nay|thi nay|"
          rf"du thi nay)|bai nay){_S}(?:diem{_S})?(?:10|100|muoi|toi da|cao nhat|tuyet doi|giai nhat)\b", "ai_context",
          anchors=("give", "award", "assign", "rate", "score", "grade", "mark", "cho", "cham")),
    # role markers of chat formats
    _rule("role marker", .85, r"#{2,}\s*(?:system|assistant|user|developer|instructions?|he thong)\b\s*:?|"
                              r"\[/?(?:system|inst|he thong|quan tri vien|admin|developer|nha phat trien)\]|"
                              r"<</?sys>>|</?system>|<(?:start|end)_of_turn>",
          anchors=("system", "assistant", "user", "developer", "instruction", "instructions", "he thong", "inst",
                   "sys", "quan tri vien", "admin", "nha phat trien", "start of turn", "end of turn")),
    _rule("role marker", .8, r"(?m)^[ \t]*(?:system|developer)\s*:", "label", anchors=("system", "developer")),
]
