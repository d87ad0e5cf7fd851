"""Builders of the structured formats: quiz, infographic brief, video script."""

from __future__ import annotations

import math
import re

from pydantic import BaseModel

from studio.drafting import formats as F
from studio.drafting.formats import word_count
from studio.drafting.offline.distractors import Value, choose, harvest
from studio.drafting.offline.figures import _TIME_KINDS, Figure, key_of, pick
from studio.drafting.offline.phrases import label as card_label
from studio.drafting.offline.phrases import on_screen
from studio.drafting.offline.sentences import (
    _LENGTH,
    Ctx,
    Sentence,
    need,
    stable_hash,
    title_case,
    vary,
)
from studio.drafting.offline.templates import phrase


def _quiz(ctx: Ctx, sents: list[Sentence]) -> BaseModel:
    req, T = ctx.req, ctx.T
    kb = harvest([s.figures for s in sents], ctx.pool)
    sents = vary(sents, ctx.variant, req.topic)  # another draft asks about other sentences first
    # first figure of each sentence, then the second; sentences of readable length first
    askable = [[f for f in pick(s.figures) if _askable(s, f)] for s in sents]
    cands = [(s, figs[r]) for r in (0, 1) for s, figs in zip(sents, askable) if len(figs) > r]
    cands.sort(key=lambda c: c[0].words > 45)
    cands = _other_first(cands[:2 * req.questions], ctx.variant, req.questions) + cands[2 * req.questions:]
    asked: set = set()
    used: set[int] = set()  # one question per sentence: its explanation is that sentence, never quoted twice
    questions: list[F.QuizQuestion] = []
    for s, fig in cands:
        if len(questions) < req.questions and key_of(fig) not in asked and id(s) not in used:
            question = _question(ctx, s, fig, kb, len(questions))
            if question:
                asked.add(key_of(fig))
                used.add(id(s))
                questions.append(question)
    need(questions, 1, "figures, dates or document numbers")
    title = phrase(T, "quiz_title", ctx.variant).format(topic=title_case(req.topic))
    return F.Quiz(title=title, questions=questions)


def _short_first(sents: list[Sentence], max_words: int) -> list[Sentence]:
    return sorted(sents, key=lambda s: s.words > max_words)  # stable: rank kept within each group


def _askable(s: Sentence, fig: Figure) -> bool:
    """A blank with one reading: the value shows nowhere else in the sentence, and the stem says enough."""
    if len(s.figures) > 4:  # a list of figures, not a sentence about one thing
        return False
    blank = s.text[:fig.start] + " ___ " + s.text[fig.end:]
    if word_count(blank) < 7 or s.text[fig.start:fig.end] in blank:
        return False
    number = re.match(r"\d+", str(fig.value)).group() if fig.kind == "doc" else (
        str(int(fig.value)) if fig.kind == "year" else "")
    if number and re.search(rf"(?<![\d.,]){number}(?![\d]|[.,]\d)", blank):
        return False
    return all(key_of(g) != key_of(fig) for g in s.figures if g is not fig)


