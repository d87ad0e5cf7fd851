"""Tables of the knowledge-base library (on the workflow `Base`): who added each document and when, its kept
versions (the original bytes live under `<data dir>/library/`), and what the ingest checks found in it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from studio.workflow.models import Base, utcnow


class LibraryDocument(Base):
    __tablename__ = "library_documents"
    doc_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    source: Mapped[str] = mapped_column(String(300))
    title: Mapped[str] = mapped_column(String(300))
    added_by: Mapped[str | None] = mapped_column(String(64))  # None: before the library kept records
    added_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by: Mapped[str | None] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    current_version: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64))
    marking: Mapped[str | None] = mapped_column(String(200))  # a confidentiality marking (quarantine policy)
    personal_data: Mapped[list]  # finding types of personal data found at ingest
    removed_at: Mapped[datetime | None]
    removed_by: Mapped[str | None] = mapped_column(String(64))


class LibraryVersion(Base):
    """One kept version of a document: the bytes as uploaded (or, for a document ingested before the library
    kept versions, its extracted text) and the hash of the extracted text."""

    __tablename__ = "library_versions"
    __table_args__ = (UniqueConstraint("doc_id", "number", name="uq_library_versions_doc_number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    doc_id: Mapped[str] = mapped_column(ForeignKey("library_documents.doc_id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(300))
    content_hash: Mapped[str] = mapped_column(String(64))
    file_sha256: Mapped[str] = mapped_column(String(64))
    blob: Mapped[str] = mapped_column(String(400))  # path under the library folder
    note: Mapped[str] = mapped_column(String(20))  # added | replaced | restored | snapshot
    created_by: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
