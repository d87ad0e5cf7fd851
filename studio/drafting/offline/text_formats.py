"""Builders of the text formats: article, news brief, social post, Zalo message, newsletter, talking points."""

from __future__ import annotations

import re
from collections import Counter

from pydantic import BaseModel

from studio.drafting import formats as F
from studio.drafting.formats import word_count
from studio.drafting.models import DraftRequest
from studio.drafting.offline.sentences import (
    _LENGTH,
    _STOPWORDS,
    Ctx,
    Sentence,
    chunks,
    cite,
    need,
    paragraph,
    reading_order,
    short_first,
    take,
    title_case,
)
from studio.knowledge.lexicon import Lexicon
from studio.knowledge.textnorm import fold_word


def _article(ctx: Ctx, sents: list[Sentence]) -> BaseModel:
    req, T = ctx.req, ctx.T
    chosen = take(sents, (450, 600, 750)[_LENGTH[req.length]], 800 - word_count(T["closing"]))
    need(chosen, 2, "sentences")
    lead, rest = chosen[:min(2, len(chosen) - 1)], chosen[min(2, len(chosen) - 1):]
    groups = reading_order(rest)
    merged = len(groups) > 5
    if merged:
        groups = groups[:4] + [sorted((s for g in groups[4:] for s in g), key=lambda s: (s.idx, s.start))]
    sections = []
    for i, group in enumerate(groups):
        own = group[0].heading and group[0].lang == req.lang and not (merged and i == 4)
        heading = group[0].heading if own else T["key_points"] if i == 0 else T["more"]
        paragraphs = [paragraph(p) for p in chunks(group, -(-len(group) // 3))]  # up to 3 sentences each
        sections.append(F.ArticleSection(heading=heading, paragraphs=paragraphs))
    markers = sorted({s.marker for s in chosen}, key=lambda m: int(m[1:]))
    return F.Article(headline=title_case(req.topic), lead=paragraph(lead), sections=sections,
                     closing=cite(T["closing"], markers))


def _news_brief(ctx: Ctx, sents: list[Sentence]) -> BaseModel:
    req = ctx.req
    chosen = take(short_first(sents, 45), (130, 160, 190)[_LENGTH[req.length]], 200)
    need(chosen, 1, "sentences")
    lead, rest = chosen[:1], [s for g in reading_order(chosen[1:]) for s in g]
    more = [paragraph(p) for p in chunks(rest, -(-len(rest) // 3))] if rest else []
    return F.NewsBrief(headline=title_case(req.topic), paragraphs=[paragraph(lead), *more])


def _social_post(ctx: Ctx, sents: list[Sentence]) -> BaseModel:
    req, T, lexicon = ctx.req, ctx.T, ctx.lexicon
    cta = T["cta"][req.audience]
    chosen = take(short_first(sents, 40), (45, 70, 90)[_LENGTH[req.length]], 120 - word_count(cta))
    need(chosen, 1, "short sentences")
    return F.SocialPost(text=paragraph(chosen), call_to_action=cta, hashtags=_hashtags(req, chosen, T, lexicon))


def _zalo_message(ctx: Ctx, sents: list[Sentence]) -> BaseModel:
    req = ctx.req
    chosen = take(short_first(sents, 35), (35, 55, 70)[_LENGTH[req.length]], 80)
    need(chosen, 1, "short sentences")
    return F.ZaloMessage(text="\n".join(s.cited() for s in chosen))


def _newsletter(ctx: Ctx, sents: list[Sentence]) -> BaseModel:
    req, T = ctx.req, ctx.T
    chosen = take(short_first(sents, 45), (100, 180, 260)[_LENGTH[req.length]], 320)
    chosen = chosen if len(chosen) >= 2 else sents[:2]
    need(chosen, 2, "sentences")
    ordered = [s for g in reading_order(chosen) for s in g]
    n = 2 if req.length == "short" or len(ordered) < 6 else 3
    return F.Newsletter(title=T["newsletter_title"].format(topic=title_case(req.topic)),
                        paragraphs=[paragraph(p) for p in chunks(ordered, n)])


def _talking_points(ctx: Ctx, sents: list[Sentence]) -> BaseModel:
    req, T = ctx.req, ctx.T
    chosen = short_first(sents, 35)[:5 + _LENGTH[req.length]]
    need(chosen, 5, "sentences")
    return F.TalkingPoints(title=T["points_title"].format(topic=title_case(req.topic)), points=[s.cited() for s in chosen])


def _hashtags(req: DraftRequest, chosen: list[Sentence], T: dict, lexicon: Lexicon | None) -> list[str]:
    """Topic concepts (most frequent in the chosen text first) named in the request language, folded."""
    phrases: list[str] = []
    if lexicon is not None:
        found = list(dict.fromkeys(lexicon.concepts_in(req.topic)))
        text = " ".join(s.text for s in chosen)
        freq = Counter(lexicon.concepts_in(text))
        folded = " " + " ".join(fold_word(w) for w in re.findall(r"\w+", req.topic + " " + text)) + " "
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

