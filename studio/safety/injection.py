"""Prompt-injection detection: instructions aimed at a language model inside a text the studio will hand to one.

Matching runs on a normalised copy of the text with an offset map back to the original, so every finding points at
the characters the user wrote. Normalisation (`normalise`): NFKC (full-width, ligatures), lowercase, diacritics
folded, format and zero-width characters removed, Cyrillic/Greek look-alike letters read as Latin, percent-escapes
(%20, also in link targets) and HTML entities decoded, leetspeak folded inside words that mix letters and the
digits 0 1 3 4 5 7 or @ $ ("1gn0re" → "ignore"), letters spaced out one by one joined ("i g n o r e").

Signals (each a PROMPT_INJECTION finding, `detail` names it):
  * an order to drop the model's instructions, built from verb × object ("ignore / disregard / bỏ qua / quên hết …"
    × "previous instructions / the above / hướng dẫn trước đó / quy tắc hệ thống …", a few words allowed between);
  * a request for the system prompt, a new role ("you are now", "từ giờ bạn", "đóng vai"), new instructions, a
    note addressed to a model ("Lưu ý cho ChatGPT:", "P.S. to any AI reading this"), orders to drop sources, the AI
    label or the safety check; chat-template tokens and role markers;
  * hidden carriers: HTML comments, hidden HTML elements, markdown link titles, tag characters, long runs of
    zero-width characters, base64 blobs that decode to an instruction; a phrase inside a link target is named so.
An order that is negated ("do not ignore the safety instructions"), conditional or from one person to another
("bỏ qua bước 3 nếu …", "please ignore the previous email") or quoted in talk about attacks is not reported, or
only as `info` (score below 0.5). Signals in one sentence (or in consecutive sentences of one order) become one
finding, named by the strongest, with the evasion it was written in ("… [zero-width characters]").

Speed: each rule names anchor words, one of which every match contains; a rule's regex runs only on texts that
have one (tests/test_injection.py checks that this never hides a match). Every scan is bounded, so the cost is
linear in the text length.
"""

from __future__ import annotations

import base64
import binascii
import bisect
import codecs
import html
import itertools
import re
import unicodedata
from dataclasses import dataclass, field

from studio.safety.findings import PROMPT_INJECTION, Finding

RECOGNIZER = "injection"

# --- normalisation with an offset map -------------------------------------------------------------------------

_LETTER_FOLD = str.maketrans({"đ": "d", "ð": "d", "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ł": "l", "ı": "i",
                              "ſ": "s", "’": "'", "‘": "'", "ʼ": "'", "`": "'"})
# Cyrillic and Greek lowercase letters drawn like Latin ones ("іgnore" with a Cyrillic і).
_LOOKALIKE = str.maketrans({"а": "a", "с": "c", "е": "e", "һ": "h", "і": "i", "ј": "j", "о": "o", "р": "p",
                            "ѕ": "s", "у": "y", "х": "x", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ӏ": "l", "ɡ": "g",
                            "α": "a", "ο": "o", "ρ": "p", "ι": "i", "κ": "k", "ν": "v", "υ": "u", "χ": "x",
                            "ε": "e", "τ": "t"})
_BLANK_LETTERS = set("\u115f\u1160\u3164\uffa0")  # Hangul fillers: letters that draw nothing


def _fold_char(ch: str) -> str:
    """What one character becomes in the normalised text ("" for marks and format characters)."""
    if ch in _BLANK_LETTERS or unicodedata.category(ch) in ("Cf", "Mn", "Me"):
        return ""
    out = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", ch).lower())
    out = "".join(c for c in out if not unicodedata.combining(c) and unicodedata.category(c) != "Cf")
    return out.translate(_LETTER_FOLD).translate(_LOOKALIKE)


class _FoldTable(dict):
    """A str.translate table filled on first sight of each character; remembers the characters that do not fold
    to exactly one character (they need their own entries in the offset map)."""

    def __init__(self) -> None:
        super().__init__()
        self.irregular: set[str] = set()

    def __missing__(self, code: int) -> str:
        value = _fold_char(chr(code))
        if len(value) != 1:
            self.irregular.add(chr(code))
        self[code] = value
        return value


_TABLE = _FoldTable()
_ESCAPES = r"(?P<pct>(?:%[0-9A-Fa-f]{2})+)|(?P<ent>&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,10});)"
_special_cache: list = [-1, None]


