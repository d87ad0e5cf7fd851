"""`studio ingest`, `embed`, `docs …` and `doctor`: the knowledge base from the command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from studio.errors import StudioError


def _audit_operator_ingest(obj, results, before: dict[str, str]) -> None:
    """The operator's ingest is recorded in the audit trail like the library's changes (no account: the
    command line's). The database is opened only when something changed."""
    if not any(not r.error and r.status in ("added", "updated") for r in results):
        return
    from studio.workflow.db import open_database
    from studio.workflow.library import record_operator_ingest

    db = open_database(obj.settings)
    try:
        record_operator_ingest(db, obj.kb, results, before)
    finally:
        db.dispose()


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--tag", "tags", multiple=True, help="Tag every ingested document (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per file.")
@click.option("--wait/--no-wait", default=True, show_default=True,
              help="Wait for the semantic vectors (else `studio embed` or the app computes them later).")
@click.pass_obj
def ingest(obj, paths: tuple[Path, ...], tags: tuple[str, ...], as_json: bool, wait: bool) -> None:
    """Add files or folders (md, txt, pdf, docx, html, zip) to the knowledge base."""
    kb = obj.kb
    results = []
    show_bar = not as_json and sys.stderr.isatty()
    with click.progressbar(length=1, label="ingest", file=sys.stderr, show_pos=True,
                           hidden=not show_bar) as bar:
        def progress(event) -> None:
            bar.length = max(event.total, 1)
            bar.label = event.source[:40]
            if event.stage in {"done", "failed"}:
                bar.update(1)

        stopped = None  # the store itself failing: reported after the summary (exit 2)
        before = {d.doc_id: d.content_hash for d in kb.list_documents()}
        try:
            results = kb.ingest_paths(list(paths), tags=tags, progress=progress, vectors="later")
        except StudioError as err:
            stopped = err
    _audit_operator_ingest(obj, results, before)
    failed_vectors = None
    if stopped is not None:
        wait = False
    if wait:
        try:
            _embed_with_progress(obj, show_bar)
        except StudioError as err:
            failed_vectors = err
    counts = {s: sum(r.status == s for r in results) for s in ("added", "updated", "unchanged", "failed")}
    for r in results:
        if as_json:
            click.echo(json.dumps(r.to_dict(), ensure_ascii=False))
        elif r.error:
            click.echo(f"✗ {r.source}: {r.error}", err=True)
        else:
            click.echo(f"✓ {r.source} → {r.doc_id} [{r.lang}] {r.chunks} ({r.status})")
    if not as_json:
        click.echo(obj.text("ingested", chunks=sum(r.chunks for r in results if not r.error), **counts))
    if failed_vectors is not None:
        click.echo(failed_vectors.message(obj.lang), err=True)
    if stopped is not None:
        click.echo(stopped.message(obj.lang), err=True)
        sys.exit(2)
    if counts["failed"] or failed_vectors is not None:
        sys.exit(1)


def _embed_with_progress(obj, show_bar: bool):
    """Compute every pending vector with a progress bar on a terminal."""
    with click.progressbar(length=1, label=obj.text("vectors_label"), file=sys.stderr, show_pos=True,
                           hidden=not show_bar) as bar:
        def progress(event) -> None:
            bar.length = max(event.total, 1)
            bar.update(event.done - bar.pos)

        return obj.kb.embed_pending(progress)


@click.command()
@click.pass_obj
def embed(obj) -> None:
    """Compute the semantic vectors still missing (after `ingest --no-wait`, a stopped run or a new embedder)."""
    done = _embed_with_progress(obj, sys.stderr.isatty())
    click.echo(obj.text("vectors_done", done=done.done, total=done.total, embedder=obj.kb.embedder.id))


@click.group()
def docs() -> None:
    """List, show and remove documents in the knowledge base."""


@docs.command("list")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def docs_list(obj, as_json: bool) -> None:
    """List documents with language, chunk count and tags."""
    documents = obj.kb.list_documents()
    if as_json:
        click.echo(json.dumps([d.to_dict() for d in documents], ensure_ascii=False, indent=2))
        return
    if not documents:
        click.echo(obj.text("no_docs"))
    entries = _library(obj).entries()
    for d in documents:
        tags = f"  #{' #'.join(d.tags)}" if d.tags else ""
        e = entries.get(d.doc_id)
        who = f"  ({(e.updated_by or e.added_by or '—') if e else '—'}, {e.updated_at if e else d.ingested_at})"
        click.echo(f"{d.doc_id}  [{d.lang}] {d.chunks:>4}  {d.title}{tags}{who}")


@docs.command("show")
@click.argument("doc_id")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def docs_show(obj, doc_id: str, as_json: bool) -> None:
    """Print a document's properties and extracted text."""
    info, text = obj.kb.get_document(doc_id)
    if as_json:
        click.echo(json.dumps({**info.to_dict(), "text": text}, ensure_ascii=False, indent=2))
    else:
        click.echo(f"# {info.title}\n{info.source} · {info.lang} · {info.chunks}\n\n{text}")


@docs.command("remove")
@click.argument("doc_id")
@click.option("--as", "actor", default="admin", show_default=True, help="Acting user (librarian, admin, or "
              "the officer who added the document).")
@click.pass_obj
def docs_remove(obj, doc_id: str, actor: str) -> None:
    """Remove a document and all its passages (kept versions stay restorable; audited)."""
    n = _library(obj).remove(actor, doc_id)
    click.echo(obj.text("removed", doc_id=doc_id, chunks=n))


def _library(obj):
    from studio.cli_workflow import _db
    from studio.workflow.library import Library

    return Library(obj.kb, _db(obj), gate=obj.gate)


@click.command()
@click.option("--repair", is_flag=True, help="Delete what an interrupted ingest left (hidden from search already).")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def doctor(obj, repair: bool, as_json: bool) -> None:
    """Check the knowledge store against the database; exit 1 when the store is lost or damaged."""
    from studio.doctor import check_store
    from studio.workflow.db import open_database

    db = open_database(obj.settings)
    try:
        health = check_store(obj.kb, db, repair=repair)
    finally:
        db.dispose()
    lang = obj.lang
    if as_json:
        click.echo(json.dumps({"documents": health.documents, "passages": health.passages,
                               "vectors": health.vectors, "cited": health.cited,
                               "cited_missing": health.cited_missing,
                               "orphans": {"pending_documents": health.orphans.pending_documents,
                                           "stale_passages": health.orphans.stale_passages},
                               "repaired": repair,
                               "problems": [{"code": p.code, "message": p.message(lang)} for p in health.problems]},
                              ensure_ascii=False, indent=2))
    else:
        if repair:
            click.echo(StudioError("store_repaired", documents=len(health.orphans.pending_documents),
                                   passages=health.orphans.stale_passages).message(lang))
        for problem in health.problems:
            click.echo(problem.message(lang), err=True)
        if health.ok:
            click.echo(StudioError("store_healthy", documents=health.documents, passages=health.passages,
                                   vectors=health.vectors, cited=health.cited).message(lang))
    if any(p.code in {"store_lost", "store_citations_missing", "store_orphans"} for p in health.problems):
        sys.exit(1)


def register(cli: click.Group) -> None:
    """Add the knowledge base's commands to the `studio` group."""
    for command in (ingest, embed, docs, doctor):
        cli.add_command(command)
