import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

LIST_ENDPOINTS = [
    "/api/v1/biennia/",
    "/api/v1/regions/",
    "/api/v1/places/",
    "/api/v1/outcomes/",
    "/api/v1/indicators/",
    "/api/v1/counts/",
    "/api/v1/results/",
]


@pytest.fixture
def schema(db, client):
    return client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()


def test_the_schema_describes_every_resource_and_operation(schema):
    ours = {
        (path, method)
        for path, operations in schema["paths"].items()
        for method in operations
        if not path.startswith(("/api/v1/evaluations", "/api/v1/recommendations", "/api/v1/responses"))
        and not path.startswith(("/api/v1/follow-up", "/api/v1/reports"))
    }

    assert ours == {
        ("/api/v1/biennia/", "get"),
        ("/api/v1/regions/", "get"),
        ("/api/v1/places/", "get"),
        ("/api/v1/places/{iso3}/", "get"),
        ("/api/v1/programme-outcomes/", "get"),
        ("/api/v1/programme-outcomes/create/", "post"),
        ("/api/v1/programme-outcomes/{code}/update/", "put"),
        ("/api/v1/places/{iso3}/profile/", "get"),
        ("/api/v1/plans/", "get"),
        ("/api/v1/plans/{id}/progress/", "get"),
        ("/api/v1/outcomes/", "get"),
        ("/api/v1/indicators/", "get"),
        ("/api/v1/indicators/{code}/", "get"),
        ("/api/v1/indicators/{code}/counts/", "get"),
        ("/api/v1/counts/", "get"),
        ("/api/v1/iati/", "get"),
        ("/api/v1/results/", "get"),
        ("/api/v1/results/create/", "post"),
        ("/api/v1/results/{id}/", "get"),
        ("/api/v1/results/{id}/update/", "patch"),
        ("/api/v1/results/{id}/delete/", "delete"),
        ("/api/v1/results/{id}/submit/", "post"),
        ("/api/v1/results/{id}/withdraw/", "post"),
        ("/api/v1/results/{id}/validate/", "post"),
        ("/api/v1/results/{id}/return/", "post"),
        ("/api/v1/results/{id}/reopen/", "post"),
    }


@pytest.mark.parametrize("path", LIST_ENDPOINTS)
def test_list_endpoints_are_documented_in_json_csv_and_excel_with_conditional_get(schema, path):
    operation = schema["paths"][path]["get"]

    assert list(operation["responses"]["200"]["content"]) == ["application/json", "text/csv", XLSX]
    assert "ETag" in operation["responses"]["200"]["headers"]
    assert "304" in operation["responses"]
    assert list(operation["responses"]["400"]["content"]) == ["application/json"]
    assert "format" in [parameter["name"] for parameter in operation["parameters"]]


def test_the_iati_export_is_documented_as_xml_with_its_filters_and_errors_in_json(schema):
    operation = schema["paths"]["/api/v1/iati/"]["get"]

    assert list(operation["responses"]["200"]["content"]) == ["application/xml"]
    assert list(operation["responses"]["400"]["content"]) == ["application/json"]
    assert "304" in operation["responses"]
    assert [parameter["name"] for parameter in operation["parameters"]] == ["biennium", "edition"]


def test_write_endpoints_document_their_errors_and_token_auth(schema):
    update = schema["paths"]["/api/v1/results/{id}/update/"]["patch"]

    assert sorted(update["responses"]) == ["200", "400", "401", "403", "404", "406", "409", "429"]
    assert update["responses"]["409"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Conflict"
    }
    assert {"apiToken": []} in update["security"]
    assert schema["components"]["securitySchemes"]["apiToken"]["in"] == "header"


def test_the_results_list_documents_its_filters_and_cursor(schema):
    names = [parameter["name"] for parameter in schema["paths"]["/api/v1/results/"]["get"]["parameters"]]

    assert names == [
        "biennium",
        "cursor",
        "format",
        "indicator",
        "ordering",
        "outcome",
        "page_size",
        "place",
        "region",
        "status",
        "updated_since",
    ]


@pytest.mark.parametrize(
    ("path", "bundle"),
    [
        ("/api/v1/docs/", "/static/drf_spectacular_sidecar/swagger-ui-dist/"),
        ("/api/v1/redoc/", "/static/vendor/redoc/redoc.standalone.js"),
    ],
)
def test_the_api_docs_are_served_from_our_own_static_files(db, client, path, bundle):
    page = client.get(path).content.decode()

    assert bundle in page
    assert "cdn" not in page.lower()
    assert "unpkg" not in page.lower()


def test_the_redoc_page_and_its_bundle_reference_no_external_host(db, client):
    page = client.get("/api/v1/redoc/").content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    bundle_path = finders.find("vendor/redoc/redoc.standalone.js")
    assert bundle_path is not None
    bundle = Path(bundle_path).read_text(encoding="utf-8")

    assert sources and all(source.startswith("/") for source in sources)
    assert "cdn.redoc.ly" not in bundle
    # The sidebar's logo, the one image Redoc draws by itself, is an address that loads nothing.
    assert 'alt:"redocly logo",onError:()=>t(!1),src:"data:,"' in bundle
    assert "sourceMappingURL=redoc.standalone.js.map" not in bundle