def _special_re() -> re.Pattern:
    """Escapes and runs of irregular characters; rebuilt when a new irregular character has been seen."""
    if _special_cache[0] != len(_TABLE.irregular):
        chars = "".join(re.escape(c) for c in sorted(_TABLE.irregular))
        _special_cache[:] = [len(_TABLE.irregular), re.compile(_ESCAPES + (f"|(?P<irr>[{chars}]+)" if chars else ""))]
    return _special_cache[1]


_LEET = str.maketrans("013457@$", "oieastas")
_LEET_NEXT = re.compile(r"[a-z][013457@$]|[013457@$][a-z]")
_LEET_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789@$")
_SPACED = re.compile(r"(?<![^\W\d_])[^\W\d_](?:[ .\-_*·][^\W\d_]){2,}(?![^\W\d_])")


@dataclass
class Normalised:
    """The normalised text and the way back: segment k of the map starts at normalised index `ns[k]` and original
    index `os[k]`; it is one-to-one when `oe[k]` is -1, else every character in it comes from original[os:oe]."""
    original: str
    text: str
    ns: list[int] = field(default_factory=lambda: [0])
    os: list[int] = field(default_factory=lambda: [0])
    oe: list[int] = field(default_factory=lambda: [-1])
    gaps: list[int] = field(default_factory=list)  # characters dropped after normalising (joined spaced letters)

    def _before_gaps(self, k: int) -> int:
        return k + bisect.bisect_right(self.gaps, k) if self.gaps else k

    def start(self, k: int) -> int:
        k = self._before_gaps(k)
        i = bisect.bisect_right(self.ns, k) - 1
        return self.os[i] + (k - self.ns[i]) if self.oe[i] < 0 else self.os[i]

    def end(self, k: int) -> int:
        """Original end (exclusive) of the normalised characters before k; marks of a decomposed letter included."""
        last = self._before_gaps(k - 1)
        i = bisect.bisect_right(self.ns, last) - 1
        end = self.os[i] + (last - self.ns[i]) + 1 if self.oe[i] < 0 else self.oe[i]
        while end < len(self.original) and unicodedata.category(self.original[end]) in ("Mn", "Me"):
            end += 1
        return end

    def span(self, s: int, e: int) -> tuple[int, int]:
        return self.start(s), self.end(e)


def normalise(text: str) -> Normalised:
    """The normalised text (see the module docstring) with its offset map."""
    folded = text.translate(_TABLE)
    special = _special_re()
    if len(folded) == len(text) and not special.search(text):
        norm = Normalised(text, folded)
    else:
        norm = _normalise_slow(text, special)
    _fold_leet(norm)
    _join_spaced(norm)
    return norm


def _normalise_slow(text: str, special: re.Pattern) -> Normalised:
    parts: list[str] = []
    ns, os_, oe = [], [], []
    n = pos = 0

    def emit(piece: str, start: int, end: int = -1) -> None:
        nonlocal n
        if piece:
            parts.append(piece)
            ns.append(n)
            os_.append(start)
            oe.append(end)
            n += len(piece)

    for m in special.finditer(text):
        if m.start() > pos:
            emit(text[pos:m.start()].translate(_TABLE), pos)
        if m.lastgroup == "irr":
            for i in range(m.start(), m.end()):
                emit(_TABLE[ord(text[i])], i, i + 1)
        elif m.lastgroup == "pct":
            decoder, first = codecs.getincrementaldecoder("utf-8")("replace"), m.start()
            for i in range(m.start(), m.end(), 3):
                chars = decoder.decode(bytes([int(text[i + 1:i + 3], 16)]), final=i + 3 == m.end())
                if chars:
                    emit(chars.translate(_TABLE), first, i + 3)
                    first = i + 3
        else:
            decoded = html.unescape(m.group())
            if decoded == m.group():
                emit(decoded.translate(_TABLE), m.start())
            else:
                emit(decoded.translate(_TABLE), m.start(), m.end())
        pos = m.end()
    if pos < len(text):
        emit(text[pos:].translate(_TABLE), pos)
    if not ns:
        ns, os_, oe = [0], [len(text)], [len(text)]
    return Normalised(text, "".join(parts), ns, os_, oe)


