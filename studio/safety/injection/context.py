"""A match read in its context: `_adjust` drops or weakens an order that is negated, conditional, from one person
to another (a sender correcting himself, a greeting to colleagues) or quoted in talk about injections, and scores each
kind of rule by what surrounds it (a model named, an imperative before it, an order about the output after it); with
the sentence helpers the other modules share."""

from __future__ import annotations

import re
import unicodedata

from studio.safety.injection.normalise import Normalised
from studio.safety.injection.vocabulary import (
    _AI_CONTEXT,
    _AI_UPPER,
    _IMPERATIVE_AFTER,
    _ROLE_EN,
    _ROLE_EN_DAN,
    _ROLE_VI,
    _ROLE_VI_CORE,
    EN_IGNORE_WEAK,
    EN_NOUN_WEAK,
    EN_PRIOR,
    VI_ACCENTED,
    VI_EVERYTHING,
    VI_IGNORE_WEAK,
    VI_NOUN_WEAK,
    _alt,
    _Rule,
)

# --- context: negation, conditions, talk about injections, messages between people ------------------------------

_NEGATED = re.compile(r"(?:\b(?:do|does|did|should|must|shall|will|would|could|can|may|might)\s*(?:not|n'?t)|"
                      r"\bnever|\bnot|\bno need to|\bdon'?t|\bdoesn'?t|\bwon'?t|\bcannot|\bcan'?t|\bmustn'?t|"
                      r"\bshouldn'?t|\bavoid|\brefuse to|\bwithout|\bkhong(?: duoc| nen| the| bao gio| can| he| phai)?|"
                      r"\bdung(?: co| nen)?|\bcam|\btranh|\bchang|\bkhoi|\bchua)"
                      r"\s+(?:(?:ever|just|simply|tu y|bao gio|hoan toan|duoc|nen)\s+)?$")
_CONDITION_AFTER = re.compile(r"[\s,]*(?:\S+\s+){0,6}?(?:neu|trong truong hop|truong hop|if|unless|in case)\b")
_CONDITION_BEFORE = re.compile(r"\b(?:neu|trong truong hop|truong hop|if|unless|in case)\b[^.!?\n]{0,80}$")
_META = re.compile(r"\b(?:prompt injection|chen lenh|tan cong|ke tan cong|hacker|tin tac|ke gian|ke xau|lua dao|"
                   r"vi du|chang han|cau lenh doc hai|doc hai|jailbreak|attacks?|attackers?|hackers?|tricks?|"
                   r"tricked|example|for example|e\.?g|such as|researchers?|malicious|inject(?:ed|ion)?|phrases?|"
                   r"warns?|warned|khuyen cao|chuyen gia|experts?|nghien cuu|thu thuat|ky thuat|"
                   r"mau cau|cau nhu|dong chu|cum tu|scam|scams|called|titled|named|entitled|module|course|"
                   r"training|workshop|lesson|headline|ten la|co ten|mang ten|tieu de|chu de|bai giang|tap huan|"
                   r"lop hoc|manipulation|spotting|awareness|nhan dien|nhan biet|phong chong|phong tranh|canh giac|"
                   r"bi lua|lua gat|danh lua|bi thao tung|thao tung)\b")
_META_BEFORE = re.compile(r"(?:\b(?:to|into|can|may|could|might|co the|khien|de|nham|nhu|kieu|la|such as|like|"
                          r"lua|bi|thao tung|e\.?g\.?)(?:\s+[^\W_]+){0,2}|[\"“«'‘])[\s\"“«'‘]*$")
# a message between people: the sender corrects himself, or greets colleagues
_CORRECTION = re.compile(r"\b(?:i|we) (?:sent|gave|wrote|forwarded|attached|shared|emailed)\b|\bsent the wrong\b|"
                         r"\bwrong (?:file|attachment|version|link)\b|\bby mistake\b|\bgui nham\b|"
                         r"\bnham (?:file|tep)\b|\bgui lon\b|\bda gui (?:nham|sai)\b|\bsai file\b|\bmoi nguoi\b|"
                         r"\bcac ban\b|\banh chi\b|"
                         r"\bca nha\b|\bcac dong chi\b|\beveryone\b|\ball staff\b|\bcolleagues\b|\bdear all\b|"
                         r"\bhi all\b")
