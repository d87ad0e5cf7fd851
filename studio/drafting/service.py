"""Drafting as one function: retrieve → number the sources → model or offline composer → check.

`draft()` never fails because a model is missing or down: it falls back to the offline composer
and says so in `Draft.notices`. Bad requests (no source for the topic) are StudioErrors.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timezone

from studio.drafting.composer import compose_offline
from studio.drafting.formats import FORMAT_MODELS, used_markers
from studio.drafting.grounding import check_draft
from studio.drafting.llm import ChatModel, budget_sources
from studio.drafting.models import Draft, DraftRequest, SourceRef
from studio.drafting.offline.sentences import further_reading
from studio.drafting.prompts import PromptRegistry
from studio.drafting.registry import spec_of
from studio.errors import StudioError

CONFIDENTIAL_TAG = "confidential"  # set by the library on a document kept under a confidentiality marking
OFFLINE_COMPOSER = "offline-composer"
OFFLINE_VERSION = 2  # 2: one language, genre parts, variants, house style (issue 16)
POOL_SIZE = 40  # passages whose figures a quiz may draw its wrong options from
REPEATED = {"vi": "câu lặp lại: “{sentence}”", "en": "sentence repeated: “{sentence}”"}
VARIANT_NOTE = {
    "vi": "Đây là phương án {n} của cùng yêu cầu: viết khác các phương án trước (cách mở đầu, thứ tự ý, đoạn nguồn "
          "được chọn), vẫn giữ đúng mọi quy tắc trên.",
    "en": "This is variant {n} of the same request: write it differently from earlier variants (opening, order of "
          "points, passages chosen) while keeping every rule above.",
}
AUDIENCE_NAMES = {
    "vi": {"members": "đoàn viên công đoàn", "young_employees": "đoàn viên, người lao động trẻ",
           "leaders": "cán bộ lãnh đạo công đoàn"},
    "en": {"members": "union members", "young_employees": "young employees", "leaders": "union leaders"},
}
TONE_NAMES = {"vi": {"formal": "trang trọng", "warm": "gần gũi, ấm áp"}, "en": {"formal": "formal", "warm": "warm"}}
LENGTH_NAMES = {"vi": {"short": "ngắn", "standard": "vừa phải", "long": "dài"},
                "en": {"short": "short", "standard": "standard", "long": "long"}}
LANG_NAMES = {"vi": "tiếng Việt", "en": "English"}


def sources_from_passages(passages) -> list[SourceRef]:
    return [
        SourceRef(marker=f"S{n}", passage_id=p.id, doc_id=p.doc_id, title=p.title, section=p.section,
                  page=p.page, start=p.start, end=p.end, lang=p.lang, text=p.text)
        for n, p in enumerate(passages, start=1)
    ]


def format_sources(sources: list[SourceRef]) -> str:
    blocks = []
    for s in sources:
        where = " › ".join(x for x in (s.title, s.section) if x)
        blocks.append(f"[{s.marker}] {where} ({s.lang})\n{s.text}")
    return "\n\n".join(blocks)


def render_prompt(template, request: DraftRequest, sources: list[SourceRef]) -> str:
    lang = request.lang
    schema = json.dumps(FORMAT_MODELS[request.format.value].model_json_schema(), ensure_ascii=False)
    values = {
        "topic": request.topic, "audience": AUDIENCE_NAMES[lang][request.audience],
        "tone": TONE_NAMES[lang][request.tone], "length": LENGTH_NAMES[lang][request.length],
        "sources": format_sources(sources), "schema": schema, "n_questions": str(request.questions),
        "lang_name": LANG_NAMES[lang],
    }
    return template.render(**{k: v for k, v in values.items() if k in template.variables})


def draft(kb, request: DraftRequest, registry: PromptRegistry, model: ChatModel | None = None,
          on_token: Callable[[str], None] | None = None, message_lang: str | None = None,
          gate=None, style=None) -> Draft:
    """Retrieve sources for the topic and write the draft; see the module docstring.

    No sources, no draft: when the knowledge base does not cover the topic (`studio.drafting.relevance`),
    a `StudioError("draft_no_sources")` says so with what to add, whichever composer would have written.
    `style` (a `studio.style.StyleGuide`, the site's house style) goes into the model's prompt and the
    offline composer's greetings; the draft is checked against it (`Draft.style`). With a safety `gate`,
    the draft's content is checked (`Draft.safety`), a sentence in another language included. Privacy is
    the model's door's job (`studio.outbound`): in privacy mode the personal data of the prompt is masked
    before it reaches an external model and restored in the answer; placeholders the model garbled beyond
    restoring are named in `Draft.notices`.
    """
    from studio.drafting.relevance import assess, suggestion

    message_lang = message_lang or request.lang
    spec = spec_of(request.format.value)
    passages = kb.search(request.topic, k=max(request.k, spec.passages), lang=request.source_lang)
    fit = assess(kb, request.topic, passages, message_lang)
    if not fit.ok:
        raise StudioError("draft_no_sources", topic=_short(request.topic),
                          suggestion={lang: suggestion(fit, lang) for lang in ("vi", "en")})
    sources = mark_confidential(kb, sources_from_passages(passages))
    notices: list[str] = []
    accented = kb.restore_diacritics(request.topic) if request.lang == "vi" else None
    if accented and accented != request.topic:  # a headline and titles must carry Vietnamese diacritics
        notices.append(StudioError("topic_accented", typed=request.topic, accented=accented).message(message_lang))
        request = request.model_copy(update={"topic": accented})
    content, further = None, []
    template = registry.get(spec.name, request.lang)
    prompt_id, prompt_version, model_name, composer = template.id, template.version, None, "model"
    exchange = None
    if model is not None:
        used = sources[: budget_sources([s.text for s in sources])]
        exchange = model.exchange(request.lang)
        try:
            prompt = render_prompt(template, request, used) + _prompt_extras(request, style)
            content = model.generate_structured(prompt, spec.model, spec.name, on_token=on_token, exchange=exchange)
            sources, model_name = used, model.name
            notices += [n.message(message_lang) for n in exchange.notices()]
        except StudioError as err:
            notices.append(err.message(message_lang))
    if content is None:
        pool = sources_from_passages(kb.search(request.topic, k=POOL_SIZE)) if spec.name == "quiz" else []
        content = compose_offline(request, sources, kb.lexicon, style=style, variant=request.variant, pool=pool)
        further = further_reading(request, sources, lexicon=kb.lexicon)
        composer, model_name = "offline", OFFLINE_COMPOSER
        prompt_id, prompt_version = f"{OFFLINE_COMPOSER}.{spec.name}.{request.lang}", OFFLINE_VERSION
    else:
        cited = used_markers(content.model_dump(mode="json"))
        for source in sources:  # the model wrote these in the request language from another one
            source.translated = source.marker in cited and source.lang != request.lang
    # numbers are read language-neutrally: a draft may quote sources written in another language
    grounding = check_draft(content, {s.marker: s.text for s in sources}, None, lexicon=kb.lexicon)
    result = Draft(
        request=request, content=content.model_dump(mode="json"), citations=sources, composer=composer,
        model=model_name, prompt_id=prompt_id, prompt_version=prompt_version,
        created_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        grounding=grounding, limits=content.limits(), notices=notices,
        privacy_masked=exchange.masked if exchange is not None else 0, variant=request.variant,
        further_reading=further, relevance=fit.to_dict(),
    )
    from studio.drafting.quality import repeated_sentences
    from studio.drafting.render import content_text

    repeated = REPEATED.get(message_lang, REPEATED["en"])
    result.limits += [repeated.format(sentence=s[:80]) for s in repeated_sentences(content_text(result))]
    if style is not None:
        from studio.style.check import check_content

        result.style = [f.to_dict() for f in check_content(spec.name, result.content, request.lang, style)]
    if gate is not None:
        result.safety = gate.check(content_text(result), request.lang, claims=grounding, drafted=True).to_dict()
        marked = [f.to_dict() for f in gate.marked_sources([c.model_dump() for c in result.citations], message_lang)]
        if marked:
            result.safety["findings"] = marked + result.safety["findings"]
            result.safety["verdict"] = "block"
    return result


def _short(topic: str, limit: int = 80) -> str:
    return topic if len(topic) <= limit else topic[:limit].rsplit(" ", 1)[0] + "…"


def _prompt_extras(request: DraftRequest, style) -> str:
    """What the prompt file does not say: the site's house style, and for a later variant, to differ."""
    parts = []
    if style is not None:
        from studio.style.prompt import prompt_block

        parts.append(prompt_block(style, request.lang, request.audience))
    if request.variant:
        parts.append(VARIANT_NOTE[request.lang].format(n=request.variant + 1))
    return "".join(f"\n\n{p.strip()}" for p in parts if p and p.strip())


def mark_confidential(kb, sources: list[SourceRef]) -> list[SourceRef]:
    """Sources whose document the library keeps under a confidentiality marking carry it (`SourceRef.marking`),
    into the draft, the item's citations and every later safety check."""
    tagged = {d.doc_id for d in kb.list_documents() if CONFIDENTIAL_TAG in d.tags}
    for source in sources:
        if source.doc_id in tagged:
            source.marking = CONFIDENTIAL_TAG
    return sources
