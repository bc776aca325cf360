import pytest

from tests.outcomes.factories import seed_000_narrative

SEED_000_TABLE = {
    "4.1": {
        "target": "10 member States",
        "label": "11 member States",
        "places": {
            "Africa": ["Ethiopia", "Lesotho", "Niger"],
            "Americas": ["Bolivia", "Colombia", "Dominican Republic", "Peru"],
            "Arab States": ["Lebanon"],
            "Asia and the Pacific": ["Myanmar"],
            "Europe and Central Asia": ["Czechia", "Slovakia"],
        },
    },
    "4.2": {
        "target": "12 member States",
        "label": "24 member States and 1 territory",
        "places": {
            "Africa": ["Cameroon", "Ethiopia", "Gambia", "Ghana", "Niger", "Rwanda", "Togo", "Zambia"],
            "Americas": ["Argentina", "Colombia", "Honduras", "Peru"],
            "Arab States": ["Iraq", "Jordan", "Occupied Palestinian Territory*", "Oman", "Saudi Arabia"],
            "Asia and the Pacific": [
                "Bangladesh",
                "Cambodia",
                "Indonesia",
                "Lao People's Democratic Republic",
                "Myanmar",
                "Thailand",
                "Viet Nam",
            ],
            "Europe and Central Asia": ["Kyrgyzstan"],
        },
    },
    "4.3": {
        "target": "8 member States",
        "label": "16 member States and 1 territory",
        "places": {
            "Africa": ["Ghana", "Namibia", "Rwanda"],
            "Americas": ["Argentina", "Honduras"],
            "Arab States": ["Jordan", "Kuwait", "Occupied Palestinian Territory*", "Oman"],
            "Asia and the Pacific": [
                "China",
                "Lao People's Democratic Republic",
                "Mongolia",
                "Myanmar",
                "Nepal",
                "Viet Nam",
            ],
            "Europe and Central Asia": ["Kazakhstan", "Tajikistan"],
        },
    },
}
"""Seed 000's indicator table as the report must print it: places in alphabetical order, territories marked."""

REGIONS = ["Africa", "Americas", "Arab States", "Asia and the Pacific", "Europe and Central Asia"]


@pytest.fixture
def seed_000_report(seed_000_imported):
    """Seed 000 imported: its indicator table and its narrative; returns the biennium 2014-15."""
    seed_000_narrative(seed_000_imported)
    return seed_000_imported


@pytest.fixture
def annex(monkeypatch):
    """Stand in for the evaluations' annex selector where the report content reads it.

    The stand-in returns the rows given to `annex.set(...)`.
    """

    class Annex:
        def __init__(self) -> None:
            self.rows: dict[str, list[dict]] = {}

        def set(self, rows_by_outcome_number: dict[str, list[dict]]) -> None:
            self.rows = rows_by_outcome_number

        def __call__(self, *, outcome_ids):
            from outcomes.models import Outcome

            numbers = dict(Outcome.objects.filter(pk__in=outcome_ids).values_list("pk", "number"))
            return {pk: list(self.rows.get(numbers[pk], [])) for pk in outcome_ids}

    fake = Annex()
    monkeypatch.setattr("reports.selectors.content.recommendation_annex", fake)
    return fake


def recommendation(**overrides) -> dict:
    row = {
        "evaluation_title": "Independent evaluation of the ILO's strategy to extend social security coverage",
        "evaluation_symbol": "GB.309/PFA/5/4",
        "evaluation_date": __import__("datetime").date(2010, 11, 1),
        "number": 1,
        "text": "Develop a coherent strategy for the extension of social security.",
        "stance": "accepted",
        "follow_up": "overdue",
        "actions_total": 3,
        "actions_completed": 1,
    }
    row.update(overrides)
    return row
