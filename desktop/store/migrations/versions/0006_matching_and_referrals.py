"""Matching and referrals: how recent a job was, the match kept on a referral, why a
referral was declined, placements found by their referral, and SFI/SAS placed on the
CEFR axis as docs/matching.md states it

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 14:30:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# Ranks on the common axis (CEFR x 10). Skolverket's course plans aim SFI D at B1 and
# the three SAS courses at B2, B2+ and C1; the earlier ranks put them half a step lower.
NEW_RANKS = {
    "SFI_A": 5, "SFI_B": 10, "SFI_C": 20, "SFI_D": 30,
    "SAS_GRUND": 35, "SAS_1": 40, "SAS_2": 45, "SAS_3": 50,
}  # fmt: skip
OLD_RANKS = {
    "SFI_A": 5, "SFI_B": 10, "SFI_C": 20, "SFI_D": 25,
    "SAS_GRUND": 30, "SAS_1": 35, "SAS_2": 40, "SAS_3": 45,
}  # fmt: skip


def _ranks(ranks: dict[str, int]) -> None:
    levels = sa.table("language_levels", sa.column("code"), sa.column("rank"))
    for code, rank in ranks.items():
        op.execute(levels.update().where(levels.c.code == code).values(rank=rank))


def upgrade() -> None:
    with op.batch_alter_table("work_experiences") as batch:
        batch.add_column(sa.Column("last_year", sa.Integer(), nullable=True))
    with op.batch_alter_table("referrals") as batch:
        batch.add_column(sa.Column("match_score", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("match_reasons", sa.Text(), nullable=True))
    with op.batch_alter_table("referral_status_changes") as batch:
        batch.add_column(sa.Column("declined_by", sa.String(length=20), nullable=True))
        batch.add_column(sa.Column("reason", sa.String(length=40), nullable=True))
        batch.create_check_constraint(
            "declined_by",
            "declined_by IS NULL OR declined_by IN ('arbetsgivare', 'arbetssokande')",
        )
    op.create_index("ix_placements_referral", "placements", ["referral_id"])
    _ranks(NEW_RANKS)


def downgrade() -> None:
    _ranks(OLD_RANKS)
    op.drop_index("ix_placements_referral", table_name="placements")
    with op.batch_alter_table("referral_status_changes") as batch:
        batch.drop_constraint(op.f("ck_referral_status_changes_declined_by"), type_="check")
        batch.drop_column("reason")
        batch.drop_column("declined_by")
    with op.batch_alter_table("referrals") as batch:
        batch.drop_column("match_reasons")
        batch.drop_column("match_score")
    with op.batch_alter_table("work_experiences") as batch:
        batch.drop_column("last_year")
