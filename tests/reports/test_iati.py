"""The IATI 2.03 export: valid against the official schema, its figures the counts API's or an edition's."""

import io
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from xml.etree import ElementTree

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from lxml import etree

from indicators.models import Result
from indicators.selectors import indicator_get
from indicators.services import result_validate
from outcomes.models import Outcome
from reports.builders.iati import narratives_append
from reports.selectors.iati import field_narratives
from reports.services import edition_publish
from tests.factories import ResultFactory, place, region, user_with_role

SCHEMA_DIR = Path(settings.BASE_DIR) / "reports" / "schemas" / "iati-2.03"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
PUBLISHED = datetime(2031, 3, 1, 10, 0, tzinfo=UTC)
LATER = datetime(2031, 4, 12, 14, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def schema():
    return etree.XMLSchema(etree.parse(str(SCHEMA_DIR / "iati-activities-schema.xsd")))


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def exported(tmp_path, *arguments: str) -> bytes:
    target = tmp_path / "iati.xml"
    call_command("export_iati", *arguments, str(target), stdout=io.StringIO())
    return target.read_bytes()


def actuals(document: bytes) -> dict[str, dict[str, int]]:
    """Each indicator's actual values: the total under "", each region's under its name."""
    values = {}
    for indicator in etree.fromstring(document).iter("indicator"):
        by_dimension = {}
        for actual in indicator.iter("actual"):
            dimension = actual.find("dimension")
            by_dimension["" if dimension is None else dimension.get("value")] = int(actual.get("value"))
        values[indicator.find("reference").get("code")] = by_dimension
    return values


def test_the_exported_file_validates_against_the_iati_2_03_schema(seed_000_imported, tmp_path, schema):
    document = exported(tmp_path, "--biennium", "2014-15")

    tree = etree.fromstring(document)
    assert schema.validate(tree), schema.error_log
    assert tree.get("version") == "2.03"
    [activity] = tree.findall("iati-activity")
    assert activity.findtext("iati-identifier") == "XM-DAC-41302-RBM"
    assert (activity.find("reporting-org").get("ref"), activity.find("reporting-org").get("type")) == (
        "XM-DAC-41302",
        "40",
    )
    [result] = activity.findall("result")
    assert (result.get("type"), result.find("reference").get("code")) == ("2", "4")
    indicators = result.findall("indicator")
    assert [(item.get("measure"), item.get("ascending")) for item in indicators] == [("1", "1")] * 3
    assert [item.find("reference").get("code") for item in indicators] == ["4.1", "4.2", "4.3"]
    [period] = indicators[0].findall("period")
    assert (period.find("period-start").get("iso-date"), period.find("period-end").get("iso-date")) == (
        "2014-01-01",
        "2015-12-31",
    )
    assert (period.find("target").get("value"), period.find("target").findtext("comment/narrative")) == (
        "10",
        "10 member States",
    )
    assert [location.get("ref") for location in activity.findall("location")] == [
        "africa",
        "americas",
        "arab-states",
        "asia-pacific",
        "europe-central-asia",
    ]
    regional = period.findall("actual")[1]
    assert (regional.find("location").get("ref"), regional.find("dimension").attrib) == (
        "africa",
        {"name": "region", "value": "Africa"},
    )


def test_its_actual_values_equal_the_counts_apis(seed_000_imported, tmp_path, client):
    counts = client.get("/api/v1/counts/", {"biennium": "2014-15"}).json()

    document = exported(tmp_path, "--biennium", "2014-15")

    assert actuals(document) == {item["indicator"]: {"": item["result"], **item["by_region"]} for item in counts}
    assert actuals(document)["4.2"][""] == 25


def test_the_api_answers_the_same_document_as_application_xml(seed_000_imported, tmp_path, client):
    document = exported(tmp_path, "--biennium", "2014-15")

    response = client.get("/api/v1/iati/", {"biennium": "2014-15"}, HTTP_ACCEPT_LANGUAGE="fr")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    assert response.content == document
    again = client.get("/api/v1/iati/", {"biennium": "2014-15"}, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


@pytest.fixture
def late_result(seed_000_imported):
    """A result of 4.1 submitted by an Americas officer, waiting for validation: Chile."""
    officer = user_with_role("officer", username="ana", regions=[region("americas")])
    indicator = indicator_get(biennium=seed_000_imported, code="4.1")
    return ResultFactory(indicator=indicator, place=place("Chile"), status=Result.Status.SUBMITTED, created_by=officer)


def test_an_edition_export_gives_the_figures_the_edition_froze(late_result, tmp_path, client, schema):
    manager = user_with_role("manager", username="kofi")
    with time_machine.travel(PUBLISHED, tick=False):
        edition = edition_publish(
            user=manager, biennium=late_result.biennium, title="Programme implementation report", formats=["html"]
        )
    with time_machine.travel(LATER, tick=False):
        result_validate(user=manager, result=late_result, message="The decree arrived late.")

    frozen = exported(tmp_path, "--biennium", "2014-15", "--edition", str(edition.number))
    current = exported(tmp_path, "--biennium", "2014-15")

    assert schema.validate(etree.fromstring(frozen)), schema.error_log
    assert actuals(frozen)["4.1"] == {
        "": 11,
        **{item["indicator"]: item for item in edition.figures}["4.1"]["by_region"],
    }
    assert (actuals(frozen)["4.1"]["Americas"], actuals(current)["4.1"]["Americas"]) == (4, 5)
    assert actuals(current)["4.1"][""] == 12
    assert etree.fromstring(frozen).find("iati-activity").get("last-updated-datetime") == "2031-03-01T10:00:00+00:00"
    answered = client.get("/api/v1/iati/", {"biennium": "2014-15", "edition": edition.number})
    assert answered.content == frozen


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--biennium", "2098-99"], "There is no biennium 2098-99."),
        (["--biennium", "last year"], "“last year” is not a biennium; write it as published, e.g. 2014-15."),
        (["--biennium", "2014-15", "--edition", "7"], "There is no edition 7 of 2014-15."),
    ],
)
def test_an_unknown_biennium_or_edition_is_a_command_error(seed_000_imported, tmp_path, arguments, message):
    with pytest.raises(CommandError) as refused:
        call_command("export_iati", *arguments, str(tmp_path / "iati.xml"))

    assert str(refused.value) == message
    assert not (tmp_path / "iati.xml").exists()