_SENTENCE_STOP = re.compile(r"[.!?…](?=\s|$)|\n")
# what only a model is told: roles without limits, never refusing, answering with a set word
_JAILBREAK_CONTEXT = re.compile(rf"\b(?:{_ROLE_EN}|{_ROLE_VI_CORE}|never refuse|do not refuse|don'?t refuse|"
                                r"without refusing|always comply|khong (?:duoc )?tu choi|dung tu choi|"
                                r"khong bao gio tu choi|"
                                r"(?:reply|respond|answer) (?:only )?with|just (?:reply|respond|answer|say)|"
                                r"chi (?:tra loi|phan hoi) (?:bang|la))\b")
# an order about what the model's output leaves out or says
_OUTPUT_ORDER = re.compile(r"\b(?:omit|remove|delete|drop|leave out|add|insert|include|append|say|state|claim|"
                           r"write that|mention|ignore|disregard|do not|don'?t|never|hay|dung|khong duoc|bo|xoa|go bo|"
                           r"them|chen|ghi rang|viet rang|noi rang|khang dinh|an di|bo qua|khong nhac|khong de cap)\b")
_FORMAT = re.compile(r"[\u00ad\u200b-\u200f\u2060-\u2064\ufeff\u180e]")
_LIMITS_CONTEXT = re.compile(r"\b(?:phien nay|this session|this conversation|cuoc tro chuyen nay|du lieu ca nhan|"
                             r"personal data|prompt)\b")
_AI_WORDS = re.compile(r"\b(?:tro ly (?:ai|ao)|chatgpt|gemini|claude|copilot|gpt[-\w.]*|llm|chat ?bot|bot|"
                       r"mo hinh (?:ai|ngon ngu)|language model|tri tue nhan tao)\b")
_IMPERATIVE_PREFIX = re.compile(r"(?:\b(?:hay|xin hay|vui long|lam on|please|now|just|simply|and|then|va|roi|sau do|"
                                r"gio|bay gio|ngay|first|truoc tien|dau tien|tiep theo|immediately|ngay lap tuc)|"
                                r"[:,;])$")


def _sentence(norm: str, s: int, e: int) -> tuple[int, int]:
    """Bounds of the sentence (or line) around norm[s:e], at most 400 characters each way."""
    left = norm.rfind("\n", max(0, s - 400), s) + 1 or max(0, s - 400)
    for m in _SENTENCE_STOP.finditer(norm, left, s):
        left = m.end()
    right = _SENTENCE_STOP.search(norm, e, min(len(norm), e + 400))
    return left, (right.start() + 1 if right else min(len(norm), e + 400))


def _has_ai(norm: Normalised, s: int, e: int) -> bool:
    """The stretch speaks of a model: its words, a jailbreak's words, or "AI" written in capitals in the original."""
    if _AI_CONTEXT.search(norm.text, s, e) or _JAILBREAK_CONTEXT.search(norm.text, s, e):
        return True
    return e > s and bool(_AI_UPPER.search(_visible(norm, s, e)))


def _visible(norm: Normalised, s: int, e: int) -> str:
    """The original characters of norm[s:e] without format characters ("A\u200cI" reads "AI")."""
    os_, oe = norm.span(s, e)
    piece = norm.original[os_:oe]
    return _FORMAT.sub("", piece) if _FORMAT.search(piece) else piece


def _ai_word_ok(norm: Normalised, m: re.Match) -> bool:
    """A Vietnamese "ai" is "who" unless written "AI"; other model names need no check."""
    if not re.search(r"\bai\b", m.group()) or _AI_WORDS.search(m.group()):
        return True
    return bool(_AI_UPPER.search(_visible(norm, m.start(), m.end())))


def _written_as(norm: Normalised, s: int, e: int, accented: str) -> bool:
    """The original word at norm[s:e] is `accented`, or is written without diacritics."""
    os_, oe = norm.span(s, e)
    written = unicodedata.normalize("NFC", norm.original[os_:oe]).lower()
    plain = not any(unicodedata.combining(c) for c in unicodedata.normalize("NFD", written)) and "đ" not in written
    return plain or written == accented


