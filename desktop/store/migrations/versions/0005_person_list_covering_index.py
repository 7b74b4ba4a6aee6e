"""Person list: a covering index for the list in name order, and the birth-date order
indexed whole

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 23:10:00.000000
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# Everything a list row shows, so a page is read from the index alone: a hundred rows
# come from a few adjacent index pages instead of a hundred scattered table pages, each
# of which SQLCipher must decrypt (docs/decisions/0014).
LIST_COLUMNS = (
    "sort_key, id, last_name, first_name, birth_date, municipality_code, "
    "current_case_status, current_agent_id"
)


def upgrade() -> None:
    op.execute(f"CREATE INDEX ix_persons_list ON persons ({LIST_COLUMNS})")
    # Its first two columns are the old sort index's: that one only costs writes now.
    op.execute("DROP INDEX ix_persons_sort")
    op.execute("DROP INDEX ix_persons_birth_date")
    op.execute("CREATE INDEX ix_persons_birth_date ON persons (birth_date, sort_key, id)")


def downgrade() -> None:
    op.execute("DROP INDEX ix_persons_birth_date")
    op.execute("CREATE INDEX ix_persons_birth_date ON persons (birth_date, id)")
    op.execute("CREATE INDEX ix_persons_sort ON persons (sort_key, id)")
    op.execute("DROP INDEX ix_persons_list")
