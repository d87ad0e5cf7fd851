"""The offline composer: every format drafted from the source passages when no AI model is set.

Extractive and deterministic (no randomness; variety comes from a hash of the inputs and the variant).
Body sentences are copied from the passages (a leading bullet or list number trimmed) and cited with their
passage's marker just before the final punctuation, as the prompts ask of the model ("… 12.300 đảng viên
[S3]."), so `strip_markers` gives the source sentence back. The only other words are the fixed phrases of
`TEMPLATES` (greetings, calls to action, hashtags, quiz stems, titles, one closing line; three wordings
each, picked by the variant) and the house style's greetings and sign-offs, none of which states a figure,
a date or a name; section headings are the sources' own. One language: only sentences detected in the
request language are quoted (`studio.drafting.language`); passages in another language are listed as
further reading, never pasted (the offline composer does not translate). Text addressed to writers
(notes, instructions, examples of wrong forms) is never quoted. Sentences rank by term overlap with the
topic, each term weighted by its rarity (as answer.py); near-duplicates of a better sentence are dropped.
"""

from __future__ import annotations

from pydantic import BaseModel

from studio.drafting.models import DraftRequest, SourceRef
from studio.drafting.offline.sentences import (
    Ctx,
    further_reading,
    rank,
    split_sentences,
)
from studio.drafting.offline.templates import TEMPLATES
from studio.drafting.registry import spec_of
from studio.errors import StudioError
from studio.knowledge.lexicon import Lexicon


def compose_offline(request: DraftRequest, sources: list[SourceRef], lexicon: Lexicon | None = None, *,
                    style=None, variant: int = 0, pool: list[SourceRef] | None = None) -> BaseModel:
    """Draft `request.format` from `sources` (markers S1… in the order given), without a model."""
    if not sources:
        raise StudioError("bad_request", detail="no source passage found for this topic")
    every = split_sentences(sources)
    sents = rank(request, every, lexicon)
    if not sents:
        elsewhere = further_reading(request, sources, every, lexicon)
        if elsewhere:  # only other languages: say which documents, and how to use them
            titles = "; ".join(dict.fromkeys(s.title for s in elsewhere[:3]))
            raise StudioError("draft_no_language_sources", titles=titles)
        raise StudioError("draft_too_little", n=0, need=1, what={"vi": "câu nội dung", "en": "sentences"})
    ctx = Ctx(request, TEMPLATES[request.lang], lexicon, style, variant, list(pool or ()))
    return spec_of(request.format.value).build(ctx, sents)
