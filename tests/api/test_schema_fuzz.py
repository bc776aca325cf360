"""Schemathesis against our own OpenAPI schema: every endpoint and method, as an anonymous client and as a
read-write token client, finds no server error and no answer that contradicts the schema.

Kept small so `make test` stays fast: the schema's examples, then a few derandomized generated cases per
operation, over a small world of results the examples ("2014-15", "4.1", "GHA") name.
"""

import hypothesis
import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from accounts.services import api_token_create
from rbm.wsgi import application
from tests.factories import (
    IndicatorFactory,
    MeasurementCriterionFactory,
    OutcomeFactory,
    ResultFactory,
    TargetFactory,
    place,
    user_with_role,
)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
BOUNDED = hypothesis.settings(
    max_examples=4,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture
def fuzz_world(db, settings):
    """Outcome 4 of 2014-15 with indicator 4.1, results in every status, and an administrator's write token."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "100000/minute", "token": "100000/minute"},
    }
    indicator = IndicatorFactory(outcome=OutcomeFactory(number="4"), code="4.1")
    TargetFactory(indicator=indicator, value=3)
    MeasurementCriterionFactory(indicator=indicator, number=1)
    officer = user_with_role("officer", username="ama")
    results = [
        ResultFactory(indicator=indicator, place=place(name), status=status, created_by=officer)
        for name, status in [("Ghana", "validated"), ("Kenya", "draft"), ("Togo", "submitted"), ("Mali", "returned")]
    ]
    administrator = user_with_role("administrator", username="ada")
    secret = api_token_create(user=administrator, name="fuzz", access="write").secret
    return {"headers": {"Authorization": f"Token {secret}"}, "result_ids": [result.pk for result in results]}


@pytest.fixture
def api_schema(fuzz_world):
    """Our schema as the application serves it, with requests answered inside the test's transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/v1/schema/", application)
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def fuzz(operation, *, headers: dict, result_ids: list[int]) -> None:
    """Call the operation with the schema's examples, then with a few generated cases (on existing results
    too, for operations on one result); raise what fails."""
    runs = [(operation.as_strategy(), BOUNDED)]
    examples = operation.get_strategies_from_examples()
    if examples:
        runs.insert(0, (st.one_of(*examples), BOUNDED))
    if "{id}" in operation.path:
        on_results = st.one_of(*[operation.as_strategy(path_parameters={"id": pk}) for pk in result_ids])
        runs.append((on_results, hypothesis.settings(BOUNDED, max_examples=2 * len(result_ids))))
    for strategy, bounds in runs:

        @bounds
        @hypothesis.given(case=strategy)
        def call(case):
            case.call_and_validate(headers=headers, checks=CHECKS)

        call()


@pytest.mark.parametrize("client", ["anonymous", "read_write_token"])
def test_every_endpoint_keeps_to_the_schema(api_schema, fuzz_world, client):
    headers = fuzz_world["headers"] if client == "read_write_token" else {}
    operations = [result.ok() for result in api_schema.get_all_operations()]

    failures = {}
    for operation in operations:
        try:
            fuzz(operation, headers=headers, result_ids=fuzz_world["result_ids"])
        except Exception as error:  # noqa: BLE001 -- every operation is tried; all failures are reported together
            failures[operation.label] = str(error)

    assert len(operations) >= 18
    assert failures == {}
