"""Schemathesis against our own OpenAPI schema: every endpoint and method, as an anonymous client and as a
read-write token client (throttling lifted), with every check Schemathesis has, finds no server error and
no answer that contradicts the schema.

Kept small so `make test` stays fast: the schema's examples, then a few derandomized generated cases per
operation, valid ones and invalid ones (which must be refused with a 4xx), over a small world of results
the examples ("2014-15", "4.1", "GHA") name.
"""

import hypothesis
import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import CHECKS as REGISTERED_CHECKS
from schemathesis.checks import load_all_checks
from schemathesis.config._checks import POSITIVE_DATA_ACCEPTANCE_EXPECTED_STATUSES, PositiveDataAcceptanceConfig

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

load_all_checks()
# Every check Schemathesis registers: server errors, status codes, content types, headers and bodies against
# the schema, invalid data refused and valid data accepted, required headers, methods and Allow headers,
# authentication not ignored, and the stateful ones (resources used after deletion, or missing after creation).
CHECKS = REGISTERED_CHECKS.get_all()
# Well-formed data the API may still refuse with 400 and the field's message: a reference to a record that does
# not exist (a biennium label, an outcome id, a place code: the schema cannot list the records), or a rule of
# the workflow (blank text, a status change not open from the current status). Every 400 it answers is in the
# schema, in the API's error shape; any other refusal of schema-valid data still fails the check.
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
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", application)
    schema.config.checks.positive_data_acceptance = PositiveDataAcceptanceConfig(
        expected_statuses=[*POSITIVE_DATA_ACCEPTANCE_EXPECTED_STATUSES, "400"]
    )
    yield schema
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def fuzz(operation, *, headers: dict, result_ids: list[int]) -> dict[str, str]:
    """Call the operation with the schema's examples, then with a few generated cases, valid and invalid (on
    existing results too, for operations on one result); return what failed, by kind of run."""
    runs = {
        "generated": (operation.as_strategy(), BOUNDED),
        "invalid": (operation.as_strategy(generation_mode=GenerationMode.NEGATIVE), BOUNDED),
    }
    examples = operation.get_strategies_from_examples()
    if examples:
        runs["examples"] = (st.one_of(*examples), BOUNDED)
    if "{id}" in operation.path:
        on_results = st.one_of(*[operation.as_strategy(path_parameters={"id": pk}) for pk in result_ids])
        runs["on results"] = (on_results, hypothesis.settings(BOUNDED, max_examples=2 * len(result_ids)))
    failures = {}
    for kind, (strategy, bounds) in runs.items():

        @bounds
        @hypothesis.given(case=strategy)
        def call(case):
            case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            call()
        except Unsatisfiable:
            # No invalid request can be written for some operations (a path whose one parameter takes any text).
            if kind != "invalid":
                raise
        # Schemathesis reports its findings as a BaseExceptionGroup; every run is tried and reported.
        except (Exception, BaseExceptionGroup) as error:  # noqa: BLE001
            failures[f"{operation.label} ({kind})"] = str(error)
    return failures


@pytest.mark.parametrize("client", ["anonymous", "read_write_token"])
def test_every_endpoint_keeps_to_the_schema(api_schema, fuzz_world, client):
    headers = fuzz_world["headers"] if client == "read_write_token" else {}
    operations = [result.ok() for result in api_schema.get_all_operations()]

    failures = {}
    for operation in operations:
        failures.update(fuzz(operation, headers=headers, result_ids=fuzz_world["result_ids"]))

    assert len(operations) >= 18
    assert len(CHECKS) >= 14
    assert failures == {}, "\n\n".join(f"{label}:\n{failure}" for label, failure in failures.items())
