from django.urls import reverse

from tests.html import html_element


def cell_text(page, row_id: str, region: str) -> str:
    """The places a region's cell of an indicator row lists, as printed (territories' asterisks left out)."""
    (cell,) = html_element(page, row_id).xpath("./td[@data-region=$region]", region=region)
    return " ".join(place.text for place in cell.iter("li"))


def test_home_page_shows_the_seed_000_indicator_table(seed_000_imported, client, django_assert_num_queries):
    # The regions, biennia, indicators and counts, the places, and one aggregate of the places listed.
    with django_assert_num_queries(10):
        response = client.get(reverse("home"), {"biennium": "2014-15"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Outcome 4: More people have access to better managed" in html
    assert cell_text(response, "indicator-4.2", "Arab States") == (
        "Iraq Jordan Occupied Palestinian Territory Oman Saudi Arabia"
    )
    assert cell_text(response, "indicator-4.1", "Europe and Central Asia") == "Czechia Slovakia"
    assert html.count("24 member States and 1 territory") == 1
    assert html.count('class="badge badge-met"') == 3


def test_home_page_defaults_to_the_latest_biennium_with_targets(seed_000_imported, client):
    response = client.get(reverse("home"))

    assert response.context["biennium"].label == "2014-15"


def test_home_page_explains_an_unknown_biennium(db, client):
    response = client.get(reverse("home"), {"biennium": "1999-2000"})

    assert response.status_code == 400
    assert "There is no biennium 1999-2000." in response.content.decode()


def test_home_page_lists_one_place_per_item_sorted_by_the_name_shown(seed_000_imported, client):
    response = client.get(reverse("home"), {"biennium": "2014-15"})

    (cell,) = html_element(response, "indicator-4.1").xpath("./td[@data-region='Americas']")
    assert [item.text for item in cell.iter("li")] == ["Bolivia", "Colombia", "Dominican Republic", "Peru"]
    (cell,) = html_element(response, "indicator-4.2").xpath("./td[@data-region='Asia and the Pacific']")
    assert len(list(cell.iter("li"))) == 7
    assert "Lao People's Democratic Republic" in [item.text for item in cell.iter("li")]


def test_home_page_keeps_the_discrepancy_note_out_of_the_table(seed_000_imported, client):
    from indicators.counts_cache import counts_cache_invalidate
    from indicators.models import PublishedFigure

    PublishedFigure.objects.filter(indicator__code="4.2").update(value=24, member_states=23, territories=1)
    counts_cache_invalidate()
    response = client.get(reverse("home"), {"biennium": "2014-15"})

    note = "The published figure counts 23 member States; validated results give 24."
    assert note not in html_element(response, "indicator-4.2").text_content()
    assert f"Indicator 4.2: {note}" in html_element(response, "reconciliation-4").text_content()


def test_home_page_lists_the_same_places_as_the_report_tables_in_every_language(seed_000_imported):
    from django.utils import translation

    from indicators.selectors import indicator_places_table, indicator_table

    def names(tables, is_territory) -> list:
        return [
            (row.indicator.code, region, [(item.display_name, is_territory(item)) for item in items])
            for table in tables
            for row in table.rows
            for region, items in row.places_by_region.items()
        ]

    for language in ("en", "fr", "es"):
        with translation.override(language):
            full = names(indicator_table(biennium=seed_000_imported), lambda result: result.place.is_territory)
            light = names(indicator_places_table(biennium=seed_000_imported), lambda entry: entry.is_territory)
        assert light == full, language
        assert any(items for _code, _region, items in light)


def test_home_page_lists_a_place_with_several_entities_once_with_their_number(biennium_2014_15, client):
    from indicators.models import Indicator
    from tests.factories import IndicatorFactory, ResultFactory, place

    indicator = IndicatorFactory(
        code="9.1", unit="institutions", unit_singular="institution", unit_kind=Indicator.UnitKind.ENTITIES
    )
    for name in ("Ministry of Labour", "Labour inspectorate", "Social security fund"):
        ResultFactory(indicator=indicator, place=place("Ghana"), entity_name=name)
    ResultFactory(indicator=indicator, place=place("Kenya"), entity_name="Kenya Federation of Employers")
    ResultFactory(indicator=indicator, place=place("Togo"), entity_name="Labour court", status="draft")

    response = client.get(reverse("home"), {"biennium": "2014-15"})

    assert cell_text(response, "indicator-9.1", "Africa") == "Ghana (3) Kenya Federation of Employers"