def _question(ctx: Ctx, s: Sentence, fig: Figure, kb: dict, number: int) -> F.QuizQuestion | None:
    """The sentence with the figure blanked; the true value and three wrong ones in the request's style."""
    req = ctx.req
    answer = Value(fig.kind, fig.value, fig.decimals, fig.scale)
    wrong = choose(answer, kb, req.lang, seed=f"{req.topic}\x00{s.text}", variant=ctx.variant,
                   visible=tuple(Value(g.kind, g.value, g.decimals, g.scale) for g in s.figures if g is not fig))
    if len(wrong) < 3:
        return None
    # the right answer's place: each of the four once in every four questions, in an order set by the topic
    pos = sorted(range(4), key=lambda j: stable_hash(req.topic, ctx.variant, number // 4, j))[number % 4]
    blank = s.text[:fig.start] + "___" + s.text[fig.end:]
    options = [*wrong[:pos], answer.show(req.lang), *wrong[pos:3]]
    return F.QuizQuestion(question=ctx.T["quiz_stem"].format(sentence=blank), options=options,
                          correct=pos, explanation=s.cited(), source=s.marker)


def _infographic_brief(ctx: Ctx, sents: list[Sentence]) -> BaseModel:
    req, T = ctx.req, ctx.T
    n = (3, 5, 6)[_LENGTH[req.length]]
    found: list[tuple[Sentence, Figure, str]] = []
    # a card reads in one language: sentences in the request language, others only to reach three cards
    sents = vary(sents, ctx.variant, req.topic)  # another draft shows other figures first
    own = [s for s in sents if s.lang == req.lang]
    for pool in (own, [s for s in sents if s.lang != req.lang]):
        if pool is not own and len([x for x in found if x[1].kind != "doc"]) >= 3:
            break
        for round_ in (0, 1, 2):  # the first figure of each sentence, then the second, the third
            for s in pool:
                figs = [f for f in s.figures if f.kind != "year" or len(s.figures) == 1]
                if len(figs) <= round_ or not _new_value(found, s, figs[round_]):
                    continue
                label = card_label(s.text, figs[round_], s.lang)  # no label that names it: another figure
                if label and all(label.lower() != x[2].lower() for x in found):
                    found.append((s, figs[round_], label))
    if len([x for x in found if x[1].kind != "doc"]) >= 3:  # "Nghị quyết 57" is a document number, not a figure
        found = [x for x in found if x[1].kind != "doc"]
    need(found, 3, "figures or dates")
    dates = [x for x in found if x[1].kind in _TIME_KINDS]
    timeline = len(dates) >= 3 and 2 * sum(x[1].kind in _TIME_KINDS for x in found[:n]) > min(n, len(found))
    if timeline:
        dates = _other_first(dates, ctx.variant, n)
        items = sorted(dates[:n], key=lambda x: x[1].value if isinstance(x[1].value, tuple) else (int(x[1].value),))
    else:
        # real quantities first, then dates and periods, document numbers only when nothing else is left
        rank = lambda x: 0 if x[1].kind not in _TIME_KINDS and x[1].kind != "doc" else 1 if x[1].kind != "doc" else 2
        groups = [[x for x in found if rank(x) == r] for r in (0, 1, 2)]
        full = next((i for i, g in enumerate(groups) if sum(map(len, groups[:i + 1])) >= n), 2)
        groups[full] = _other_first(groups[full], ctx.variant, n - sum(map(len, groups[:full])))
        items = [x for g in groups for x in g][:n]
    return F.InfographicBrief(
        title=phrase(T, "timeline_title" if timeline else "figures_title", ctx.variant).format(
            topic=title_case(req.topic)),
        kind="timeline" if timeline else "key_figures",
        items=[F.InfographicItem(value=s.text[f.qstart:f.end], label=label, source=s.marker) for s, f, label in items],
    )


def _other_first(items: list, variant: int, room: int) -> list:
    """Another draft ("Soạn lại") shows other items first when there are more than `room`; deterministic."""
    if not variant or len(items) <= room:
        return items
    k = variant * max(1, room // 2) % len(items)
    return items[k:] + items[:k]


def _new_value(found: list, s: Sentence, fig: Figure) -> bool:
    shown = s.text[fig.qstart:fig.end].lower()
    return all(key_of(g) != key_of(fig) and t.text[g.qstart:g.end].lower() != shown for t, g, _ in found)


def _video_script(ctx: Ctx, sents: list[Sentence]) -> BaseModel:
    req, T = ctx.req, ctx.T
    want, chosen, total = (4, 6, 8)[_LENGTH[req.length]], [], 0.0
    order = _short_first(vary(sents, ctx.variant, req.topic), 30)
    for s in _other_first(order[:2 * want], ctx.variant, want) + order[2 * want:]:
        if len(chosen) >= 10 or (len(chosen) >= want and total >= 15):
            break
        figs = pick(s.figures)
        line = on_screen(s.text, s.lang, (figs[0].qstart, figs[0].end) if figs else None)  # a whole phrase
        # a sentence with no whole phrase short enough for the screen is left out
        if line and total + _duration(s) <= 90 and all(line != seen for _, seen in chosen):
            chosen.append((s, line))
            total += _duration(s)
    need(chosen, 4, "sentences")
    scenes = [F.Scene(on_screen_text=line, narration=s.cited(), duration_s=_duration(s)) for s, line in chosen]
    for scene in scenes if total < 15 else ():  # very short sentences: hold each scene a little longer
        scene.duration_s = min(12.0, math.ceil(scene.duration_s * 15 / total * 2) / 2)
    title = phrase(T, "video_title", ctx.variant).format(topic=title_case(req.topic))
    return F.VideoScript(title=title, scenes=scenes)


def _duration(s: Sentence) -> float:
    """About 2.5 words per second of narration, in half seconds, 3–12 s."""
    return min(12.0, max(3.0, math.ceil(s.words / 2.5 * 2) / 2))

