"""Indexes for the follow-up report: cases by municipality and period, placements by
case, referrals by when proposed and their steps, employer contacts with their kind and
employer, needs by when registered (docs/reports.md)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 18:10:00.000000
"""

from __future__ import annotations

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

CASES = "municipality_code, opened_on, closed_on, outcome, agent_id"
VACANCIES = "created_at, form_code, positions, employer_id, municipality_code, agent_id"


def upgrade() -> None:
    op.execute(f"CREATE INDEX ix_cases_report ON cases ({CASES})")
    op.execute("CREATE INDEX ix_placements_case_start ON placements (case_id, start_date)")
    op.execute(
        "CREATE INDEX ix_referrals_created ON referrals (created_at, status, agent_id, case_id)"
    )
    # Each wider index starts with the columns of the one it replaces.
    op.execute(
        "CREATE INDEX ix_referral_status_changes_steps "
        "ON referral_status_changes (referral_id, to_status)"
    )
    op.execute("DROP INDEX ix_referral_status_changes_referral_id")
    op.execute("DROP INDEX ix_employer_contacts_agent_date")
    op.execute(
        "CREATE INDEX ix_employer_contacts_agent_date "
        "ON employer_contacts (agent_id, contact_date, kind, employer_id)"
    )
    op.execute(f"CREATE INDEX ix_vacancies_created ON vacancies ({VACANCIES})")


def downgrade() -> None:
    op.execute("DROP INDEX ix_vacancies_created")
    op.execute("DROP INDEX ix_employer_contacts_agent_date")
    op.execute(
        "CREATE INDEX ix_employer_contacts_agent_date ON employer_contacts (agent_id, contact_date)"
    )
    op.execute(
        "CREATE INDEX ix_referral_status_changes_referral_id "
        "ON referral_status_changes (referral_id)"
    )
    op.execute("DROP INDEX ix_referral_status_changes_steps")
    op.execute("DROP INDEX ix_referrals_created")
    op.execute("DROP INDEX ix_placements_case_start")
    op.execute("DROP INDEX ix_cases_report")
