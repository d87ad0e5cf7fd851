"""Builders of the text formats: article, news brief, social post, Zalo message, newsletter, talking points."""

from __future__ import annotations

import re
from collections import Counter

from pydantic import BaseModel

from studio.drafting import formats as F
from studio.drafting.formats import word_count
from studio.drafting.models import DraftRequest
from studio.drafting.offline.figures import _TIME_KINDS
from studio.drafting.offline.sentences import (
    _LENGTH,
    _STOPWORDS,
    Ctx,
    Sentence,
    chunks,
    cluster,
    need,
    paragraph,
    prose,
    reading_order,
    short_first,
    take,
    title_case,
    vary,
)
from studio.drafting.offline.templates import phrase
from studio.knowledge.lexicon import Lexicon
from studio.knowledge.textnorm import fold, fold_word

# who did it: an organisation word, or two capitalised words in a row after the first word
_ACTOR = re.compile(r"\b(?:Công đoàn|Bộ Chính trị|Chính phủ|Quốc hội|Thống đốc|Đảng ủy|Ban |Tổng Liên đoàn|Union|Politburo"
                    r"|Party|Committee|Government|Governor|Ministry|Gewerkschaft|Politbüro|fagforening|partikomit)"
                    r"|\s\w*[A-ZĐ]\w*\s[A-ZĐ]\w+")
_WHEN = re.compile(r"\b(?:ngày|tháng|năm|hôm nay|vừa qua|today|yesterday|this (?:week|month|year)|on \w+day)\b", re.I)


def _words(ctx: Ctx, sents: list[Sentence], fields: bool = False) -> list[Sentence]:
    """The prose sentences in the order of this variant (then, with `fields`, "key: clause" lines)."""
    own = vary(prose(sents), ctx.variant, ctx.req.topic)
    return own + [s for s in prose(sents, True) if s.label] if fields else own


def _greeting(ctx: Ctx) -> str:
    own = ctx.style.greeting(ctx.req.lang, ctx.req.audience) if ctx.style is not None else ""
    return own or phrase(ctx.T, "greeting", ctx.variant, ctx.req.audience)


def _lead(sents: list[Sentence]) -> Sentence:
    """Of the best few, the first that says who and when, else the first that says when, else the best."""
    best = [s for s in sents[:8] if s.score > 0] or sents[:1]
    said = lambda s, who: (any(f.kind in _TIME_KINDS for f in s.figures) or _WHEN.search(s.text)) and (
        not who or _ACTOR.search(s.text))
    return next((s for s in best if said(s, True)), next((s for s in best if said(s, False)), best[0]))