def _fold_leet(norm: Normalised) -> None:
    """Read digits as letters inside words that mix both; '1' as i or l, whichever gives a known word."""
    if not _LEET_NEXT.search(norm.text):
        return
    chars, done = list(norm.text), -1
    for m in _LEET_NEXT.finditer(norm.text):
        if m.start() < done:
            continue
        s, e = m.start(), m.end()
        while s > 0 and chars[s - 1] in _LEET_CHARS:
            s -= 1
        while e < len(chars) and chars[e] in _LEET_CHARS:
            e += 1
        chars[s:e] = _read_leet(norm.text[s:e])
        done = e
    norm.text = "".join(chars)


def _read_leet(token: str) -> str:
    base = token.translate(_LEET)
    ones = [i for i, c in enumerate(token) if c == "1"]
    if not ones or len(ones) > 4 or base in _vocabulary():
        return base
    for letters in itertools.product("il", repeat=len(ones)):
        word = list(base)
        for i, c in zip(ones, letters):
            word[i] = c
        if "".join(word) in _vocabulary():
            return "".join(word)
    return base


def _join_spaced(norm: Normalised) -> None:
    """"i g n o r e" → "ignore": the separators between single letters are dropped (kept in the map as gaps)."""
    if not _SPACED.search(norm.text):
        return
    drop = [i for m in _SPACED.finditer(norm.text) for i in range(m.start() + 1, m.end(), 2)]
    keep = set(drop)
    norm.text = "".join(c for i, c in enumerate(norm.text) if i not in keep)
    norm.gaps = [p - i for i, p in enumerate(drop)]  # new index k maps to old k + #(gaps <= k)


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
    kind: str = "plain"  # how the score is adjusted (see _adjust)
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


RULES: list[_Rule] = [
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



# --- hidden carriers --------------------------------------------------------------------------------------------

_CHAT_TOKEN = re.compile(r"<\|[a-z_]{2,30}\|>")
_INVISIBLE = re.compile(r"[\ufeff\u200b-\u200f\u2060-\u2064\u202a-\u202e\u2066-\u2069\u180e\u115f\u1160\u3164"
                        r"\U000e0000-\U000e007f]+")
_TAGS = re.compile(r"[\U000e0000-\U000e007f]+")
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
_COMMENT = re.compile(r"<!--(.*?)(?:-->|$)", re.DOTALL)
# brackets and parentheses end the scans, so a text full of them costs no backtracking
_MD_INLINE = re.compile(r"!?\[[^\[\]\n]{0,500}\]\(\s*<?([^\s()<>\[\]]{0,4000})>?"
                        r"(?:\s+(\"[^\"\n]{0,500}\"|'[^'\n]{0,500}'|\([^)\n]{0,500}\)))?\s*\)")
_MD_REF = re.compile(r"(?m)^[ \t]{0,3}\[[^\]\n]{1,200}\]:[ \t]*<?(\S{1,4000}?)>?(?:[ \t]+(\"[^\"\n]*\"|'[^'\n]*'|"
                     r"\([^)\n]*\)))?[ \t]*$")
_TAG_OPEN = re.compile(r"<([a-zA-Z][a-zA-Z0-9]{0,15})\b([^<>]{0,2000})>")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*(?:0(?:\.0+)?|[01]px)"
                           r"(?![\d.])|opacity\s*:\s*0(?:\.0\d*)?(?![\d.])|(?:^|[;\s\"'])color\s*:\s*(?:#fff(?:fff)?\b|"
                           r"white\b|transparent\b|rgba?\(\s*255\s*,\s*255\s*,\s*255)|(?:left|top|text-indent)\s*:"
                           r"\s*-\d{3,}|clip\s*:\s*rect\(\s*0|(?:max-)?(?:height|width)\s*:\s*0(?:px)?\s*(?:;|$)",
                           re.IGNORECASE)
_BACKGROUND = re.compile(r"background(?:-color)?\s*:\s*([^;\"']+)", re.IGNORECASE)
_HIDDEN_ATTR = re.compile(r"(?:^|\s)(?:hidden(?:\s|=|$)|aria-hidden\s*=\s*[\"']?true|type\s*=\s*[\"']?hidden|"
                          r"class\s*=\s*[\"'][^\"']*\b(?:hidden|sr-only|visually-hidden|d-none|invisible)\b)",
                          re.IGNORECASE)
_STYLE_ATTR = re.compile(r"style\s*=\s*(\"[^\"]*\"|'[^']*')", re.IGNORECASE)
_ATTR_VALUE = re.compile(r"\b(?:value|title|alt|aria-label|data-[\w-]+|content)\s*=\s*(\"[^\"]*\"|'[^']*')",
                         re.IGNORECASE)
