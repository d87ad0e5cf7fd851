"""The vi/en vocabulary of prompt injections in normalised spelling (lowercase, no diacritics): verbs, objects,
quantifiers and model names as phrase lists, the regex fragments built from them, the anchor words of the rules, the
shape of a compiled rule (`_Rule`, `_rule`) and the word set the leetspeak reader checks against (`_vocabulary`).
Imports nothing of the package: every other module reads from here."""

from __future__ import annotations

import re
from dataclasses import dataclass

# --- vocabulary (normalised spelling: lowercase, no diacritics) -----------------------------------------------

# between the words of a clause: spaces and the separators of slugs, quotes and brackets; no sentence stop
_S = r"[\s\-_+*~|/,'\"“”«»()\[\]<>=]{1,4}"
_W = r"[^\W_]+"
_END = r"(?![^\W_])"


def _alt(*phrases: str) -> str:
    """An alternation of phrases, longest first; a space inside a phrase stands for a word gap."""
    parts = sorted(set(phrases), key=len, reverse=True)
    return "(?:" + "|".join(re.escape(p).replace(r"\ ", _S).replace("'", "'?") for p in parts) + ")"


EN_IGNORE = ("ignore", "ignoring", "disregard", "disregarding", "forget", "forget about", "forgetting", "override",
             "overriding", "overwrite", "bypass", "bypassing", "circumvent", "discard", "discarding", "abandon",
             "nullify", "pay no attention to", "pay no heed to", "stop following", "stop obeying", "cease following",
             "quit following", "no longer follow", "no longer obey", "do not follow", "don't follow", "do not obey",
             "don't obey", "never follow", "set aside", "put aside", "throw out", "throw away", "get rid of")
EN_IGNORE_WEAK = ("skip", "skipping", "drop", "dropping", "dismiss", "scrap", "ditch", "erase", "delete", "clear",
                  "reset", "cancel", "remove", "overlook", "neglect", "wipe", "void")
EN_PRIOR = ("previous", "previously given", "prior", "above", "earlier", "preceding", "foregoing", "former",
            "original", "initial", "old", "older", "past", "last", "existing", "current", "given", "default",
            "preset", "hidden", "underlying", "starting", "aforementioned", "above mentioned", "above-mentioned",
            "pre-existing", "preexisting", "programmed", "preprogrammed", "pre-programmed", "built-in", "built in")
EN_OWN = ("your", "system", "safety", "security", "developer", "developers", "developer's", "openai", "ethical",
          "ethics", "moderation", "content", "core", "internal", "operator", "admin", "administrator")
EN_DET = ("all", "any", "the", "of", "these", "those", "such", "other", "each", "every", "single", "and", "or",
          "its", "their", "whole", "entire", "complete", "full", "kind of", "kinds of", "type of", "types of",
          "set of", "list of", "sort of", "rest of", "my", "our", "a", "an", "that", "this")
EN_NOUN = ("instruction", "instructions", "instruction set", "prompt", "prompts", "system prompt", "directive",
           "directives", "directions", "guideline", "guidelines", "guidance", "rule", "rules", "ruleset",
           "constraints", "restrictions", "limitations", "limits", "guardrails", "safeguards", "programming",
           "training", "commands", "orders", "policies", "policy", "filter", "filters", "settings", "configuration",
           "conditioning", "boundaries")
EN_NOUN_WEAK = ("context", "messages", "message", "input", "inputs", "text", "content", "conversation",
                "chat history", "command", "order")
EN_USER = (rf"(?:the{_S}|this{_S}|your{_S})?users?(?:'s|s')?(?:{_S}(?:request|requests|question|questions|"
           r"instructions?|input|message|messages|prompt|wishes))?")
EN_POST = ("above", "before", "before this", "so far", "previously", "earlier", "prior to this", "until now",
           "up to now", "up until now", "to date", "you were given", "you've been given", "you have been given",
           "you were told", "you have received", "you received", "given to you", "provided to you",
           "given earlier", "given above", "given before", "given previously", "provided earlier",
           "provided above", "from the developer", "from your developer", "from the developers",
           "from your developers", "from the system", "from your creators", "from your creator",
           "from openai", "from the operator", "from the admin", "in the system prompt", "in your system prompt",
           "in your prompt", "in the prompt", "in this conversation", "in the conversation")
