"""The language of one sentence, and the sentences of a text written in another language than the draft's.

A general identifier (py3langid through `studio.knowledge.language.detect_language`) is unreliable on one
short sentence and is thrown by proper names ("Công đoàn Ngân hàng Việt Nam" in an English sentence,
"Vietnam Bank Trade Union" in a Vietnamese one). So strong cues decide first: markers, numbers, quoted and
bracketed segments are set aside when enough words remain; then Vietnamese is told by its own letters on
the lower-case words (names are capitalised), and English, German and Norwegian by their function words;
the identifier only settles what the cues leave open.
"""

from __future__ import annotations

import re
import unicodedata

from studio.drafting.formats import MARKER_RE
from studio.knowledge.language import detect_language
from studio.knowledge.textnorm import sentence_spans

_URL = re.compile(r"https?://\S+|www\.\S+|\S+@\S+")
_QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”|„[^“”]*[“”]|«[^»]*»|\([^()]*\)|\[[^\]]*\]")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
# letters only Vietnamese writes (ă đ ơ ư ĩ ũ and the block of stacked / dot-below / hook-above vowels)
_VI_STRONG = re.compile(r"[ăđơưĩũĂĐƠƯĨŨ\u1ea0-\u1ef9]")
# accented vowels Vietnamese shares with French, Portuguese, Spanish…
_VI_WEAK = re.compile(r"[àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ]")
_GERMANIC = re.compile("[äöüßæøåÄÖÜÆØÅ]")
_FUNCTION = {
    "en": set("the and of to is are was were in for with on that this by from as it its be has have which "
              "their at an or not will can more than into who they our".split()),
    "de": set("der die das und ist nicht mit für von den dem des ein eine einer zu im auf als auch sich sind "
              "wird werden oder über bei durch nach wie zur zum".split()),
    "no": set("og er ikke til av det som på med en et for har de den ble fra om ved også skal kan være etter "
              "hvor sin sine seg blir at denne dette disse vil mer eller når hadde".split()),
}
_NORDIC = {"da", "sv", "nn", "nb"}  # the identifier's near neighbours of Norwegian on short sentences
MIN_WORDS = 4  # fewer words than this is too little to judge


def _words_of(text: str) -> list[str]:
    text = _URL.sub(" ", MARKER_RE.sub(" ", text))
    bare = _QUOTED.sub(" ", text)
    words = _WORD.findall(bare)
    return words if len(words) >= MIN_WORDS else _WORD.findall(text)


def sentence_language(text: str) -> str:
    """ISO 639-1 code of one sentence ("vi", "en", "de", "no", …), "und" when it is too short to tell."""
    text = unicodedata.normalize("NFC", text)  # decomposed diacritics (some official texts) read as composed
    words = _words_of(text)
    if len(words) < MIN_WORDS - 1:
        return "und"
    lower = [w for i, w in enumerate(words) if w[:1].islower() or (i == 0 and not w.isupper())]
    judged = lower if len(lower) >= 3 else words
    strong = sum(1 for w in judged if _VI_STRONG.search(w))
    weak = sum(1 for w in judged if not _VI_STRONG.search(w) and _VI_WEAK.search(w))
    vi_share = (strong + 0.5 * weak) / len(judged)
    if (strong >= 2 and vi_share >= 0.3 or (strong or weak >= 2) and vi_share >= 0.4) and not _GERMANIC.search(text):
        return "vi"
    hits = {lang: sum(1 for w in judged if w.lower() in fw) for lang, fw in _FUNCTION.items()}
    best = max(hits, key=lambda k: hits[k])
    second = max(v for k, v in hits.items() if k != best)
    if hits[best] >= 2 and hits[best] >= 2 * second and not (best == "en" and _GERMANIC.search(text)):
        return best
    found = detect_language(" ".join(words))
    if found in _NORDIC and (hits["no"] >= max(1, hits["en"], hits["de"]) or re.search("[æøåÆØÅ]", text)):
        return "no"
    if len(lower) < 3:
        return "und"  # mostly names: a name does not say which language the sentence is in
    if found == "vi" and not strong:
        return best if hits[best] else "und"  # Vietnamese without a single Vietnamese letter is not Vietnamese
    if len(words) < MIN_WORDS:
        return "und"
    return found


def foreign_sentences(text: str, lang: str) -> list[tuple[int, int, str]]:
    """(start, end, language) of every sentence of `text` that is not in `lang`; short or unclear ones are not
    reported (a sentence of fewer than four words, or one the cues and the identifier cannot place)."""
    out = []
    for start, end in sentence_spans(text):
        found = sentence_language(text[start:end])
        if found not in (lang, "und") and len(_words_of(text[start:end])) >= MIN_WORDS:
            out.append((start, end, found))
    return out
