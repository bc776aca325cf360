from indicators.selectors import indicator_counts, indicator_get
from tests.factories import ResultFactory, place


def test_anyone_reads_an_indicators_counts_as_the_selector_derives_them(seed_000_imported, client):
    response = client.get("/api/v1/indicators/4.2/counts/", {"biennium": "2014-15"})

    assert response.status_code == 200
    indicator = indicator_get(biennium=seed_000_imported, code="4.2")
    assert response.json() == indicator_counts(biennium=seed_000_imported, indicator=indicator)
    assert response.json()["label"] == "24 member States and 1 territory"


def test_the_counts_api_never_reveals_unvalidated_results(seed_000_imported, client):
    indicator = indicator_get(biennium=seed_000_imported, code="4.1")
    ResultFactory(indicator=indicator, biennium=seed_000_imported, place=place("Kenya"), status="draft")
    ResultFactory(indicator=indicator, biennium=seed_000_imported, place=place("Chile"), status="submitted")

    body = client.get("/api/v1/indicators/4.1/counts/", {"biennium": "2014-15"}).json()

    assert (body["result"], body["by_region"]["Africa"], body["by_region"]["Americas"]) == (11, 3, 4)


def test_the_counts_api_answers_bad_input_with_400_and_field_errors(db, client):
    missing = client.get("/api/v1/indicators/4.2/counts/")
    malformed = client.get("/api/v1/indicators/4.2/counts/", {"biennium": "last year"})
    unknown = client.get("/api/v1/indicators/4.2/counts/", {"biennium": "2098-99"})

    assert (missing.status_code, missing.json()) == (400, {"biennium": ["This field is required."]})
    assert (malformed.status_code, malformed.json()) == (
        400,
        {"biennium": ["“last year” is not a biennium; write it as published, e.g. 2014-15."]},
    )
    assert (unknown.status_code, unknown.json()) == (400, {"biennium": ["There is no biennium 2098-99."]})


def test_the_counts_api_answers_404_for_an_indicator_not_in_the_biennium(seed_000_imported, client):
    response = client.get("/api/v1/indicators/4.2/counts/", {"biennium": "2018-19"})

    assert (response.status_code, response.json()) == (404, {"detail": "There is no indicator 4.2 in 2018-19."})


def test_the_openapi_schema_describes_the_counts_endpoint(db, client):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()

    operation = schema["paths"]["/api/v1/indicators/{code}/counts/"]["get"]
    assert [parameter["name"] for parameter in operation["parameters"]] == ["as_of", "biennium", "code"]
    assert "discrepancies" in schema["components"]["schemas"]["Counts"]["properties"]
