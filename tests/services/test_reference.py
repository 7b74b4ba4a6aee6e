from __future__ import annotations

from desktop.services.reference import ReferenceService, countries, language_name, languages
from desktop.store.database import Database


def test_countries_and_languages_have_swedish_names_in_swedish_order() -> None:
    names = {c.code: c.name for c in countries()}
    assert names["SY"] == "Syrien"
    assert names["ER"] == "Eritrea"
    assert names["SE"] == "Sverige"
    ordered = [c.name for c in countries()]
    assert ordered.index("Zimbabwe") < ordered.index("Åland") < ordered.index("Österrike")
    assert language_name("ti") == "Tigrinja"
    assert language_name("so") == "Somaliska"
    assert language_name("ar") == "Arabiska"
    assert any(c.code == "fa-AF" and c.name == "Dari" for c in languages())


def test_occupations_are_found_by_name_or_code(db: Database) -> None:
    reference = ReferenceService(db)
    by_name = reference.search_occupations("undersköt")
    assert {o.code for o in by_name} == {"5321", "5322", "5323", "5324"}
    assert [o.code for o in reference.search_occupations("underskot specialavd")] == ["5323"]
    assert [o.code for o in reference.search_occupations("5321")] == ["5321"]
    assert reference.search_occupations("stadare") == reference.search_occupations("städare")
    nurse = reference.occupation("5321")
    assert nurse is not None
    assert nurse.parents == (
        "Service-, omsorgs- och försäljningsyrken", "Omsorgsyrken", "Undersköterskor",
    )  # fmt: skip
    assert nurse.label == "5321 Undersköterskor, hemtjänst, hemsjukvård och äldreboende"


def test_municipalities_and_levels(db: Database) -> None:
    reference = ReferenceService(db)
    assert [c.name for c in reference.municipalities(active_only=True)] == [
        "Botkyrka", "Huddinge", "Salem", "Södertälje", "Tyresö",
    ]  # fmt: skip
    assert [c.code for c in reference.language_levels("cefr")] == [
        "A1",
        "A2",
        "B1",
        "B2",
        "C1",
        "C2",
    ]
    # SFI D aims at B1 and SAS 3 at C1 (docs/matching.md).
    assert reference.level_rank("SFI_D") == reference.level_rank("B1")
    assert reference.level_rank("SAS_3") == reference.level_rank("C1")
    assert reference.education_levels()[3].code == "3"
    assert reference.labour_market_forms()[0].code == "anstallning"
