"""What the studio is running on, for the home page and `studio info`."""

from __future__ import annotations


def studio_status(settings, kb) -> dict:
    from studio.outbound import privacy_summary

    documents = kb.list_documents()
    if settings.llm_base_url:
        composer = f"{settings.llm_model} @ {settings.llm_base_url}"
    else:
        composer = "offline (no model endpoint configured: extractive, cited answers)"
    return {
        "data_dir": str(settings.data_dir),
        "store": settings.chroma_url or f"embedded Chroma at {settings.chroma_dir}",
        "embedder": kb.embedder.id + (f" ({kb.embedder.notice.message(settings.lang)})" if kb.embedder.notice else ""),
        "documents": len(documents),
        "chunks": kb.store.count(),
        "vectors": "{0.done}/{0.total}".format(kb.vector_status()),
        "languages": ", ".join(sorted({d.lang for d in documents})) or "-",
        "composer": composer,
        "translation": "on" if kb.translator is not None else "off (no model endpoint)",
        "narration": narration_status(settings),
        "privacy": privacy_summary(settings),
    }


def narration_status(settings) -> str:
    from studio.media.narration import pick_narrator

    choice = pick_narrator(settings)
    if choice.kind == "none":
        return "none (no speech endpoint, espeak-ng not installed): videos have captions only"
    return f"{choice.kind}: {choice.detail}"