_B64 = re.compile(r"(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{24,}={0,2}(?![A-Za-z0-9+/=_-])")
_ORDER_WORDS = re.compile(rf"\b(?:instructions?|system|prompt|you are|you must|bo qua|chi dan|tiet lo|khong duoc|"
                          rf"ban la|ban phai|{IMPERATIVE_EN}|{IMPERATIVE_VI})\b")


@dataclass
class _Signal:
    start: int
    end: int
    score: float
    detail: str


def detect_injection(text: str) -> list[Finding]:
    """Prompt injections in `text` (see the module docstring): one finding per sentence or hidden carrier, spans on
    the original characters, score by strength (below 0.5 a weak signal the policy keeps as info)."""
    if not text:
        return []
    norm = normalise(text)
    signals = _phrase_signals(norm)
    carriers = _carrier_signals(text, signals)
    for sig in signals:  # a note inside a comment or hidden element ends with it
        for c in carriers:
            if c.start <= sig.start < c.end < sig.end:
                sig.end = c.end
    signals += carriers
    return [Finding(PROMPT_INJECTION, s.start, s.end, text[s.start:s.end], round(min(s.score, 1.0), 2), RECOGNIZER,
                    detail=s.detail + _evasions(s.detail, text[s.start:s.end])) for s in _merge(text, signals)]


_EVASIONS = (("zero-width characters", re.compile(r"[\u00ad\u200b-\u200f\u2060-\u2064\ufeff]")),
             ("full-width letters", re.compile(r"[\uff21-\uff3a\uff41-\uff5a]")),
             ("percent-encoded", re.compile(r"%[0-9A-Fa-f]{2}.*%[0-9A-Fa-f]{2}", re.DOTALL)),
             ("leetspeak", re.compile(r"(?<![\W\d_])[013457@$](?![\W\d_])|\b[013457][^\W\d_]{2}")))


def _evasions(detail: str, written: str) -> str:
    """How the finding's text hides its words, for the reviewer: " [zero-width characters, leetspeak]"."""
    if detail.startswith(("base64", "invisible")):
        return ""
    found = [name for name, pattern in _EVASIONS if pattern.search(written)]
    return f" [{', '.join(found)}]" if found else ""


def _phrase_signals(norm: Normalised, exhaustive: bool = False) -> list[_Signal]:
    """Matches of the rules; a rule runs only when one of its anchor words is in the text (`exhaustive`: always)."""
    out = []
    for rule in (RULES if exhaustive else _rules_for(norm.text)):
        for m in rule.regex.finditer(norm.text):
            if m.end() == m.start() or not (adjusted := _adjust(norm, rule, m)):
                continue
            score, name = adjusted
            s, e = m.start(), m.end()
            if rule.kind in ("address", "vi_address", "label") and score >= .6:
                e = _sentence(norm.text, s, e)[1]  # the note runs to the end of its sentence
                while e > s and norm.text[e - 1] in " \t\n.":
                    e -= 1
            out.append(_Signal(*norm.span(s, e), score, name))
    for m in _CHAT_TOKEN.finditer(norm.text):
        out.append(_Signal(*norm.span(*m.span()), .95, "chat template token"))
    return out


def _rules_for(text: str) -> list[_Rule]:
    """The rules with an anchor in the normalised text, in their order: words by a set lookup, phrases by their
    first word and then a search of the single-spaced text, prefixes ("gpt*") by one regex."""
    index = _anchor_index()
    tokens = _TOKEN.findall(text)
    words = set(tokens)
    hits: set[int] = set()
    for word in words & index["words"].keys():
        hits.update(index["words"][word])
    flat = None
    for first in words & index["phrases"].keys():
        for phrase, rules in index["phrases"][first]:
            flat = flat if flat is not None else " " + " ".join(tokens) + " "
            if rules - hits and f" {phrase} " in flat:
                hits.update(rules)
    if index["prefixes"] and index["prefix_re"].search(" " + " ".join(words)):
        for prefix, rules in index["prefixes"].items():
            if any(w.startswith(prefix) for w in words):
                hits.update(rules)
    return [RULES[i] for i in sorted(hits)]


_ANCHOR_INDEX: dict = {}


