"""Knowledge-base library: the `librarian` role, documents with who added them, kept versions.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

# as in 0002: the models live in their own module on the workflow `Base`
import studio.workflow.library_models  # noqa: F401,E402

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _ts(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    roles = sa.table("roles", sa.column("name", sa.String))
    op.bulk_insert(roles, [{"name": "librarian"}])
    op.create_table(
        "library_documents",
        sa.Column("doc_id", sa.String(200), primary_key=True),
        sa.Column("source", sa.String(300), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("added_by", sa.String(64), nullable=True),
        _ts("added_at"),
        sa.Column("updated_by", sa.String(64), nullable=True),
        _ts("updated_at"),
        sa.Column("current_version", sa.Integer, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("marking", sa.String(200), nullable=True),
        sa.Column("personal_data", sa.JSON, nullable=False),
        _ts("removed_at", True),
        sa.Column("removed_by", sa.String(64), nullable=True),
    )
    op.create_table(
        "library_versions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("doc_id", sa.String(200), sa.ForeignKey("library_documents.doc_id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("source", sa.String(300), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("file_sha256", sa.String(64), nullable=False),
        sa.Column("blob", sa.String(400), nullable=False),
        sa.Column("note", sa.String(20), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=True),
        _ts("created_at"),
        sa.UniqueConstraint("doc_id", "number", name="uq_library_versions_doc_number"),
    )
    op.create_index("ix_library_versions_doc_id", "library_versions", ["doc_id"])


def downgrade() -> None:
    op.drop_table("library_versions")
    op.drop_table("library_documents")
    op.execute("DELETE FROM user_roles WHERE role = 'librarian'")
    op.execute("DELETE FROM roles WHERE name = 'librarian'")
