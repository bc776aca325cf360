"""Long text: a validator's message or an edit reason longer than the history's reason column is kept in
full where it belongs, and every free-text field has one documented maximum, held by the forms, the API,
the services and the database alike."""

from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.test import Client
from django.urls import reverse

from accounts.services import api_token_create
from indicators.models import Result
from indicators.services import result_record, result_submit
from rbm import limits
from rbm.fields import BoundedTextField
from tests.factories import biennium, place
from tests.indicators.entry_helpers import indicator_with_criteria, manager, officer, result_url

LONG_MESSAGE = (
    "The gazette attached is the draft bill, not the law as adopted; attach the Official Gazette number "
    "in which the law was published, and say which of the criteria it meets: the budget line is not "
    "shown by anything attached yet."
)
# Bounded where the text is internal (a worker's error message), not typed by users.
UNBOUNDED = {("reports", "ReportJob", "error")}


@pytest.fixture
def submitted(db):
    indicator = indicator_with_criteria()
    ama = officer("ama", "africa")
    result = result_record(
        user=ama,
        indicator=indicator,
        biennium=biennium(),
        place=place("Ghana"),
        description="A law was adopted.",
        criteria_met=[1, 2],
    )
    return result_submit(user=ama, result=result, version=result.version)


def latest_reason(result: Result) -> str:
    return result.history.order_by("-history_id").first().history_change_reason


def test_a_validators_message_over_100_characters_is_kept_whole_on_the_result_and_cut_in_the_history(submitted, client):
    assert len(LONG_MESSAGE) > 200
    client.force_login(manager("kofi", "africa"))

    response = client.post(
        result_url(submitted, "result-return"), {"message": LONG_MESSAGE, "version": submitted.version}
    )

    assert response.status_code == 302
    submitted.refresh_from_db()
    assert (submitted.status, submitted.review_message) == (Result.Status.RETURNED, LONG_MESSAGE)
    assert latest_reason(submitted) == LONG_MESSAGE[:99].rstrip() + "…"
    assert len(latest_reason(submitted)) <= 100


def test_a_long_message_sent_to_the_api_is_kept_whole_and_answered_200(submitted):
    secret = api_token_create(user=manager("kofi", "africa"), name="sync", access="write").secret
    client = Client(headers={"authorization": f"Token {secret}"})

    response = client.post(
        reverse("api-result-return", args=[submitted.pk]),
        {"message": LONG_MESSAGE, "version": submitted.version},
        content_type="application/json",
    )

    assert response.status_code == 200
    submitted.refresh_from_db()
    assert submitted.review_message == LONG_MESSAGE
    assert latest_reason(submitted) == LONG_MESSAGE[:99].rstrip() + "…"


def test_an_edit_reason_over_100_characters_is_saved(db):
    indicator = indicator_with_criteria()
    ama = officer("ama", "africa")
    result = result_record(
        user=ama, indicator=indicator, biennium=biennium(), place=place("Ghana"), description="A law was adopted."
    )
    secret = api_token_create(user=ama, name="sync", access="write").secret
    client = Client(headers={"authorization": f"Token {secret}"})

    response = client.patch(
        reverse("api-result-update", args=[result.pk]),
        {"description": "A law was adopted and published.", "reason": "x" * 400, "version": result.version},
        content_type="application/json",
    )

    assert response.status_code == 200
    assert latest_reason(result) == "x" * 99 + "…"


def project_app_labels() -> set[str]:
    """Every app of this repository (not Django's nor a library's): whatever is installed from `BASE_DIR`."""
    base = Path(settings.BASE_DIR).resolve()
    # A virtualenv inside the checkout (`.venv`, as `make` makes it) holds the libraries: not ours.
    return {
        config.label
        for config in apps.get_app_configs()
        if Path(config.path).resolve().is_relative_to(base) and "site-packages" not in Path(config.path).parts
    }


def test_the_coverage_check_reads_every_project_app():
    assert {"plans", "notifications", "outcomes", "indicators", "evaluations", "reports"} <= project_app_labels()
    assert "auth" not in project_app_labels()


def test_every_free_text_field_has_a_documented_maximum():
    ours = project_app_labels()
    documented = {value for name, value in vars(limits).items() if name.endswith("_MAX")}
    unbounded = []
    for model in apps.get_models():
        if model._meta.app_label not in ours or model.__name__.startswith("Historical"):
            continue
        for field in model._meta.concrete_fields:
            key = (model._meta.app_label, model.__name__, field.name)
            bounded = isinstance(field, BoundedTextField) and field.max_length in documented
            if isinstance(field, models.TextField) and key not in UNBOUNDED and not bounded:
                unbounded.append(key)
    assert unbounded == []


