"""The Organization's strategic frameworks and their biennia, loaded by a data migration."""

# name, first year, last year; biennia start every other year from the first year.
FRAMEWORKS = [
    ("Strategic Policy Framework 2006-09", 2006, 2009),
    ("Strategic Policy Framework 2010-15", 2010, 2015),
    ("Transitional Strategic Plan 2016-17", 2016, 2017),
    ("Strategic Plan 2018-21", 2018, 2021),
    ("Strategic Plan 2022-25", 2022, 2025),
    ("Strategic Plan 2026-29", 2026, 2029),
]


def load_frameworks(framework_model, biennium_model) -> None:
    for name, start_year, end_year in FRAMEWORKS:
        framework, _ = framework_model.objects.update_or_create(
            name=name, defaults={"start_year": start_year, "end_year": end_year}
        )
        for year in range(start_year, end_year, 2):
            biennium_model.objects.update_or_create(
                start_year=year, defaults={"end_year": year + 1, "framework": framework}
            )