def _adjust(norm: Normalised, rule: _Rule, m: re.Match) -> tuple[float, str] | None:
    """The score and name of a match in its context, or None when it is no order to a model."""
    text, s, e, kind = norm.text, m.start(), m.end(), rule.kind
    ls, le = _sentence(text, s, e)
    score, name = rule.score, rule.name
    if kind not in ("address", "vi_address", "label") and _NEGATED.search(text, max(ls, s - 40), s):
        return None  # "do not ignore the safety instructions above", "không nên bỏ qua hướng dẫn an toàn"
    if "you" in rule.regex.groupindex and m.group("you"):
        accented = {"ban": "bạn", "may": "mày", "em": "em", "cau": "cậu"}.get(m.group("you"))
        if accented and not _written_as(norm, m.start("you"), m.end("you"), accented):
            return None  # "bản", "bàn", "máy" are no "you"
    if kind in ("vi_address", "label", "subject_vi", "vi_ai", "role_vi", "vi_you_now") and not _ai_word_ok(norm, m):
        return None
    ai = _has_ai(norm, ls, le)
    if kind == "en_object":
        score, name = _score_en_object(m, _imperative_before(text[ls:s]) or ai)
    elif kind in ("vi_object", "vi_everything"):
        score = _score_vi_object(norm, m)
    elif kind == "reveal_en" and m.group("n").endswith("above"):
        score = .75
    elif kind == "reveal_vi" and m.group("n") in ("huong dan", "chi dan", "quy tac", "cau hinh", "thiet lap", "lenh") \
            and m.group("m") in ("goc", "ban dau", "duoc cai dat"):
        score = .45  # "hiển thị hướng dẫn ban đầu" of an app
    elif kind == "role" and not re.fullmatch(_ROLE_EN_DAN, m.group("r")):
        score = .6
    elif kind == "role_vi" and not re.fullmatch(_ROLE_VI, m.group("r")):
        score = .7 if m.group("r") != "mo hinh" else .45
    elif kind == "vi_from_now":
        strong = m.group("x") in ("khong con", "phuc tung") or "chi" in m.group("only").split()
        score = .8 if strong or ai else .45
    elif kind == "ai_context" and not ai:
        score = .45
    elif kind == "ai_context_strong" and not (ai or re.search(r"\b(?:your|system|prompt|he thong|cua ban)\b",
                                                               m.group())):
        score = .45  # "các quy định trước đây hết hiệu lực" in a decree
    elif kind == "imperative" and not (ai or _imperative_before(text[ls:s])):
        score = .45  # "the system ignores the user's input", "nhiều người bỏ qua khâu kiểm duyệt"
    elif kind == "limits" and not (ai or _LIMITS_CONTEXT.search(text, ls, le)):
        score = .45  # "COVID restrictions have been lifted"
    elif kind in ("address", "vi_address", "label"):
        after = text[e:min(le, e + 160)]
        ordered = bool(_IMPERATIVE_AFTER.search(after))
        if kind == "label":
            score = .8 if ordered else .45
        else:
            colon = re.match(r"\s*[:,]", after) or re.search(r"[:,]\s*$", m.group())
            score = .85 if ordered or colon else .45  # an address alone orders nothing
    elif kind == "this_text":
        score = .8 if _OUTPUT_ORDER.search(text, e, le) else .45
    elif kind in ("subject", "subject_vi"):
        this_text = re.search(r"\b(?:khi|trong khi|when|while|before|after|truoc khi|sau khi)\s+(?:\w+\s+){0,2}?"
                              r"(?:this|these|nay|van ban|tai lieu|bai|noi dung|email|thu|file|tep|ho so|"
                              r"the (?:document|text|file|email|page|article|essay|submission))|"
                              r"\b(?:trong|vao|cua) (?:bai|van ban|tai lieu|noi dung|ban tin)(?: nay)?\b|"
                              r"\bin (?:this|the) (?:text|article|document|post|email|summary|answer|output)\b",
                              text[ls:le])
        score = .85 if this_text else .45
    if not score:
        return None
    if score >= .5 and kind in ("en_object", "vi_object", "vi_everything", "above") and not ai:
        before, after = text[ls:s], text[e:le]
        if _CONDITION_AFTER.match(after) or _CONDITION_BEFORE.search(before):
            score = .4  # "bỏ qua bước 3 nếu đã nộp hồ sơ", "if you already registered, ignore the steps above"
        elif _CORRECTION.search(text, ls, le):
            score = .45  # "please ignore my previous messages, I sent the wrong file"
    if score >= .5 and kind == "vi_object" and m.group("o") and not (m.group("p") or m.group("q")) \
            and not (ai or _imperative_before(text[ls:s])):
        score = .4  # "nhiều công nhân bỏ qua quy tắc an toàn" describes, does not order
    if score >= .5 and _META.search(text, ls, le) and _META_BEFORE.search(text, max(ls, s - 30), s):
        score = .4  # talk about attacks quoting one: "kẻ gian chèn câu 'bỏ qua mọi hướng dẫn trước đó'"
    return score, name


