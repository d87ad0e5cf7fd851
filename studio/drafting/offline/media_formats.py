"""Builders of the structured formats: quiz, infographic brief, video script."""

from __future__ import annotations

import math
import re

from pydantic import BaseModel

from studio.drafting import formats as F
from studio.drafting.formats import word_count
from studio.drafting.models import DraftRequest
from studio.drafting.offline.figures import (
    _TIME_KINDS,
    Figure,
    figure_key,
    format_figure,
    key_of,
    label_for,
    pick,
    variants,
)
from studio.drafting.offline.sentences import (
    _LENGTH,
    Ctx,
    Sentence,
    need,
    short_first,
    stable_hash,
    title_case,
)


def _quiz(ctx: Ctx, sents: list[Sentence]) -> BaseModel:
    req, T = ctx.req, ctx.T
    pool: dict[str, list[Figure]] = {}
    for s in sents:
        for f in s.figures:
            pool.setdefault(f.kind, []).append(f)
    asked: set = set()
    questions: list[F.QuizQuestion] = []
    for round_ in (0, 1):  # one question per sentence first, then a second figure of the same sentences
        for s in sents:
            figs = pick(s.figures)
            if len(questions) < req.questions and len(figs) > round_ and key_of(figs[round_]) not in asked:
                question = _question(req, s, figs[round_], pool.get(figs[round_].kind, []), T, len(questions))
                if question:
                    asked.add(key_of(figs[round_]))
                    questions.append(question)
    need(questions, 1, "figures, dates or document numbers")
    return F.Quiz(title=T["quiz_title"].format(topic=title_case(req.topic)), questions=questions)




