"""Matching reads from indexes alone: a job seeker's own matching columns, their jobs,
languages and education by person, open needs by occupation group, a need's
requirements (docs/decisions/0017)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 15:00:00.000000
"""

from __future__ import annotations

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

PERSONS_MATCH = (
    "current_case_status, id, sort_key, sfi_course, sas_level, swedish_cefr, "
    "municipality_code, earliest_start, work_extent"
)
VACANCIES_OLD = "status, occupation_code"
VACANCIES_NEW = (
    "status, occupation_code, apply_by, id, municipality_code, start_date, extent"
)


def upgrade() -> None:
    op.execute(f"CREATE INDEX ix_persons_match ON persons ({PERSONS_MATCH})")
    # Each wider index starts with the columns of the one it replaces.
    op.execute(
        "CREATE INDEX ix_work_experiences_person "
        "ON work_experiences (person_id, occupation_code, years, last_year)"
    )
    op.execute("DROP INDEX ix_work_experiences_person_id")
    op.execute(
        "CREATE INDEX ix_person_languages_person_level "
        "ON person_languages (person_id, language, level)"
    )
    op.execute("DROP INDEX ix_person_languages_person_id")
    op.execute(
        "CREATE INDEX ix_educations_person_level ON educations (person_id, completed, level)"
    )
    op.execute("DROP INDEX ix_educations_person_id")
    op.execute("DROP INDEX ix_vacancies_status_occupation")
    op.execute(f"CREATE INDEX ix_vacancies_status_occupation ON vacancies ({VACANCIES_NEW})")
    op.execute(
        "CREATE INDEX ix_vacancy_requirements_need "
        "ON vacancy_requirements (vacancy_id, importance, kind, code, level, years)"
    )
    op.execute("DROP INDEX ix_vacancy_requirements_vacancy_id")


def downgrade() -> None:
    op.execute(
        "CREATE INDEX ix_vacancy_requirements_vacancy_id ON vacancy_requirements (vacancy_id)"
    )
    op.execute("DROP INDEX ix_vacancy_requirements_need")
    op.execute("DROP INDEX ix_vacancies_status_occupation")
    op.execute(f"CREATE INDEX ix_vacancies_status_occupation ON vacancies ({VACANCIES_OLD})")
    op.execute("CREATE INDEX ix_educations_person_id ON educations (person_id)")
    op.execute("DROP INDEX ix_educations_person_level")
    op.execute("CREATE INDEX ix_person_languages_person_id ON person_languages (person_id)")
    op.execute("DROP INDEX ix_person_languages_person_level")
    op.execute("CREATE INDEX ix_work_experiences_person_id ON work_experiences (person_id)")
    op.execute("DROP INDEX ix_work_experiences_person")
    op.execute("DROP INDEX ix_persons_match")
