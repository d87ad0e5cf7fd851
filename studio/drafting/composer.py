"""The offline composer: every format drafted from the source passages when no AI model is set.

Extractive and deterministic (no randomness; variety comes from a hash of the inputs). Body sentences
are copied from the passages (a leading bullet or list number trimmed) and cited with their passage's
marker just before the final punctuation, as the prompts ask of the model ("… 12.300 đảng viên [S3]."),
so `strip_markers` gives the source sentence back. The only other words are the fixed phrases of
`TEMPLATES` (headings, calls to action, hashtags, quiz stems, titles, one closing line), none of which
states a figure, a date or a name; section headings are the sources' own. Nothing is translated: a
passage in another language is quoted as written, but passages in the request language rank first.
Sentences rank by term overlap with the topic, each term weighted by its rarity (as answer.py).
"""

from __future__ import annotations

from pydantic import BaseModel

from studio.drafting.models import DraftRequest, SourceRef
from studio.drafting.offline import media_formats as M
from studio.drafting.offline import text_formats as X
from studio.drafting.offline.sentences import Ctx, rank, split_sentences
from studio.drafting.offline.templates import TEMPLATES
from studio.errors import StudioError
from studio.knowledge.lexicon import Lexicon


def compose_offline(request: DraftRequest, sources: list[SourceRef], lexicon: Lexicon | None = None, *,
                    style=None, variant: int = 0, pool: list[SourceRef] | None = None) -> BaseModel:
    """Draft `request.format` from `sources` (markers S1… in the order given), without a model."""
    if not sources:
        raise StudioError("bad_request", detail="no source passage found for this topic")
    sents = rank(request, split_sentences(sources), lexicon)
    if not sents:
        raise StudioError("bad_request", detail="the source passages hold no quotable sentence")
    ctx = Ctx(request, TEMPLATES[request.lang], lexicon, style, variant, list(pool or ()))
    return BUILDERS[request.format.value](ctx, sents)


BUILDERS = {
    "article": X._article, "news_brief": X._news_brief, "social_post": X._social_post,
    "zalo_message": X._zalo_message, "newsletter": X._newsletter, "talking_points": X._talking_points,
    "quiz": M._quiz, "video_script": M._video_script, "infographic_brief": M._infographic_brief,
}