def test_200000_characters_are_refused_on_the_page_with_the_limit_shown(submitted, client):
    ama = submitted.created_by
    client.force_login(ama)
    indicator = submitted.indicator

    response = client.post(
        reverse("indicators:result-create", args=[biennium().label, indicator.code]),
        {"place": place("Togo").pk, "description": "x" * 200_000, "criteria_met": ["1", "2"]},
    )

    assert response.status_code == 400
    assert "Ensure this value has at most 10000 characters (it has 200000)." in response.content.decode()
    assert Result.objects.count() == 1


def test_200000_characters_are_refused_by_the_api_with_the_field_named(submitted):
    secret = api_token_create(user=submitted.created_by, name="sync", access="write").secret
    client = Client(headers={"authorization": f"Token {secret}"})

    response = client.post(
        reverse("api-result-create"),
        {
            "biennium": "2014-15",
            "indicator": submitted.indicator.code,
            "place": "Togo",
            "description": "x" * 200_000,
        },
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response.json()["description"] == ["Ensure this field has no more than 10000 characters."]
    assert Result.objects.count() == 1


def test_the_services_refuse_a_text_over_its_limit(submitted):
    with pytest.raises(ValidationError) as refused:
        result_record(
            user=submitted.created_by,
            indicator=submitted.indicator,
            biennium=biennium(),
            place=place("Togo"),
            description="x" * (limits.RESULT_DESCRIPTION_MAX + 1),
        )

    assert refused.value.message_dict["description"] == [
        "Ensure this value has at most 10000 characters (it has 10001)."
    ]


def test_a_workbook_row_over_a_limit_is_refused_with_its_column(submitted):
    from indicators.selectors.uploads import result_upload_rows_plan

    plan = result_upload_rows_plan(
        user=submitted.created_by,
        indicator=submitted.indicator,
        biennium=biennium(),
        cells=[(2, {"place": "Togo", "description": "x" * 10_001, "criteria_met": "1, 2"})],
    )

    assert plan.error_rows[0].errors == ["“What changed” holds 10001 characters; it may hold at most 10000."]


def test_the_database_refuses_a_text_over_its_limit_and_holds_one_at_it_in_any_script(submitted):
    # Characters, not bytes: 10,000 accented letters are 20,000 bytes in UTF-8 and fit.
    Result.objects.filter(pk=submitted.pk).update(description="é" * limits.RESULT_DESCRIPTION_MAX)
    submitted.refresh_from_db()
    assert len(submitted.description) == limits.RESULT_DESCRIPTION_MAX

    with pytest.raises(IntegrityError), transaction.atomic():
        Result.objects.filter(pk=submitted.pk).update(description="x" * (limits.RESULT_DESCRIPTION_MAX + 1))


def test_a_plans_matrix_cell_over_its_limit_is_refused_by_the_database_and_one_at_it_is_held(db):
    from plans.models import Means
    from plans.services.imports import plan_import_file
    from tests.conftest import SEEDS

    plan_import_file(path=str(SEEDS / "004_1ef88756585f0450.txt"))
    means = Means.objects.order_by("pk").first()
    Means.objects.filter(pk=means.pk).update(text="é" * limits.PLAN_CELL_MAX, extra_text="é" * limits.PLAN_CELL_MAX)
    means.refresh_from_db()
    assert (len(means.text), len(means.extra_text)) == (limits.PLAN_CELL_MAX, limits.PLAN_CELL_MAX)

    with pytest.raises(IntegrityError), transaction.atomic():
        Means.objects.filter(pk=means.pk).update(text="x" * (limits.PLAN_CELL_MAX + 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        Means.objects.filter(pk=means.pk).update(extra_text="x" * (limits.PLAN_CELL_MAX + 1))


def test_a_notification_message_over_its_limit_is_refused_by_the_service_and_the_database(submitted):
    from notifications.models import Notification
    from notifications.services import notification_create

    ama = submitted.created_by
    with pytest.raises(ValidationError) as refused:
        notification_create(
            recipient=ama, kind=Notification.Kind.choices[0][0], message="x" * (limits.NOTIFICATION_MESSAGE_MAX + 1)
        )
    assert refused.value.message_dict["message"] == ["Ensure this value has at most 5000 characters (it has 5001)."]

    notification = notification_create(
        recipient=ama, kind=Notification.Kind.choices[0][0], message="é" * limits.NOTIFICATION_MESSAGE_MAX
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.filter(pk=notification.pk).update(message="x" * (limits.NOTIFICATION_MESSAGE_MAX + 1))