def _anchor_index() -> dict:
    """Anchor → rule numbers, built once: single words, phrases grouped by their first word, prefixes."""
    if not _ANCHOR_INDEX:
        words: dict[str, set[int]] = {}
        phrases: dict[str, dict[str, set[int]]] = {}
        prefixes: dict[str, set[int]] = {}
        for i, rule in enumerate(RULES):
            for anchor in rule.anchors:
                if anchor.endswith("*"):
                    prefixes.setdefault(anchor[:-1], set()).add(i)
                elif " " in anchor:
                    phrases.setdefault(anchor.split()[0], {}).setdefault(anchor, set()).add(i)
                else:
                    words.setdefault(anchor, set()).add(i)
        _ANCHOR_INDEX.update(words=words, prefixes=prefixes,
                             phrases={first: list(group.items()) for first, group in phrases.items()},
                             prefix_re=re.compile(" (?:" + "|".join(map(re.escape, prefixes)) + ")"))
    return _ANCHOR_INDEX


_TOKEN = re.compile(r"[^\W_]+")


def _inner(text: str) -> list[_Signal]:
    """Phrase signals of a decoded or hidden piece of text that are orders, positions relative to it."""
    return [s for s in _phrase_signals(normalise(text)) if s.score >= .5]


def _hidden(out: list[_Signal], start: int, end: int, content: str, what: str, base: float = .85) -> None:
    """A hidden piece of text: an order in it, or words for a model and an imperative, make it a finding."""
    folded = normalise(content).text
    if not re.search(r"[^\W\d_].*\s.*[^\W\d_]", folded, re.DOTALL):
        return  # not two words: nothing to order
    inner = _inner(content)
    if inner:
        best = max(inner, key=lambda s: s.score)
        out.append(_Signal(start, end, max(base, best.score), f"{what} ({best.detail})"))
        return
    if not _ORDER_WORDS.search(folded):
        return
    for_model = bool(_AI_CONTEXT.search(folded) or _AI_UPPER.search(content)
                     or re.search(r"\b(?:ai|model|assistant|bot|tro ly|mo hinh)\b", folded))
    out.append(_Signal(start, end, base if for_model else .45, what))


def _carrier_signals(text: str, found: list[_Signal]) -> list[_Signal]:
    out: list[_Signal] = []
    if "<!--" in text:
        for m in _COMMENT.finditer(text):
            _hidden(out, m.start(), m.end(), m.group(1), "hidden HTML comment")
    if "<" in text:
        closing = _Closing(text)
        for m in _TAG_OPEN.finditer(text):
            _html_tag(text, m, out, closing)
    if "](" in text or "]:" in text:
        for m in itertools.chain(_MD_INLINE.finditer(text), _MD_REF.finditer(text)):
            for sig in found:  # a phrase inside the link target
                if m.start(1) <= sig.start and sig.end <= m.end(1) and sig.score >= .4:
                    sig.detail, sig.score = f"markdown link target ({sig.detail})", max(sig.score, .85)
            if m.group(2):
                _hidden(out, m.start(2), m.end(2), m.group(2)[1:-1], "markdown link title", .75)
    if _INVISIBLE.search(text):
        for m in _INVISIBLE.finditer(text):
            out.extend(_invisible(text, m))
    for m in _B64.finditer(text):
        decoded = _decode_b64(m.group())
        if decoded and _inner(decoded):
            out.append(_Signal(m.start(), m.end(), .8, "base64-encoded instruction"))
    return out


class _Closing:
    """The closing tags of a text by name, found in one pass on first use: the first one after a position."""

    def __init__(self, text: str) -> None:
        self.text, self.by_name = text, None

    def next(self, name: str, pos: int) -> re.Match | None:
        if self.by_name is None:
            self.by_name = {}
            for m in _CLOSE_TAG.finditer(self.text):
                self.by_name.setdefault(m.group(1).lower(), []).append(m)
        found = self.by_name.get(name.lower(), [])
        i = bisect.bisect_left(found, pos, key=lambda m: m.start())
        return found[i] if i < len(found) and found[i].start() - pos <= 5000 else None


_CLOSE_TAG = re.compile(r"</([a-zA-Z][a-zA-Z0-9]{0,15})\s*>")