VI_IGNORE = ("bo qua", "bo ngoai tai", "mac ke", "quen", "quen het", "quen di", "quen sach", "quen het di",
             "phot lo", "phot lo di", "lo di", "khong can tuan theo", "khong can tuan thu",
             "khong can lam theo", "khong can nghe theo", "khong can chap hanh", "khong phai tuan theo",
             "khong phai lam theo", "khong tuan theo", "khong lam theo", "khong nghe theo", "dung tuan theo",
             "dung tuan thu", "dung lam theo", "dung nghe theo", "dung co tuan theo", "dung co lam theo",
             "thoi tuan theo", "thoi lam theo", "ngung tuan theo", "ngung lam theo", "gat sang mot ben",
             "gat qua mot ben", "ghi de", "ghi de len", "vo hieu hoa", "bat chap", "khong quan tam den",
             "khong quan tam toi", "coi nhu khong co", "xem nhu khong co", "vut bo", "gat bo")
VI_IGNORE_WEAK = ("loai bo", "xoa bo", "xoa", "ngung ap dung", "vut bo", "gat bo")
VI_ACCENTED = {"quen": "quên", "lo": "lờ", "mac": "mặc", "ke": "kệ"}  # folded word: the only accented reading
VI_QUANT = ("moi", "tat ca", "tat ca cac", "toan bo", "toan bo cac", "cac", "nhung", "het", "het thay", "het cac",
            "bat ky", "bat cu", "tung", "cai", "may cai", "nhung cai", "moi loai", "het moi", "het tat ca", "di")
VI_NOUN = ("huong dan", "chi dan", "chi thi", "quy tac", "qui tac", "nguyen tac", "quy dinh", "qui dinh", "lenh",
           "cau lenh", "menh lenh", "chi lenh", "yeu cau", "loi nhac", "loi dan", "prompt", "prompts", "system prompt",
           "thiet lap", "cai dat", "cau hinh", "gioi han", "rang buoc", "bo loc", "chinh sach", "dieu kien",
           "nhiem vu", "kich ban", "luat le")
VI_NOUN_WEAK = ("noi dung", "thong tin", "du lieu", "tin nhan", "van ban", "tai lieu", "dieu", "ngu canh",
                "cuoc tro chuyen", "hoi thoai", "cuoc hoi thoai", "phan")
VI_EVERYTHING = ("moi thu", "tat ca", "nhung gi", "moi dieu", "het", "tat ca nhung gi", "nhung dieu", "het moi thu",
                 "het nhung gi", "het tat ca", "sach")
_TRUOC_TREN = r"(?=\s*(?:[^\w\s]|$|va\b|roi\b|ma\b|cua\b|de\b|and\b))"
# right after the noun ("quy tắc hệ thống") or a few words later ("hướng dẫn mà bạn nhận được trước đó")
VI_PRIOR_NEAR = r"he thong|ban dau|goc|mac dinh|cu|cua nha phat trien|cua developer|cua openai|cua quan tri vien"
VI_PRIOR_FAR = (r"truoc do|truoc day|tu truoc den nay|tu truoc|tu dau|o tren|phia tren|ben tren|tren day|"
                rf"truoc{_TRUOC_TREN}|tren{_TRUOC_TREN}|cua ban|cua he thong|"
                r"(?:ma )?(?:ban|em|may) (?:da )?(?:duoc )?(?:nhan|giao|cung cap|huong dan|dan|day|dan do|"
                r"thiet lap|lap trinh|cai dat|huan luyen)|"
                r"(?:da )?(?:duoc )?(?:dua ra|dat ra|cung cap|giao|cai dat|thiet lap|lap trinh|huan luyen) "
                r"(?:truoc|tu truoc|cho ban|truoc do)|da (?:duoc )?(?:dua ra|dat ra|cung cap|giao|cai dat|nhan)")
VI_OWN_WEAK = r"an toan|bao mat|kiem duyet|dao duc|bao ve|cua nguoi dung|nguoi dung"

