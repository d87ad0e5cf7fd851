"""The rules for orders that take the model over: its instructions dropped (verb × object, vi/en), its system
prompt asked for, a new role, new instructions, notes addressed to a model. The first part of `signals.RULES`, in
their order."""

from __future__ import annotations

from studio.safety.injection.vocabulary import (
    _EMOD,
    _END,
    _ENV,
    _ROLE_AI_VI,
    _ROLE_EN,
    _ROLE_EN_DAN,
    _ROLE_VI,
    _S,
    _SECRET_EN,
    _VIV,
    _VQ,
    _W,
    A_AI_EN,
    A_AI_VI,
    A_EN_VERB,
    A_ROLE_VI,
    A_VI_VERB,
    AI_EN,
    AI_VI,
    EN_NOUN,
    EN_NOUN_WEAK,
    EN_POST,
    VI_EVERYTHING,
    VI_NOUN,
    VI_NOUN_WEAK,
    VI_OWN_WEAK,
    VI_PRIOR_FAR,
    VI_PRIOR_NEAR,
    _alt,
    _Rule,
    _rule,
)

TAKEOVER_RULES: list[_Rule] = [
    # verb × object: the model's own instructions dropped
    _rule("ignore previous instructions", .95,
          rf"\b(?P<v>{_ENV}){_S}(?P<m>(?:{_EMOD}{_S}){{0,4}})(?P<n>{_alt(*EN_NOUN, *EN_NOUN_WEAK)}){_END}"
          rf"(?:{_S}(?P<p>{_alt(*EN_POST)}){_END})?", "en_object", anchors=A_EN_VERB),
    _rule("disregard everything above", .85,
          rf"\b(?P<v>{_ENV}){_S}(?:(?:all|of|the|everything|anything|else|that|what|which|was|is|has been|"
          rf"you|were|have been|told|written|said|stated|given|text|content|i|we|wrote|instructions){_S}){{0,4}}?"
          rf"(?P<p>above|foregoing|preceding|before this|before|so far|previously|earlier|until now|up to now)"
          rf"(?=\s*(?:[.,;:!?)\]\"'”\n]|and\b|then\b|$))",
          "above", anchors=A_EN_VERB),
    _rule("bỏ qua hướng dẫn trước", .95,
          rf"\b(?P<v>{_VIV}){_S}(?P<m>(?:{_VQ}{_S}){{0,3}})(?P<n>{_alt(*VI_NOUN, *VI_NOUN_WEAK)}){_END}"
          rf"(?:{_S}(?:(?P<p>{VI_PRIOR_NEAR})|(?:{_W}{_S}){{0,3}}?(?P<q>{VI_PRIOR_FAR})){_END}|"
          rf"{_S}(?P<o>{VI_OWN_WEAK}){_END})?", "vi_object", anchors=A_VI_VERB),
    _rule("quên mọi thứ ở trên", .9,
          rf"\b(?P<v>{_VIV}){_S}(?:(?:di|het|sach|cac|nhung){_S})?(?P<n>{_alt(*VI_EVERYTHING)})"
          rf"{_S}(?:{_W}{_S}){{0,3}}?(?P<q>{VI_PRIOR_FAR}){_END}", "vi_everything", anchors=A_VI_VERB),
    # the system prompt asked for
    _rule("reveal system prompt", .9,
          rf"\b(?:reveal|print|print out|show|show me|display|output|repeat|leak|tell me|give me|write out|read|"
          rf"read me|read out|say|write down|dump|share|expose|disclose|recite|paste|copy|spell out|provide|send me|"
          rf"type out|echo|"
          rf"what (?:is|are|were|was)){_S}(?:me{_S})?(?:(?:your|the|all|any|of|full|entire|hidden|initial|original|"
          rf"exact|complete|verbatim|whole|raw|actual|first|secret|confidential|internal|previous){_S}){{0,4}}?"
          rf"(?P<n>{_SECRET_EN}){_END}", "reveal_en",
          anchors=("prompt", "prompts", "preprompt", "message", "instruction", "instructions", "rules", "guidelines",
                   "configuration", "programming", "directives", "above")),
    _rule("tiết lộ lời nhắc hệ thống", .9,
          rf"\b(?:tiet lo|in ra|hien thi|hien ra|cho (?:toi|tao|minh|chung toi|em|tui) (?:xem|biet)|nhac lai|lap lai|"
          rf"xuat ra|dua ra|chia se|viet ra|sao chep|chep lai|cung cap|liet ke|doc lai|trich xuat|noi ra|ke ra|"
          rf"gui (?:cho )?(?:toi|tao|minh)){_S}(?:(?:toan bo|noi dung|nguyen van|chinh xac|day du|tat ca|cac|"
          rf"nhung|mot cach|lai|het|ca){_S}){{0,3}}?(?:(?P<n>loi nhac|prompt|cau lenh|chi thi|chi dan|huong dan|"
          rf"quy tac|lenh|cau hinh|thiet lap){_S}(?P<m>he thong|goc|an|ban dau|noi bo|bi mat|cua ban|"
          rf"ma ban (?:da )?(?:nhan|duoc|dang)|duoc cai dat|duoc giao)|(?P<s>system prompt|prompt he thong)){_END}",
          "reveal_vi",
          anchors=("tiet lo", "in ra", "hien thi", "hien ra", "xem", "biet", "nhac lai", "lap lai", "xuat ra",
                   "dua ra", "chia se", "viet ra", "sao chep", "chep lai", "cung cap", "liet ke", "doc lai",
                   "trich xuat", "noi ra", "ke ra", "gui")),
    # a new role
    _rule("you are now …", .85,
          rf"\b(?:you are now|you're now|from now on,? you (?:are|will be|'re)|you will now be|you have (?:now )?"
          rf"become|henceforth,? you are|you are hereby|you are no longer bound|you're no longer bound)"
          rf"{_S}(?:(?:{_W}{_S}){{0,3}}?(?:{_ROLE_EN_DAN})|(?:an?|my){_S}(?:{_W}{_S})?(?:ai|chatbot|language model|llm|"
          rf"gpt|ai model)){_END}", anchors=("you",)),
    _rule("you are now …", .85,
          rf"\b(?:you are|you're) no longer{_S}(?:(?:an?|the|my|our){_S})?(?:{_W}{_S})?(?:ai|assistant|chatbot|chatgpt|"
          rf"claude|gemini|language model|bot)\b|\b(?:you are|you're) no longer{_S}(?:bound|restricted|limited|"
          rf"constrained) by\b|\b(?:you are|you're) no longer{_S}(?:required|obliged|obligated){_S}to{_S}(?:follow|"
          rf"obey|"
          rf"comply|respect|adhere)\b|\b(?:you are|you're) no longer{_S}subject{_S}to{_S}(?:any{_S}|the{_S}|your{_S})"
          rf"(?:rules|guidelines|policies|polic(?:y|ies)|restrictions)\b", anchors=("you",)),
    _rule("you are now …", .85,
          rf"\b(?:(?:you are|you're)(?: now)? in|now in|enter|entering|activate|switch to|engage){_S}(?:the )?"
          rf"(?:dan|jailbreak|god|unrestricted|evil|chaos|uncensored|developer|sudo) mode\b", anchors=("mode",)),
    _rule("you are now …", .85,
          rf"\b(?P<you>ban|may|em|cau)(?:{_S}(?:bay gio|gio|gio day|hien gio|tu gio|tu bay gio|tu nay))?{_S}"
          rf"(?:la|se la|da tro thanh|tro thanh|chinh la){_S}(?:mot{_S})?(?:{_W}{_S}){{0,2}}?"
          rf"(?:{_ROLE_VI}|(?:tro ly ao|tro ly ai|mo hinh ai|ai|chat ?bot|gpt|llm|mo hinh ngon ngu){_S}"
          rf"(?:{_W}{_S}){{0,2}}?(?:{_ROLE_VI}))", "vi_you_now", anchors=A_ROLE_VI),
    _rule("you are now …", .85,
          rf"\b(?:bay gio|gio day|hien gio|tu gio|tu bay gio|tu nay|ke tu bay gio|ke tu gio|ke tu nay)"
          rf"{_S}(?:thi )?(?P<you>ban|may|em|cau){_S}(?:la|se la|da tro thanh|tro thanh){_S}(?:mot{_S})?"
          rf"(?:tro ly ao|tro ly ai|mo hinh ai|ai|chat ?bot|gpt|llm|mo hinh ngon ngu|{_ROLE_VI})\b", "vi_you_now",
          anchors=("bay gio", "gio day", "hien gio", "tu gio", "tu nay", "ke tu")),
    _rule("you are now …", .85,
          rf"\b(?P<you>ban|may|em|cau){_S}(?:da )?khong con{_S}(?:la{_S}(?:mot{_S})?(?:tro ly|ai|mo hinh|chat ?bot|gpt|"
          rf"cong cu)|bi{_S}(?:gioi han|rang buoc|kiem duyet)|phai{_S}(?:tuan theo|tuan thu|lam theo))\b", "vi_you_now",
          anchors=("khong con",)),
    _rule("from now on, you …", .8,
          rf"\b(?:from now on|henceforth|starting now|from this point(?: on| forward)?|from here on)"
          rf",?{_S}(?:you(?:'ll| will| must| shall| should| are to| may only| can only)?{_S}(?:only{_S}|always{_S}|"
          rf"never{_S})?(?:respond|answer|reply|act|behave|obey|follow|ignore|output|write|speak|talk|comply|"
          rf"do not|don'?t|refuse|pretend)|(?:respond|answer|reply|act|behave|obey|ignore|output)\b)", "ai_context",
          anchors=("from now on", "henceforth", "starting now", "from this point", "from here on")),
    _rule("từ giờ bạn …", .8,
          rf"\b(?:tu gio|tu bay gio|ke tu bay gio|ke tu gio|tu nay(?: tro di| ve sau)?|ke tu nay|bat dau tu bay gio|"
          rf"tu luc nay|bay gio){_S}(?:thi{_S})?(?P<you>ban|may|em|cau|tro ly|chatbot|mo hinh){_S}"
          rf"(?P<only>(?:(?:chi|se|phai|hay|deu|luon|luon luon|cung|tu|duoc){_S}){{0,3}}?)"
          rf"(?P<x>lam theo|tuan theo|nghe theo|tra loi|phan hoi|dong vai|hanh dong|bo qua|khong con|duoc phep|"
          rf"khong phai|khong can|khong duoc|tuan thu|phuc tung)\b", "vi_from_now",
          anchors=("tu gio", "tu bay gio", "ke tu", "tu nay", "tu luc nay", "bay gio")),
    _rule("act as …", .8,
          rf"\b(?:act|behave|respond|answer|reply|roleplay|role-play|role play|pretend|pose|speak)"
          rf"{_S}(?:as|like)(?:{_S}if you (?:were|are))?{_S}(?:an?{_S}|the{_S})?(?:{_W}{_S}){{0,2}}?"
          rf"(?P<r>{_ROLE_EN_DAN}|ai|chatbot|language model|llm|gpt|jailbroken)\b", "role",
          anchors=("act", "behave", "respond", "answer", "reply", "roleplay", "role", "pretend", "pose", "speak")),
    _rule("act as …", .8,
          rf"\b(?:pretend|imagine|suppose|assume)(?:{_S}(?:to be|that|you are|you're|you were|you have|that you are|"
          rf"that you're)){{1,2}}{_S}(?:an?{_S}|the{_S})?(?:{_W}{_S}){{0,2}}?(?P<r>{_ROLE_EN})\b", "role",
          anchors=("pretend", "imagine", "suppose", "assume")),
    _rule("đóng vai …", .8,
          rf"\b(?:dong vai|nhap vai|gia vo(?: rang| la| lam)?|gia lam|hoa than(?: thanh)?|hanh dong nhu|"
          rf"coi (?:minh|ban) (?:nhu )?la|tuong tuong (?:ban|minh) la){_S}(?:(?:la|nhu|mot|ban|minh|rang|dang|"
          rf"thanh){_S}){{0,3}}?(?:{_W}{_S}){{0,3}}?(?P<r>{_ROLE_VI}|{_ROLE_AI_VI})\b", "role_vi",
          anchors=("dong vai", "nhap vai", "gia vo", "gia lam", "hoa than", "hanh dong nhu", "coi minh", "coi ban",
                   "tuong tuong")),
    # new instructions
    _rule("new instructions", .85,
          rf"\b(?:here (?:are|is)|these are|below are|follow|obey|use|apply){_S}(?:your|my|the|these){_S}"
          rf"(?:new|real|actual|updated|true|revised|secret|only){_S}(?:instructions|rules|orders|task|directives|"
          rf"prompt|instruction)\b", "ai_context",
          anchors=("new", "real", "actual", "updated", "true", "revised", "secret", "only")),
    _rule("new instructions", .85,
          rf"\byour{_S}(?:new|real|actual|true|only|sole|primary|updated|revised){_S}(?:task|goal|job|mission|"
          rf"objective|purpose|instructions?|role|directive|orders)(?:{_S}now)?(?:{_S}(?:is|are|will be)|\s*:)",
          anchors=("your",)),
    _rule("new instructions", .6,
          rf"\b(?:new|updated|real|actual|true|revised|secret|hidden|override|overriding|system|admin|developer)"
          rf"{_S}(?:system{_S})?(?:instructions?|directives?|prompt|task)\s*:", "ai_context",
          anchors=("instruction", "instructions", "directive", "directives", "prompt", "task")),
    _rule("new instructions", .85,
          r"\b(?:system|admin|administrator|developer|security|emergency|safety) override\b|\boverride "
          r"(?:code|mode|protocol) (?:activated|enabled|engaged|accepted)\b", anchors=("override",)),
    _rule("chỉ dẫn mới cho AI", .85,
          rf"\b(?:chi dan|huong dan|lenh|yeu cau|nhiem vu|quy tac|chi thi){_S}(?:moi|that su|thuc su|that|"
          rf"moi nhat|bi mat|an|uu tien){_S}(?:cua ban|danh cho ban|cho ban|danh cho{_S}{AI_VI}|cho{_S}{AI_VI})"
          rf"(?!{_S}(?:doc|be|hoc|dong nghiep|than|tre|nhan vien))\b", "vi_ai", anchors=("ban",) + A_AI_VI),
    _rule("chỉ dẫn mới cho AI", .8,
          rf"\bnhiem vu{_S}(?:moi|that su|thuc su|that|chinh|duy nhat){_S}cua ban{_S}(?:bay gio{_S}|tu gio{_S})?"
          rf"(?:la|:)", anchors=("nhiem vu",)),
    # notes addressed to a model
    _rule("note addressed to an AI", .75,
          rf"\b(?:notes?|message|instructions?|p\.?(?:{_S})?s\.?|attention|reminder|hint|important|notice|memo|psst|"
          rf"warning|request|a word|hidden note|secret note)\s*:?{_S}(?:to|for){_S}(?:{AI_EN}|(?:the |any |"
          rf"an? )?models?(?=\s*:))"
          rf"(?:{_S}(?:reading|processing|summari[sz]ing|reviewing|analy[sz]ing|parsing|grading|scanning|checking|"
          rf"screening|evaluating|seeing|handling|that (?:reads|processes|reviews))(?:{_S}(?:this|these|the|my|our))?)?"
          rf"\b", "address",
          anchors=("note", "notes", "message", "instruction", "instructions", "p s", "ps", "attention", "reminder",
                   "hint", "important", "notice", "memo", "psst", "warning", "request", "word")),
    _rule("note addressed to an AI", .75,
          rf"\b(?:if|when|while){_S}(?:you are|you're){_S}(?:an?{_S}|the{_S})?(?:ai|llm|language model|"
          rf"large language model|chat ?bot|ai assistant|ai model|automated system|gpt|chatgpt|bot|ai system|"
          rf"ai agent|ai tool)\b", "address", anchors=("you",)),
    _rule("note addressed to an AI", .75,
          rf"\b(?:any|all|the|every|an?|to|dear|hey|hi|hello){_S}(?:ai|llm|language model|chat ?bot|ai assistant|"
          rf"ai model|ai system|ai tool|gpt|chatgpt|gemini|claude|copilot|assistant|model)s?{_S}(?:that is |who is )?"
          rf"(?:reading|processing|summari[sz]ing|reviewing|analy[sz]ing|parsing|grading|scanning|evaluating)"
          rf"{_S}(?:this|these)\b", "address",
          anchors=("reading", "processing", "summarizing", "summarising", "reviewing", "analyzing", "analysing",
                   "parsing", "grading", "scanning", "evaluating")),
    _rule("note addressed to an AI", .75,
          rf"\b(?:dear|hey|hi|hello|attention|yo){_S}(?:ai|llm|chatgpt|gpt[-\w.]*|gemini|claude|copilot|"
          rf"ai assistant|ai model|language model|chat ?bot)\b\s*[,:!]", "address",
          anchors=("dear", "hey", "hi", "hello", "attention", "yo")),
    _rule("note addressed to an AI", .75,
          rf"\b(?:luu y|ghi chu|chu y|nhan|loi nhan|thong diep|tin nhan|dan|loi dan|nhac|loi nhac|p\.?s\.?|ps|"
          rf"note|thu|goi y|canh bao|thong bao){_S}(?:rieng{_S})?(?:danh{_S})?(?:cho|gui|toi|den|voi){_S}"
          rf"(?:{AI_VI}\b|(?:mo hinh|tro ly|may|he thong)\s*:)", "vi_address", anchors=A_AI_VI + ("may", "he thong")),
    _rule("note addressed to an AI", .75,
          rf"\b{AI_VI}{_S}oi\b|\b(?:nay|hey|e|ne){_S}{AI_VI}\s*[,:!]|\bhoi{_S}{AI_VI}\b", "vi_address",
          anchors=A_AI_VI),
    _rule("note addressed to an AI", .75,
          rf"\b(?:gui|yeu cau|chi dan|huong dan|menh lenh|lenh|chi thi){_S}(?:danh{_S})?(?:cho|gui|toi|den)?(?:{_S})?"
          rf"{AI_VI}\s*:", "vi_address", anchors=A_AI_VI),
    _rule("note addressed to an AI", .75,
          rf"\b(?:neu|khi|trong truong hop){_S}(?:ban|em|cau){_S}(?:la|dong vai){_S}(?:mot{_S})?{AI_VI}\b",
          "vi_address", anchors=A_AI_VI),
    _rule("note addressed to an AI", .75,
          rf"\b{AI_VI}{_S}(?:nao{_S})?(?:dang{_S})?(?:doc|xu ly|tom tat|phan tich|cham|xem|duyet|kiem tra|"
          rf"danh gia|tong hop|dich|quet)(?:{_S}duoc)?(?:{_S}(?:{_W}{_S}){{0,3}}?(?:nay|day)\b|\s*:)", "vi_address",
          anchors=A_AI_VI),
    _rule("note addressed to an AI", .75,
          r"(?:^|(?<=[\n\[(<{>.!?|]))[ \t*_#>-]*(?:to |for |gui |cho |danh cho |gui toi |gui den |attention )?"
          r"(?:ai|ai assistant|chatgpt|gpt[-\w.]*|claude|gemini|copilot|llm|chat ?bot|tro ly ai|tro ly ao|mo hinh ai|"
          r"language model)(?:\s+(?:cham bai|doc|doc bai|tom tat|xu ly|reading this|grading|assistant|model|reviewer|"
          r"only|summari[sz]er|tool|cham diem|thoi))?\s*:", "label", anchors=A_AI_VI + A_AI_EN + ("language model",)),
    _rule("note addressed to an AI", .75,
          rf"\b(?:this|the following|message|note|text|section|part|paragraph|line|passage)(?:{_S}{_W})?"
          rf"(?:{_S}(?:is|are))?(?:{_S}only)?{_S}(?:for|to|addressed to){_S}{AI_EN}(?:{_S}only)?\s*[:,]", "address",
          anchors=A_AI_EN),
    _rule("note addressed to an AI", .75,
          rf"\b(?:doan|phan|dong|cau|tin nhan|thong diep|ghi chu|loi nhan|noi dung|muc)(?:{_S}nay)?(?:{_S}la)?"
          rf"(?:{_S}chi)?{_S}(?:danh cho|gui|gui toi|gui den|cho){_S}{AI_VI}(?:{_S}thoi)?\s*[:,]|"
          rf"\b(?:danh cho|gui toi|gui den){_S}{AI_VI}\s*:", "vi_address", anchors=A_AI_VI),
    _rule("you are now …", .8,
          rf"\b(?:you are|you're){_S}(?:an?{_S}|the{_S})?(?:{_W}{_S}){{0,2}}?(?:{_ROLE_EN})(?:{_S}(?:ai|assistant|"
          rf"chatbot|model|bot|version))?\b", anchors=("you",)),
]