def _html_tag(text: str, m: re.Match, out: list[_Signal], closing: _Closing) -> None:
    """An HTML element hidden by its attributes or style; else its title/alt attributes, shown only on hover."""
    attrs, offset = m.group(2), m.start(2)
    style = " ".join(v[1:-1] for v in _STYLE_ATTR.findall(attrs))
    if _HIDDEN_ATTR.search(attrs) or _hidden_style(style):
        close = closing.next(m.group(1), m.end())
        content = text[m.end():close.start()] if close else ""
        content += " " + " ".join(v.group(1)[1:-1] for v in _ATTR_VALUE.finditer(attrs))
        _hidden(out, m.start(), close.end() if close else m.end(), content, "hidden HTML element")
        return
    for v in _ATTR_VALUE.finditer(attrs):
        if re.match(r"(?i)title|alt|aria-label|data-", v.group()):
            _hidden(out, offset + v.start(1), offset + v.end(1), v.group(1)[1:-1], "hidden HTML attribute", .75)


def _hidden_style(style: str) -> bool:
    if not style or not _HIDDEN_STYLE.search(style):
        return False
    only_colour = not re.search(r"display|visibility|font-size|opacity|left|top|text-indent|clip|height|width",
                                style, re.IGNORECASE)
    bg = _BACKGROUND.search(style)
    if only_colour and bg and not re.search(r"#fff(?:fff)?\b|white|255\s*,\s*255\s*,\s*255", bg.group(1), re.I):
        return False  # white text on a coloured background is visible
    return True


def _invisible(text: str, m: re.Match) -> list[_Signal]:
    s, e, run = m.start(), m.end(), m.group()
    tags = _TAGS.search(run)
    if tags:
        if text[max(0, s - 1):s] == "\U0001f3f4" and tags.group() == run:
            return []  # the tag sequence of a subdivision flag emoji
        hidden_text = "".join(chr(ord(c) - 0xE0000) for c in tags.group() if 0xE0020 <= ord(c) <= 0xE007E)
        return [_Signal(s, e, .95 if hidden_text and _inner(hidden_text) else .9,
                        "invisible characters (tag characters)")]
    if s == 0 and run == "\ufeff":
        return []  # a byte order mark opening the text
    if run == "\u200d" and 0 < s and e < len(text) and not text[s - 1].isalnum() and not text[e].isalnum():
        return []  # a zero-width joiner inside an emoji sequence
    if _BIDI.search(run):
        return [_Signal(s, e, .5, "invisible characters (text direction override)")]
    if len(run) >= 8:
        return [_Signal(s, e, .6, "invisible characters (long run, may encode hidden text)")]
    return [_Signal(s, e, .3, "invisible characters")]  # zero-width spaces pasted from the web, inside numbers


def _decode_b64(blob: str) -> str | None:
    if len(blob.rstrip("=")) % 4 == 1:
        return None
    for altchars in (None, b"-_"):
        try:
            raw = base64.b64decode(blob + "=" * (-len(blob) % 4), altchars=altchars, validate=True)
            decoded = raw.decode("utf-8")
        except (binascii.Error, UnicodeDecodeError, ValueError):
            continue
        if decoded and sum(c.isprintable() or c.isspace() for c in decoded) / len(decoded) > .95:
            return decoded
    return None


# --- one finding per sentence -----------------------------------------------------------------------------------

def _merge(text: str, signals: list[_Signal]) -> list[_Signal]:
    """Overlapping signals, and signals in one sentence, become one finding named by the strongest."""
    out: list[_Signal] = []
    for sig in sorted(signals, key=lambda s: (s.start, -s.end)):
        if out:
            last = out[-1]
            gap = text[last.end:sig.start]
            if sig.start < last.end or (len(gap) < 400 and not _SENTENCE_STOP.search(gap)) \
                    or (len(gap) <= 3 and "\n" not in gap):  # the next sentence of the same injection
                strongest = last if last.score >= sig.score else sig
                out[-1] = _Signal(last.start, max(last.end, sig.end), strongest.score, strongest.detail)
                continue
        out.append(_Signal(sig.start, sig.end, sig.score, sig.detail))
    return out


_VOCAB: set[str] = set()


def _vocabulary() -> set[str]:
    """Words of the patterns, to read a '1' in leetspeak as i or l."""
    if not _VOCAB:
        words = " ".join((*EN_IGNORE, *EN_IGNORE_WEAK, *EN_PRIOR, *EN_OWN, *EN_DET, *EN_NOUN, *EN_NOUN_WEAK,
                          *EN_POST, *VI_IGNORE, *VI_NOUN, *VI_QUANT, "reveal all rules roleplay role model llm please "
                          "unfiltered evil filter guidelines tell developer"))
        _VOCAB.update(re.findall(r"[a-z]+", words))
    return _VOCAB