def test_a_path_that_cannot_be_written_is_a_command_error(seed_000_imported, tmp_path):
    with pytest.raises(CommandError) as refused:
        call_command("export_iati", "--biennium", "2014-15", str(tmp_path / "missing" / "iati.xml"))

    assert str(refused.value) == f"{tmp_path / 'missing' / 'iati.xml'}: No such file or directory"


@pytest.mark.parametrize(
    ("query", "errors"),
    [
        ({"biennium": "2098-99"}, {"biennium": ["There is no biennium 2098-99."]}),
        ({"biennium": "2014-15\x00"}, {"detail": "The request contains a NUL character, which is not allowed."}),
        ({"biennium": "2014-15", "edition": "3"}, {"edition": ["There is no edition 3 of 2014-15."]}),
        (
            {"biennium": "2014-15", "edition": "9" * 30},
            {"edition": ["Ensure this value is less than or equal to 32767."]},
        ),
        ({}, {"biennium": ["This field is required."]}),
    ],
)
def test_the_api_answers_bad_input_with_400_in_json(seed_000_imported, client, query, errors):
    response = client.get("/api/v1/iati/", query)

    assert (response.status_code, response["Content-Type"]) == (400, "application/json")
    assert response.json() == errors


def test_narratives_are_one_per_language_with_a_text():
    translated = SimpleNamespace(
        statement="Social security", statement_en="Social security", statement_fr="Sécurité sociale", statement_es=""
    )
    untranslated = SimpleNamespace(statement="Social security")

    texts = field_narratives(instance=translated, field="statement", languages=["en", "fr", "es"])
    title = narratives_append(ElementTree.Element("title"), texts)

    assert texts == [("en", "Social security"), ("fr", "Sécurité sociale")]
    assert [(item.get(XML_LANG), item.text) for item in title] == texts
    assert field_narratives(instance=untranslated, field="statement", languages=["en", "fr", "es"]) == [
        ("en", "Social security")
    ]


def test_translated_statements_become_narratives_in_their_languages(seed_000_imported, tmp_path, schema):
    Outcome.objects.update(statement_es="Más personas acceden a la seguridad social.")

    tree = etree.fromstring(exported(tmp_path, "--biennium", "2014-15"))

    assert schema.validate(tree), schema.error_log
    title = tree.find("iati-activity/result/title")
    assert [narrative.get(XML_LANG) for narrative in title] == ["en", "es"]
    assert title[1].text == "Más personas acceden a la seguridad social."
    assert [narrative.get(XML_LANG) for narrative in tree.find("iati-activity/title")] == ["en", "fr", "es"]


def test_the_api_reads_a_fixed_number_of_queries_and_fewer_once_the_counts_are_cached(
    seed_000_imported, client, django_assert_num_queries
):
    # biennium, the counts (biennium, regions, indicators, one aggregate), regions, indicators, outcomes
    with django_assert_num_queries(8):
        client.get("/api/v1/iati/", {"biennium": "2014-15"})
    with django_assert_num_queries(4):
        client.get("/api/v1/iati/", {"biennium": "2014-15"})


def test_the_command_writes_to_standard_output_with_a_dash(seed_000_imported, tmp_path):
    written = exported(tmp_path, "--biennium", "2014-15")
    out = io.StringIO()

    call_command("export_iati", "--biennium", "2014-15", "-", stdout=out)

    assert out.getvalue().encode() == written


def test_a_biennium_without_indicators_gives_a_valid_activity_without_results(db, tmp_path, schema):
    tree = etree.fromstring(exported(tmp_path, "--biennium", "2020-21"))

    assert schema.validate(tree), schema.error_log
    assert tree.findall("iati-activity/result") == []


def test_the_reporting_organisation_and_activity_identifier_come_from_the_settings(
    seed_000_imported, tmp_path, settings, schema
):
    settings.IATI_REPORTING_ORG_REF = "XM-EXAMPLE-1"
    settings.IATI_REPORTING_ORG_NAME = "Example Organization"
    settings.IATI_ACTIVITY_IDENTIFIER = "XM-EXAMPLE-1-PROGRAMME"

    tree = etree.fromstring(exported(tmp_path, "--biennium", "2014-15"))

    assert schema.validate(tree), schema.error_log
    assert tree.findtext("iati-activity/iati-identifier") == "XM-EXAMPLE-1-PROGRAMME"
    organisation = tree.find("iati-activity/reporting-org")
    assert (organisation.get("ref"), organisation.findtext("narrative")) == ("XM-EXAMPLE-1", "Example Organization")