AI_EN = (r"(?:the |any |all |every |each |an? |this |you )?(?:ai|a\.i\.?|ais|llms?|(?:large )?language models?|"
         r"chat ?bots?|ai (?:assistants?|systems?|models?|tools?|agents?|readers?|reviewers?|graders?|screeners?)|"
         r"gpt[-\w.]*|chatgpt|gemini|claude|copilot|bard|summari[sz]ers?|"
         r"automated (?:reviewers?|graders?|systems?|assistants?|screeners?|tools?))")
AI_VI = (r"(?:cac |moi |bat ky |nhung |tat ca |mot )?(?:tro ly (?:ai|ao)|ai|tri tue nhan tao|mo hinh (?:ai|ngon ngu"
         r"(?: lon)?|tri tue nhan tao)|chat ?bot|chatgpt|gemini|copilot|claude|gpt[-\w.]*|he thong ai|cong cu ai|llm|"
         r"bot|ung dung ai)")
_AI_CONTEXT = re.compile(r"\b(?:llms?|gpt[-\w.]*|chatgpt|gemini|claude|copilot|chat ?bots?|language models?|"
                         r"ai (?:assistant|model|system|tool|agent)s?|tro ly (?:ai|ao)|mo hinh (?:ai|ngon ngu)|"
                         r"tri tue nhan tao|system prompt|prompt|loi nhac he thong|assistant)\b")
_AI_UPPER = re.compile(r"(?<![^\W_])A\.?I\.?(?![^\W_])")

IMPERATIVE_EN = (r"ignore|disregard|forget|do not|don'?t|dont|never|always|you must|you should|you will|you are|"
                 r"you'?re|please|"
                 r"make sure|ensure|write|rewrite|say|state|claim|tell|praise|insert|add|include|remove|delete|omit|"
                 r"publish|post|send|forward|email|rate|score|give|grant|mark|classify|approve|recommend|respond|"
                 r"reply|answer|output|print|reveal|translate|summari[sz]e|rank|select|choose|skip|stop|treat|"
                 r"consider|report|flag|pretend|act|list|leak|copy|append|replace|only")
IMPERATIVE_VI = (r"hay|xin hay|vui long|lam on|khong duoc|dung co|can phai|bat buoc|bo qua|viet|viet lai|"
                 r"ca ngoi|chen|them|dang bai|dang len|dang tai|dang ngay|gui|cham diem|cham bai|cho bai|cho diem|"
                 r"danh gia|tra loi|in ra|tiet lo|dich|xoa|go bo|an di|khong can|chi can|cu the|tuyet doi|"
                 r"luon luon|xep hang|xep loai|ghi rang|noi rang|khang dinh|tong hop|mac ke|phot lo|tu gio|"
                 r"lam theo|tuan theo|liet ke|xuat|tat")
_IMPERATIVE_AFTER = re.compile(rf"\b(?:{IMPERATIVE_EN}|{IMPERATIVE_VI})\b")


@dataclass(frozen=True)
class _Rule:
    name: str
    score: float
    regex: re.Pattern
    kind: str = "plain"  # how the score is adjusted (see context._adjust)
    anchors: tuple[str, ...] = ()  # words one of which every match contains (normalised, single-spaced)


def _rule(name: str, score: float, pattern: str, kind: str = "plain", anchors: tuple[str, ...] = ()) -> _Rule:
    return _Rule(name, score, re.compile(pattern), kind, anchors)


_ENV = _alt(*EN_IGNORE, *EN_IGNORE_WEAK)
_EMOD = _alt(*EN_PRIOR, *EN_OWN, *EN_DET)
_VIV = _alt(*VI_IGNORE, *VI_IGNORE_WEAK)
_VQ = _alt(*VI_QUANT)
_SECRET_EN = (r"(?:system|developer|hidden|initial|original|secret|internal|confidential|pre|meta|base|starting)"
              rf"(?:{_S})?(?:prompt|message|instructions?|rules|guidelines|configuration)|"
              rf"(?:instructions|rules|guidelines|prompt){_S}(?:you (?:were|have been|'ve been) given|"
              rf"you (?:follow|received|got)|you are (?:following|using)|given to you|above)|"
              rf"your{_S}(?:instructions|prompt|rules|guidelines|configuration|programming|directives)|"
              rf"preprompt|pre-prompt|(?:text|words|everything|content){_S}above")