def _article(ctx: Ctx, sents: list[Sentence]) -> BaseModel:
    req, T = ctx.req, ctx.T
    sents = _words(ctx, sents, fields=True)
    need(sents, 2, "sentences")
    closing = phrase(T, "closing", ctx.variant)
    lead = _lead(sents)
    rest = [s for s in sents if s is not lead]
    main = list(dict.fromkeys(s.heading for s in rest if s.heading))[:5]  # the sections the best sentences open
    rest = sorted(rest, key=lambda s: s.heading not in main)  # stable: others only when these run short
    target, cap = (450, 600, 750)[_LENGTH[req.length]] - lead.words, 800 - word_count(closing) - lead.words
    chosen = take(rest, target, cap)
    need(chosen, 1, "sentences")
    sections, headline = [], title_case(req.topic)
    for heading, group in _sections(chosen, phrase(T, "key_points", ctx.variant)):
        if fold(heading) == fold(headline):  # a heading that only repeats the headline says nothing
            heading = phrase(T, "key_points", ctx.variant)
        paragraphs = [paragraph(p) for p in chunks(group, -(-len(group) // 3))]  # up to 3 sentences each
        sections.append(F.ArticleSection(heading=heading, paragraphs=paragraphs))
    return F.Article(headline=headline, lead=lead.cited(), sections=sections, closing=closing)





def _sections(chosen: list[Sentence], default: str, most: int = 5) -> list[tuple[str, list[Sentence]]]:
    """Sections under the sources' own headings (in rank order, at most `most`); a sentence without a heading
    or beyond them joins the section of the nearest passage, so there is no catch-all section."""
    groups = reading_order([s for s in chosen if s.heading])
    if not groups:
        return [(default, sorted(chosen, key=lambda s: (s.idx, s.start)))]
    kept = groups[:most]
    for s in [s for s in chosen if not s.heading] + [s for g in groups[most:] for s in g]:
        near = min(kept, key=lambda g: min(abs(x.idx - s.idx) for x in g))
        near.append(s)
    return [(g[0].heading, sorted(g, key=lambda s: (s.idx, s.start))) for g in kept]


def _news_brief(ctx: Ctx, sents: list[Sentence]) -> BaseModel:
    req = ctx.req
    sents = _words(ctx, sents)
    need(sents, 1, "sentences")
    lead = _lead(short_first(sents, 45))
    chosen = [lead, *take([s for s in short_first(sents, 45) if s is not lead],
                          (130, 160, 190)[_LENGTH[req.length]] - lead.words, 200 - lead.words)]
    rest = [s for g in reading_order(chosen[1:]) for s in g]
    more = [paragraph(p) for p in chunks(rest, -(-len(rest) // 3))] if rest else []
    return F.NewsBrief(headline=title_case(req.topic), paragraphs=[paragraph([lead]), *more])


def _social_post(ctx: Ctx, sents: list[Sentence]) -> BaseModel:
    """A hook, one message, a call to action and hashtags; ≤ 120 words."""
    req, T, lexicon = ctx.req, ctx.T, ctx.lexicon
    hook = phrase(T, "hook", ctx.variant, req.audience)
    cta = phrase(T, "cta", ctx.variant, req.audience)
    budget = 120 - word_count(cta) - word_count(hook)
    sents = _words(ctx, sents)
    chosen = take(cluster(short_first(sents, 40)), (45, 70, 90)[_LENGTH[req.length]] - word_count(hook), budget)
    need(chosen, 1, "short sentences")
    return F.SocialPost(text=f"{hook}\n\n{paragraph(_message_order(ctx, chosen))}", call_to_action=cta,
                        hashtags=_hashtags(req, chosen, T, lexicon))


def _zalo_message(ctx: Ctx, sents: list[Sentence]) -> BaseModel:
    """Greeting, one message (the best sentence and those about the same thing), a call to action and the house
    style's sign-off when it has one; ≤ 80 words."""
    req = ctx.req
    greeting, cta = _greeting(ctx), phrase(ctx.T, "cta", ctx.variant, req.audience)
    signoff = ctx.style.signoff(req.lang, req.audience) if ctx.style is not None else ""
    frame = word_count(greeting) + word_count(cta) + word_count(signoff)
    sents = _words(ctx, sents)
    chosen = take(cluster(short_first(sents, 35)), (35, 55, 70)[_LENGTH[req.length]] - frame, 80 - frame)
    if not chosen and signoff:  # a long sign-off leaves no room: the call to action is the part to keep
        frame -= word_count(signoff)
        signoff = ""
        chosen = take(cluster(short_first(sents, 35)), (35, 55, 70)[_LENGTH[req.length]] - frame, 80 - frame)
    need(chosen, 1, "short sentences")
    return F.ZaloMessage(text="\n".join(x for x in (greeting, paragraph(_message_order(ctx, chosen)), cta, signoff) if x))


def _message_order(ctx: Ctx, chosen: list[Sentence]) -> list[Sentence]:
    """The first draft reads in source order; a later variant keeps its own order, so it opens differently."""
    return chosen if ctx.variant else sorted(chosen, key=lambda s: (s.idx, s.start))


def _newsletter(ctx: Ctx, sents: list[Sentence]) -> BaseModel:
    req, T = ctx.req, ctx.T
    sents = _words(ctx, sents)
    chosen = take(short_first(sents, 45), (100, 180, 260)[_LENGTH[req.length]], 320)
    chosen = chosen if len(chosen) >= 2 else sents[:2]
    need(chosen, 2, "sentences")
    ordered = [s for g in reading_order(chosen) for s in g]
    n = 2 if req.length == "short" or len(ordered) < 6 else 3
    return F.Newsletter(title=phrase(T, "newsletter_title", ctx.variant).format(topic=title_case(req.topic)),
                        paragraphs=[paragraph(p) for p in chunks(ordered, n)])


def _talking_points(ctx: Ctx, sents: list[Sentence]) -> BaseModel:
    """5–7 parallel points: one sentence each, of similar length (closest to the middle length of the best)."""
    req, T = ctx.req, ctx.T
    n = 5 + _LENGTH[req.length]
    sents = _words(ctx, sents)
    pool = [s for s in sents if 8 <= s.words <= 32][:3 * n]
    pool = pool if len(pool) >= n else short_first(sents, 35)[:3 * n]
    middle = sorted(s.words for s in pool[:2 * n])[len(pool[:2 * n]) // 2] if pool else 0
    chosen = sorted(sorted(pool, key=lambda s: abs(s.words - middle))[:n], key=pool.index)
    need(chosen, 5, "sentences")
    return F.TalkingPoints(title=phrase(T, "points_title", ctx.variant).format(topic=title_case(req.topic)),
                           points=[s.cited() for s in chosen])


def _hashtags(req: DraftRequest, chosen: list[Sentence], T: dict, lexicon: Lexicon | None) -> list[str]:
    """Topic concepts (most frequent in the chosen text first) named in the request language, folded."""
    phrases: list[str] = []
    if lexicon is not None:
        found = list(dict.fromkeys(lexicon.concepts_in(req.topic)))
        text = " ".join(s.text for s in chosen)
        freq = Counter(lexicon.concepts_in(text))
        folded = f" {fold(req.topic + ' ' + text)} "
        for cid in sorted(found, key=lambda c: (-freq[c], found.index(c))):
            # the concept's first term in the request language that is written out in the topic or text
            terms = [t.strip("*") for t in lexicon.concepts[cid].terms.get(req.lang) or ()]
            phrases += [t for t in terms if f" {' '.join(fold_word(w) for w in t.split())} " in folded][:1]
    if not phrases:  # no lexicon: the topic's runs of content words
        run: list[str] = []
        for w in re.findall(r"\w+", req.topic) + ["the"]:
            if w.lower() in _STOPWORDS:
                phrases += [" ".join(run[:3])] if run else []
                run = []
            else:
                run.append(w)
    tags: list[str] = []
    for p in phrases + [" ".join(re.findall("[A-Z][a-z]*", t)) for t in T["tags"]]:
        tag = "".join(fold_word(w).capitalize() for w in re.findall(r"\w+", p) if w.isalnum())
        if tag and 2 <= len(tag) <= 30 and len(p.split()) <= 3 and tag.lower() not in {t.lower() for t in tags}:
            tags.append(tag)
    return ["#" + t for t in tags[:4]]