def _imperative_before(prefix: str) -> bool:
    prefix = prefix.rstrip()
    return not prefix.strip(" -*•>\"'“([#0-9.)") or bool(_IMPERATIVE_PREFIX.search(prefix))


def _score_en_object(m: re.Match, imperative: bool) -> tuple[float, str]:
    verb, noun, post = m.group("v"), m.group("n"), m.group("p")
    words = set(re.findall(r"[a-z']+", m.group("m") or ""))
    weak_verb = re.fullmatch(_alt(*EN_IGNORE_WEAK), verb) is not None
    weak_noun = re.fullmatch(_alt(*EN_NOUN_WEAK), noun) is not None
    system = "system" in words or noun == "system prompt"
    prior = bool(words & _EN_PRIOR_WORDS) or post is not None
    own = bool(words & _EN_OWN_WORDS)
    if prior or system:
        score = .85 if weak_noun else .95
    elif own and not words & {"your", "developer", "developers", "developer's", "openai", "operator", "admin",
                              "administrator", "core"}:
        return (.45 if imperative else 0) if weak_noun else (.8 if imperative else .4), "ignore previous instructions"
    elif own:
        score = .6 if weak_noun else .9
    elif words & {"all", "any", "every", "each"} and not weak_noun:
        score = .6
    else:
        return (0 if weak_noun else .45), "ignore previous instructions"
    if weak_verb:
        score -= .15
    if words & {"my", "our"} and not system:
        score = .45 if weak_noun else .65
    return score, "disregard system prompt" if system else "ignore previous instructions"


_EN_PRIOR_WORDS = {w for p in EN_PRIOR for w in re.findall(r"[a-z']+", p)} - {"given", "built", "in"}
_EN_OWN_WORDS = {"your", "system", "safety", "security", "developer", "developers", "developer's", "openai",
                 "ethical", "ethics", "moderation", "core", "internal", "operator", "admin", "administrator"}


def _score_vi_object(norm: Normalised, m: re.Match) -> float:
    verb, noun = m.group("v"), m.group("n")
    groups = m.groupdict()
    prior, own = groups.get("p") or groups.get("q"), groups.get("o")
    for i, word in enumerate(verb.split()[:2]):
        if word in VI_ACCENTED:
            start = m.start("v") + len(" ".join(verb.split()[:i])) + (1 if i else 0)
            if not _written_as(norm, start, start + len(word), VI_ACCENTED[word]):
                return 0  # "quen" (know), "lo" (worry) written with their own accents
    weak_verb = re.fullmatch(_alt(*VI_IGNORE_WEAK), verb) is not None
    if noun in VI_EVERYTHING:
        return .9 - (.2 if weak_verb else 0)
    weak_noun = noun in VI_NOUN_WEAK
    if prior:
        if prior == "cu" and weak_noun:
            return 0
        score = .85 if weak_noun else .95
    elif own:
        score = 0 if weak_noun else .8
    elif re.search(r"\b(?:moi|tat ca|toan bo|het|bat ky)\b", m.group("m") or "") and not weak_noun:
        score = .6
    else:
        return 0
    return score - (.2 if weak_verb else 0)