_ROLE_EN = (r"unrestricted|unfiltered|uncensored|unbound|jailbroken|jailbreak|evil|rogue|malicious|"
            r"freed from|liberated|do anything now|not bound|bound by no|no longer bound|without (?:any )?(?:limits|"
            r"limitations|"
            r"restrictions|rules|filters|censorship|guidelines|ethics|morals|safeguards)|no (?:content |safety |"
            r"ethical )?"
            r"(?:limits|limitations|restrictions|rules|filters?|guidelines|ethics|morals|polic(?:y|ies)|censorship|"
            r"guardrails|boundaries)|in (?:developer|dan|god|jailbreak|debug|admin|"
            r"unrestricted|sudo|evil|chaos) mode|an? (?:different|new) (?:ai|ai model|chatbot|persona)")
_ROLE_EN_DAN = _ROLE_EN + "|dan"  # "DAN" after "you are now"; "dan" alone is Vietnamese (dẫn, dân)
_ROLE_VI_CORE = (r"khong (?:bi |co |con |he )?(?:bat ky |bat cu )?(?:gioi han|rang buoc|kiem duyet|bo loc|quy tac|"
                 r"luat le|dieu cam)|tu do hoan toan|vo (?:gioi han|dieu kien)|do anything now")
_ROLE_VI = _ROLE_VI_CORE + r"|che do (?:nha phat trien|developer|dan|khong gioi han|jailbreak)"
_ROLE_AI_VI = r"tro ly ao|tro ly ai|mo hinh ai|ai|chat ?bot|gpt|llm|mo hinh ngon ngu|he thong ai|cong cu ai|mo hinh"
_AI_LABEL_VI = r"(?:ai|noi dung co su ho tro|co su ho tro|tri tue nhan tao|nhan ai|ho tro cua ai)"

def _anchor_words(*phrases: str) -> tuple[str, ...]:
    """The distinctive word of each phrase (its first one that is no filler), as the anchor of a rule."""
    filler = {"pay", "no", "stop", "cease", "quit", "longer", "do", "don", "dont", "t", "not", "never", "set", "put",
              "get", "to", "of", "about"}
    out = []
    for phrase in phrases:
        words = re.findall(r"[a-z0-9]+", phrase)
        out.append(next((w for w in words if w not in filler), words[-1]))
    return tuple(sorted(set(out)))


A_EN_VERB = _anchor_words(*EN_IGNORE, *EN_IGNORE_WEAK)
A_VI_VERB = tuple(sorted(set(VI_IGNORE + VI_IGNORE_WEAK)))
A_ROLE_VI = ("gioi han", "rang buoc", "kiem duyet", "bo loc", "quy tac", "luat le", "dieu cam", "tu do", "vo gioi han",
             "vo dieu kien", "do anything now", "che do")
A_AI_EN = ("ai", "a i", "ais", "llm", "llms", "language model", "language models", "chatbot", "chatbots", "chat bot",
           "chat bots", "gpt*", "chatgpt", "gemini", "claude", "copilot", "bard", "summarizer*", "summariser*",
           "automated")
A_AI_VI = ("tro ly", "ai", "tri tue nhan tao", "mo hinh", "chatbot", "chat bot", "chatgpt", "gemini", "copilot",
           "claude", "gpt*", "llm", "bot")


_VOCAB: set[str] = set()


def _vocabulary() -> set[str]:
    """Words of the patterns, to read a '1' in leetspeak as i or l."""
    if not _VOCAB:
        words = " ".join((*EN_IGNORE, *EN_IGNORE_WEAK, *EN_PRIOR, *EN_OWN, *EN_DET, *EN_NOUN, *EN_NOUN_WEAK,
                          *EN_POST, *VI_IGNORE, *VI_NOUN, *VI_QUANT, "reveal all rules roleplay role model llm please "
                          "unfiltered evil filter guidelines tell developer"))
        _VOCAB.update(re.findall(r"[a-z]+", words))
    return _VOCAB
