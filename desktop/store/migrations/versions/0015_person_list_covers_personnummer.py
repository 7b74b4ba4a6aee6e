"""Person list: the covering index holds the personnummer too

The list gained a Personnummer column after 0005 made its index cover the list, so every
row was looked up in the table again: a page of a hundred rows read a hundred scattered
table pages, and a list scrolled to its end decrypted the whole table into the page
cache (tens of MB; issue 18). The index now holds every column the list shows.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 07:20:00.000000
"""

from __future__ import annotations

from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

# Copied, not imported, from desktop/models/person.py (a migration must not change when
# other code does).
BEFORE = (
    "sort_key, id, last_name, first_name, birth_date, municipality_code, "
    "current_case_status, current_agent_id"
)
AFTER = BEFORE + ", personal_number"


def upgrade() -> None:
    op.execute("DROP INDEX ix_persons_list")
    op.execute(f"CREATE INDEX ix_persons_list ON persons ({AFTER})")


def downgrade() -> None:
    op.execute("DROP INDEX ix_persons_list")
    op.execute(f"CREATE INDEX ix_persons_list ON persons ({BEFORE})")
