"""Health of the knowledge store against the database: `studio doctor`, `studio info` and the app.

The workflow database keeps the passages each version cites; the Chroma store keeps the passages.
When the store is deleted or emptied while items still cite passages, answers would come from
nothing: this module finds that (and the leftovers of a killed ingest) and says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from studio.errors import StudioError
from studio.knowledge.store import Orphans

QUICK_VERSIONS = 20  # the app's check reads the latest versions only: cheap on every page


@dataclass(frozen=True)
class StoreHealth:
    documents: int
    passages: int
    vectors: int
    cited: int  # distinct passages cited by the versions read
    cited_missing: int  # of those, not (or no longer) in the store
    orphans: Orphans
    problems: list[StudioError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def store_lost(self) -> bool:
        return any(p.code == "store_lost" for p in self.problems)


def cited_passage_ids(db, limit: int | None = None) -> set[str]:
    """Passage ids cited by the versions in the database (the latest `limit` versions when set)."""
    from sqlalchemy import select

    from studio.workflow.models import Version

    query = select(Version.citations).order_by(Version.id.desc())
    if limit is not None:
        query = query.limit(limit)
    with db.session() as session:
        rows = session.execute(query).scalars().all()
    return {str(c["passage_id"]) for row in rows for c in (row or []) if isinstance(c, dict) and c.get("passage_id")}


def check_store(kb, db=None, quick: bool = False, repair: bool = False) -> StoreHealth:
    """What is wrong with the store: lost (items cite passages, none of them is there), cited
    passages missing, leftovers of a killed ingest (`repair` deletes them), vectors pending."""
    store = kb.store
    orphans = store.repair(grace_s=0.0) if repair else \
        (Orphans([], 0, 0) if quick else store.find_orphans(grace_s=0.0))
    documents = len(store.list_documents())
    passages, vectors = store.count(), store.vector_count()
    cited = cited_passage_ids(db, QUICK_VERSIONS if quick else None) if db is not None else set()
    present = set(store.get_chunks(sorted(cited))) if cited else set()
    missing = len(cited - present)
    problems: list[StudioError] = []
    if cited and not present:
        problems.append(StudioError("store_lost", cited=len(cited), documents=documents, where=_where(kb.settings)))
    elif missing:
        problems.append(StudioError("store_citations_missing", missing=missing, cited=len(cited)))
    if orphans.any and not repair:
        problems.append(StudioError("store_orphans", documents=len(orphans.pending_documents),
                                    passages=orphans.stale_passages))
    if not quick and vectors < passages:
        problems.append(StudioError("vectors_pending", done=vectors, total=passages))
    return StoreHealth(documents, passages, vectors, len(cited), missing, orphans, problems)


def store_notice(kb, db) -> StudioError | None:
    """The one line the app shows when the store was lost (cheap: latest versions only)."""
    try:
        health = check_store(kb, db, quick=True)
    except Exception:  # a notice must never break the page that shows it
        return None
    return next((p for p in health.problems if p.code == "store_lost"), None)


def _where(settings) -> str:
    return settings.chroma_url or str(settings.chroma_dir)