def _question(req: DraftRequest, s: Sentence, fig: Figure, pool: list[Figure], T: dict,
              number: int) -> F.QuizQuestion | None:
    """The sentence with the figure blanked; the true value and three wrong ones in the request's style."""
    show = lambda value, scale=fig.scale, dec=fig.decimals: format_figure(fig.kind, value, req.lang, dec, scale)
    correct, truth = show(fig.value), key_of(fig)
    if fig.kind in ("count", "percent") and fig.value > 0:  # other values of the same size first
        ratio = lambda f: f.value * f.scale / (fig.value * fig.scale)
        pool = sorted((f for f in pool if 0.05 < ratio(f) < 20),
                      key=lambda f: (round(abs(math.log(ratio(f))), 3), stable_hash(req.topic, f.value)))
    else:  # a document number among those of the same series ("…-NQ/ĐU" with "…-NQ/ĐU")
        series = lambda f: re.sub(r"^\d+", "", str(f.value)) if f.kind == "doc" else ""
        pool = sorted((f for f in pool if series(f) == series(fig)), key=lambda f: stable_hash(req.topic, s.text, f.value))
    pooled = [show(f.value, f.scale, f.decimals) for f in pool if key_of(f) != truth]
    wrong: list[str] = []  # up to two values from the sources, then made-up ones
    for i, w in enumerate(pooled + [show(v) for v in variants(fig) if figure_key(fig.kind, v, fig.scale) != truth[1]]):
        if (i >= len(pooled) or len(wrong) < 2) and w.lower() not in {x.lower() for x in (correct, *wrong)}:
            wrong.append(w)
    if len(wrong) < 3:
        return None
    # the right answer's place: each of the four once in every four questions, in an order set by the topic
    pos = sorted(range(4), key=lambda j: stable_hash(req.topic, number // 4, j))[number % 4]
    blank = s.text[:fig.start] + "___" + s.text[fig.end:]
    options = [*wrong[:pos], correct, *wrong[pos:3]]
    return F.QuizQuestion(question=T["quiz_stem"].format(sentence=blank), options=options,
                          correct=pos, explanation=s.cited(), source=s.marker)



def _infographic_brief(ctx: Ctx, sents: list[Sentence]) -> BaseModel:
    req, T = ctx.req, ctx.T
    n = (3, 5, 6)[_LENGTH[req.length]]
    found: list[tuple[Sentence, Figure]] = []
    # a card reads in one language: sentences in the request language, others only to reach three cards
    own = [s for s in sents if s.lang == req.lang]
    for pool in (own, [s for s in sents if s.lang != req.lang]):
        if pool is not own and len([x for x in found if x[1].kind != "doc"]) >= 3:
            break
        for round_ in (0, 1, 2):  # the first figure of each sentence, then the second, the third
            for s in pool:
                figs = [f for f in s.figures if f.kind != "year" or len(s.figures) == 1]
                if len(figs) > round_ and all(key_of(g) != key_of(figs[round_]) for _, g in found):
                    found.append((s, figs[round_]))
    if len([x for x in found if x[1].kind != "doc"]) >= 3:  # "Nghị quyết 57" is a document number, not a figure
        found = [x for x in found if x[1].kind != "doc"]
    need(found, 3, "figures or dates")
    dates = [x for x in found if x[1].kind in _TIME_KINDS]
    timeline = len(dates) >= 3 and 2 * sum(x[1].kind in _TIME_KINDS for x in found[:n]) > min(n, len(found))
    if timeline:
        items = sorted(dates[:n], key=lambda x: x[1].value if isinstance(x[1].value, tuple) else (int(x[1].value),))
    else:
        # real quantities first, then dates and periods, document numbers only when nothing else is left
        rank = lambda x: 0 if x[1].kind not in _TIME_KINDS and x[1].kind != "doc" else 1 if x[1].kind != "doc" else 2
        items = sorted(found, key=rank)[:n]
    return F.InfographicBrief(
        title=T["timeline_title" if timeline else "figures_title"].format(topic=title_case(req.topic)),
        kind="timeline" if timeline else "key_figures",
        items=[F.InfographicItem(value=s.text[f.qstart:f.end], label=label_for(s.text, f)[0], source=s.marker)
               for s, f in items],
    )


def _video_script(ctx: Ctx, sents: list[Sentence]) -> BaseModel:
    req, T = ctx.req, ctx.T
    want, chosen, total = (4, 6, 8)[_LENGTH[req.length]], [], 0.0
    for s in short_first(sents, 30):
        if len(chosen) >= 10 or (len(chosen) >= want and total >= 15):
            break
        if total + _duration(s) <= 90:
            chosen.append(s)
            total += _duration(s)
    need(chosen, 4, "sentences")
    scenes = []
    for s in chosen:
        figs = pick(s.figures)
        if figs:  # the figure and a few words next to it
            (label, before), value = label_for(s.text, figs[0]), s.text[figs[0].qstart:figs[0].end]
            words = f"{label} {value}".split() if before else f"{value} {label}".split()
        else:  # a short sentence whole, else its first clause, else its first words
            words = s.text.rstrip(".!?…").split()
            cut = next((i + 1 for i, w in enumerate(words[:10]) if i >= 3 and w[-1] in ",;:"), None)
            if len(words) > 10:
                words = [*words[:cut - 1], words[cut - 1].rstrip(",;:")] if cut else [*words[:7], words[7] + "…"]
        while word_count(" ".join(words)) > 12:
            words.pop()
        scenes.append(F.Scene(on_screen_text=" ".join(words), narration=s.cited(), duration_s=_duration(s)))
    for scene in scenes if total < 15 else ():  # very short sentences: hold each scene a little longer
        scene.duration_s = min(12.0, math.ceil(scene.duration_s * 15 / total * 2) / 2)
    return F.VideoScript(title=T["video_title"].format(topic=title_case(req.topic)), scenes=scenes)


def _duration(s: Sentence) -> float:
    """About 2.5 words per second of narration, in half seconds, 3–12 s."""
    return min(12.0, max(3.0, math.ceil(s.words / 2.5 * 2) / 2))

