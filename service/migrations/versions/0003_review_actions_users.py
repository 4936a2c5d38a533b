"""reviewer accounts; review actions (原文如此, reject, skip, comment, undo) and their history;
source inconsistency in the queue; cell locations of a parse

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-05
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(64), nullable=False, unique=True),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_login_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("disabled_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_table(
        "review_events",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("document_id", sa.String(64), sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("parse_id", sa.Integer(), nullable=True),
        sa.Column("reviewer", sa.String(64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("status_before", sa.String(16), nullable=True),
        sa.Column("status_after", sa.String(16), nullable=True),
        sa.Column("correction_id", sa.Integer(), nullable=True),
        sa.Column("annotation", sa.String(255), nullable=True),
        sa.Column("undone_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_review_events_document_id", "review_events", ["document_id"])
    with op.batch_alter_table("sessions") as batch:
        batch.alter_column("token_id", existing_type=sa.Integer(), nullable=True)
        batch.add_column(sa.Column("user_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_sessions_user_id_users", "users", ["user_id"], ["id"], ondelete="CASCADE")
        batch.create_index("ix_sessions_user_id", ["user_id"])
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("source_inconsistent", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("rejected_reason", sa.String(32), nullable=True))
        batch.create_index("ix_documents_source_inconsistent", ["source_inconsistent"])
    with op.batch_alter_table("parses") as batch:
        batch.add_column(sa.Column("locations", sa.JSON(), nullable=True))
    with op.batch_alter_table("corrections") as batch:
        batch.add_column(sa.Column("kind", sa.String(16), nullable=False, server_default="correct"))
        batch.add_column(sa.Column("undone_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("corrections") as batch:
        batch.drop_column("undone_at")
        batch.drop_column("kind")
    with op.batch_alter_table("parses") as batch:
        batch.drop_column("locations")
    with op.batch_alter_table("documents") as batch:
        batch.drop_index("ix_documents_source_inconsistent")
        batch.drop_column("rejected_reason")
        batch.drop_column("source_inconsistent")
    op.execute("DELETE FROM sessions WHERE token_id IS NULL")  # account log-ins have no token to keep
    with op.batch_alter_table("sessions") as batch:
        batch.drop_index("ix_sessions_user_id")
        batch.drop_constraint("fk_sessions_user_id_users", type_="foreignkey")
        batch.drop_column("user_id")
        batch.alter_column("token_id", existing_type=sa.Integer(), nullable=False)
    op.drop_index("ix_review_events_document_id", "review_events")
    op.drop_table("review_events")
    op.drop_table("users")
