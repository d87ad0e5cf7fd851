"""What the studio is running on, for the home page and `studio info`."""

from __future__ import annotations


def studio_status(settings, kb, db=None) -> dict:
    """`db`: the workflow database, to check that the passages its items cite are in the store
    (opened here when not given)."""
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
        "store_health": store_health_line(settings, kb, db),
        "languages": ", ".join(sorted({d.lang for d in documents})) or "-",
        "composer": composer,
        "translation": "on" if kb.translator is not None else "off (no model endpoint)",
        "narration": narration_status(settings),
        "privacy": privacy_summary(settings),
    }


def store_health_line(settings, kb, db=None) -> str:
    """"ok", or the store's problems in the user's language (see `studio doctor`)."""
    from studio.doctor import check_store

    own = db is None
    try:
        if own:
            from studio.workflow.db import open_database

            db = open_database(settings)
        health = check_store(kb, db)
    except Exception as exc:  # info must print even when the database is unreachable
        return f"not checked ({type(exc).__name__}: {str(exc)[:120]})"
    finally:
        if own and db is not None:
            db.dispose()
    if health.ok:
        return "ok"
    return " | ".join(p.message(settings.lang) for p in health.problems)


def narration_status(settings) -> str:
    from studio.media.narration import pick_narrator

    choice = pick_narrator(settings)
    if choice.kind == "none":
        return "none (no speech endpoint, espeak-ng not installed): videos have captions only"
    return f"{choice.kind}: {choice.detail}"
