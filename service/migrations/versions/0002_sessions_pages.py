"""review page sessions; page offsets of PDF sources

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sessions",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("token_id", sa.Integer(), sa.ForeignKey("api_tokens.id", ondelete="CASCADE"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_sessions_token_id", "sessions", ["token_id"])
    op.create_index("ix_sessions_expires_at", "sessions", ["expires_at"])
    with op.batch_alter_table("parses") as batch:
        batch.add_column(sa.Column("pages", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("parses") as batch:
        batch.drop_column("pages")
    op.drop_index("ix_sessions_expires_at", "sessions")
    op.drop_index("ix_sessions_token_id", "sessions")
    op.drop_table("sessions")
