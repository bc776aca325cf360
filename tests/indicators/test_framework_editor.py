"""The framework editor: outcomes, indicators, criteria and their rule, targets and published figures, predecessors;
history with a reason once results exist; refused for a closed biennium and outside the manager's outcomes."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from indicators.models import Indicator, MeasurementCriterion, PublishedFigure, Target
from indicators.rules import (
    CRITERION_IN_USE,
    FRAMEWORK_CLOSED_RESULTS,
    FRAMEWORK_NOT_ALLOWED,
    FRAMEWORK_OUTCOME_NOT_ALLOWED,
    FRAMEWORK_REASON_REQUIRED,
    OUTCOME_CREATE_NOT_ALLOWED,
    PREDECESSOR_NOT_EARLIER,
)
from indicators.services.framework import (
    FigureInput,
    TargetInput,
    indicator_create,
    indicator_update,
    outcome_create,
    outcome_update,
)
from outcomes.models import Outcome
from outcomes.rules import BIENNIUM_CLOSED
from rbm.exceptions import ApplicationError, NotAllowed
from tests.factories import (
    IndicatorFactory,
    MeasurementCriterionFactory,
    OutcomeFactory,
    ResultFactory,
    TargetFactory,
    biennium,
    biennium_closed,
    place,
    user_with_role,
)
from tests.html import html_element, html_table, html_text


@pytest.fixture
def admin(db):
    return user_with_role("administrator", username="ada", first_name="Ada", last_name="Lovelace")


@pytest.fixture
def outcome(db):
    return OutcomeFactory(number="4", statement="More people have access to social security benefits.")


@pytest.fixture
def indicator(outcome):
    indicator = IndicatorFactory(outcome=outcome, code="4.2", statement="Number of member States that develop policies")
    TargetFactory(indicator=indicator, value=12, text="12 member States")
    MeasurementCriterionFactory(indicator=indicator, number=1, text="A policy is adopted")
    MeasurementCriterionFactory(indicator=indicator, number=2, text="A budget is allocated")
    return indicator


def definition(indicator: Indicator, **changes) -> dict:
    data = {
        "code": indicator.code,
        "statement": indicator.statement,
        "unit": indicator.unit,
        "unit_singular": indicator.unit_singular,
        "unit_kind": indicator.unit_kind,
        "criteria_rule": indicator.criteria_rule,
        "criteria_minimum": indicator.criteria_minimum,
        "predecessor": indicator.predecessor,
        "position": indicator.position,
    }
    return {**data, **changes}


def form_data(indicator: Indicator, **changes) -> dict:
    data = {
        "code": indicator.code,
        "statement": indicator.statement,
        "unit": indicator.unit,
        "unit_singular": indicator.unit_singular,
        "unit_kind": indicator.unit_kind,
        "criteria_rule": indicator.criteria_rule,
        "criteria_minimum": str(indicator.criteria_minimum),
        "predecessor": "",
        "position": "0",
        "target_value": "12",
        "target_text": "12 member States",
        "criterion_1": "A policy is adopted",
        "criterion_2": "A budget is allocated",
        "new_criteria": "",
        "reason": "",
    }
    return {**data, **changes}


def edit_url(indicator: Indicator) -> str:
    return reverse("indicators:framework-indicator-update", args=[biennium().label, indicator.code])


# --- Services -----------------------------------------------------------------------------------------


def test_an_administrator_adds_an_outcome_and_an_indicator_with_criteria_target_and_published_figure(admin):
    # when
    outcome = outcome_create(user=admin, biennium=biennium(), number="19", statement="Effective governance.")
    indicator = indicator_create(
        user=admin,
        biennium=biennium(),
        outcome=outcome,
        data={
            "code": "19.1",
            "statement": "Number of member States that improve governance",
            "unit": "member States",
            "unit_singular": "member State",
            "unit_kind": Indicator.UnitKind.PLACES,
            "criteria_rule": Indicator.CriteriaRule.AT_LEAST,
            "criteria_minimum": 2,
            "predecessor": None,
            "position": 1,
        },
        criteria={1: "A plan is adopted", 2: "  A   budget is\nallocated ", 3: "A unit is set up"},
        target=TargetInput(value=7, text="7 member States"),
        published=FigureInput(text="8 member States and 1 territory", value=9, member_states=8, territories=1),
    )

    # then
    assert list(indicator.criteria.values_list("number", "text")) == [
        (1, "A plan is adopted"),
        (2, "A budget is allocated"),
        (3, "A unit is set up"),
    ]
    assert Target.objects.get(indicator=indicator, biennium=biennium()).value == 7
    figure = PublishedFigure.objects.get(indicator=indicator, biennium=biennium())
    assert (figure.text, figure.value, figure.member_states, figure.territories) == (
        "8 member States and 1 territory",
        9,
        8,
        1,
    )
    assert outcome.history.get().history_user == admin
    assert indicator.history.get().history_change_reason == "Added in the framework editor"


def test_a_change_needs_a_reason_once_results_are_recorded_and_the_reason_is_kept_in_history(admin, indicator):
    ResultFactory(indicator=indicator, place=place("Ghana"), criteria_met=[1])

    # when no reason is given, nothing is saved
    with pytest.raises(ValidationError) as refused:
        indicator_update(
            user=admin,
            indicator=indicator,
            biennium=biennium(),
            data=definition(indicator, statement="Number of member States that adopt policies"),
            criteria={1: "A policy is adopted", 2: "A budget is allocated"},
            target=TargetInput(value=12, text="12 member States"),
            published=None,
        )
    assert refused.value.message_dict == {"reason": [FRAMEWORK_REASON_REQUIRED % {"what": "indicator 4.2"}]}
    indicator.refresh_from_db()
    assert indicator.statement == "Number of member States that develop policies"

    # when a reason is given
    changes = indicator_update(
        user=admin,
        indicator=indicator,
        biennium=biennium(),
        data=definition(indicator, statement="Number of member States that adopt policies"),
        criteria={1: "A policy is adopted", 2: "A budget is allocated"},
        target=TargetInput(value=14, text="14 member States"),
        published=None,
        reason="Corrected as in the P&B",
    )

    # then
    assert changes.updated == {"indicators": 1, "targets": 1}
    latest = indicator.history.first()
    assert (latest.history_change_reason, latest.history_user, latest.statement) == (
        "Corrected as in the P&B",
        admin,
        "Number of member States that adopt policies",
    )
    assert Target.history.filter(indicator_id=indicator.pk).first().history_change_reason == "Corrected as in the P&B"


def test_a_criterion_ticked_by_results_cannot_be_removed_but_an_unused_one_can(admin, indicator):
    ResultFactory(indicator=indicator, place=place("Ghana"), criteria_met=[1])
    ResultFactory(indicator=indicator, place=place("Togo"), criteria_met=[1])

    with pytest.raises(ValidationError) as refused:
        indicator_update(
            user=admin,
            indicator=indicator,
            biennium=biennium(),
            data=definition(indicator),
            criteria={2: "A budget is allocated"},
            target=TargetInput(value=12, text="12 member States"),
            published=None,
            reason="Criterion 1 dropped",
        )
    assert refused.value.message_dict == {"criteria": [CRITERION_IN_USE % {"number": 1, "code": "4.2", "count": 2}]}

    changes = indicator_update(
        user=admin,
        indicator=indicator,
        biennium=biennium(),
        data=definition(indicator),
        criteria={1: "A policy is adopted"},
        target=TargetInput(value=12, text="12 member States"),
        published=None,
        reason="Criterion 2 was never used",
    )
    assert changes.deleted == {"measurement criteria": 1}
    assert list(MeasurementCriterion.objects.filter(indicator=indicator).values_list("number", flat=True)) == [1]


def test_nothing_in_a_closed_biennium_can_be_edited(admin, indicator):
    biennium_closed(user=admin, biennium=biennium())

    with pytest.raises(ApplicationError) as refused:
        indicator_update(
            user=admin,
            indicator=indicator,
            biennium=biennium(),
            data=definition(indicator, statement="Changed"),
            criteria={},
            target=None,
            published=None,
            reason="Late change",
        )
    assert refused.value.message == BIENNIUM_CLOSED % {"biennium": "2014-15"}
    with pytest.raises(ApplicationError):
        outcome_create(user=admin, biennium=biennium(), number="20", statement="Late outcome")


def test_an_indicator_with_results_in_a_closed_biennium_keeps_its_definition(admin, indicator):
    ResultFactory(indicator=indicator, place=place("Ghana"), criteria_met=[1])
    biennium_closed(user=admin, biennium=biennium())
    later = biennium(2016)
    # An indicator whose framework spans a later, open biennium too (as synthetic data may set up).
    later.framework = biennium().framework
    later.save()

    with pytest.raises(ValidationError) as refused:
        indicator_update(
            user=admin,
            indicator=indicator,
            biennium=later,
            data=definition(indicator, statement="Changed afterwards"),
            criteria={1: "A policy is adopted", 2: "A budget is allocated"},
            target=None,
            published=None,
            reason="Rewording",
        )
    assert refused.value.messages == [FRAMEWORK_CLOSED_RESULTS % {"code": "4.2", "biennium": "2014-15"}]


def test_a_manager_edits_only_the_indicators_of_their_outcomes_and_adds_no_outcome(indicator):
    other = OutcomeFactory(number="5", statement="Working conditions.")
    manager = user_with_role("manager", username="kofi", outcomes=[other])
    officer = user_with_role("officer", username="ama")

    with pytest.raises(NotAllowed) as refused:
        indicator_update(
            user=manager,
            indicator=indicator,
            biennium=biennium(),
            data=definition(indicator, statement="Changed"),
            criteria={},
            target=None,
            published=None,
        )
    assert refused.value.message == FRAMEWORK_OUTCOME_NOT_ALLOWED % {"number": "4"}
    with pytest.raises(NotAllowed) as refused:
        outcome_create(user=manager, biennium=biennium(), number="21", statement="Another outcome")
    assert refused.value.message == OUTCOME_CREATE_NOT_ALLOWED
    with pytest.raises(NotAllowed) as refused:
        outcome_update(user=officer, outcome=other, biennium=biennium(), data={"statement": "Changed"})
    assert refused.value.message == FRAMEWORK_NOT_ALLOWED

    changes = outcome_update(user=manager, outcome=other, biennium=biennium(), data={"statement": "Safer work."})
    assert changes.updated == {"outcomes": 1}
    assert Outcome.objects.get(pk=other.pk).statement == "Safer work."


def test_a_predecessor_must_come_from_an_earlier_framework(admin, indicator):
    earlier_outcome = OutcomeFactory(framework=biennium(2006).framework, number="4")
    earlier = IndicatorFactory(outcome=earlier_outcome, code="4.2")
    later_outcome = OutcomeFactory(framework=biennium(2016).framework, number="3")
    later = IndicatorFactory(outcome=later_outcome, code="3.1")

    with pytest.raises(ValidationError) as refused:
        indicator_update(
            user=admin,
            indicator=indicator,
            biennium=biennium(),
            data=definition(indicator, predecessor=later),
            criteria={1: "A policy is adopted", 2: "A budget is allocated"},
            target=TargetInput(value=12, text="12 member States"),
            published=None,
        )
    assert refused.value.message_dict == {"predecessor": [PREDECESSOR_NOT_EARLIER]}

    indicator_update(
        user=admin,
        indicator=indicator,
        biennium=biennium(),
        data=definition(indicator, predecessor=earlier),
        criteria={1: "A policy is adopted", 2: "A budget is allocated"},
        target=TargetInput(value=12, text="12 member States"),
        published=None,
    )
    indicator.refresh_from_db()
    assert indicator.predecessor == earlier


# --- Pages -------------------------------------------------------------------------------------------


def test_the_editor_lists_outcomes_with_their_indicators_criteria_targets_and_results(
    admin, indicator, client, django_assert_max_num_queries
):
    ResultFactory(indicator=indicator, place=place("Ghana"))
    IndicatorFactory(outcome=indicator.outcome, code="4.3", position=2)
    client.force_login(admin)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("indicators:framework-detail", args=["2014-15"]))

    assert response.status_code == 200
    rows = html_table(response, f"outcome-{indicator.outcome.pk}")
    assert rows[1][0].startswith("4.2 Number of member States that develop policies")
    assert rows[1][1:] == ["member States", "2", "12 member States", "—", "—", "1"]
    assert rows[2][0].startswith("4.3 ")
    assert rows[2][2:4] == ["0", "—"]


def test_an_administrator_adds_criteria_on_the_page_and_the_indicator_page_shows_them(admin, indicator, client):
    client.force_login(admin)
    response = client.post(
        edit_url(indicator),
        form_data(indicator, new_criteria="An institution is set up\n\nA law is passed", criteria_rule="all"),
    )
    assert response.status_code == 302
    page = client.get(reverse("indicators:indicator-detail", args=["2014-15", "4.2"]))
    criteria = html_element(page, "criteria-heading").getparent()
    assert [item.text_content() for item in criteria.iter("li")] == [
        "A policy is adopted",
        "A budget is allocated",
        "An institution is set up",
        "A law is passed",
    ]
    assert "A result counts when it meets all of the following:" in html_text(page)
    assert list(indicator.criteria.values_list("number", "text")) == [
        (1, "A policy is adopted"),
        (2, "A budget is allocated"),
        (3, "An institution is set up"),
        (4, "A law is passed"),
    ]


def test_a_page_save_without_reason_after_results_keeps_what_was_typed_and_links_the_field(admin, indicator, client):
    ResultFactory(indicator=indicator, place=place("Ghana"))
    client.force_login(admin)

    response = client.post(edit_url(indicator), form_data(indicator, statement="A better statement"))

    assert response.status_code == 400
    summary = html_text(response, "error-summary")
    assert summary == (
        "Nothing was saved. Correct the fields below; what you typed is kept. "
        "Reason for the change: " + FRAMEWORK_REASON_REQUIRED % {"what": "indicator 4.2"}
    )
    assert b'href="#id_reason"' in response.content
    assert b"A better statement</textarea>" in response.content


def test_the_history_names_who_changed_what_and_why(admin, indicator, client):
    client.force_login(admin)
    client.post(edit_url(indicator), form_data(indicator, target_value="15", reason="Revised target"))

    page = client.get(edit_url(indicator))

    rows = html_table(page, "framework-history")
    assert rows[1][1:] == ["Ada Lovelace", "target 2014-15: changed", "Revised target", "Value: 12 → 15"]


def test_the_editor_is_refused_for_a_closed_biennium_and_to_an_officer(admin, indicator, client):
    client.force_login(user_with_role("officer", username="ama"))
    assert client.get(edit_url(indicator)).status_code == 403
    assert client.get(reverse("indicators:framework-detail", args=["2014-15"])).status_code == 403

    biennium_closed(user=admin, biennium=biennium())
    client.force_login(admin)
    response = client.post(edit_url(indicator), form_data(indicator, statement="Late"))
    assert response.status_code == 400
    assert BIENNIUM_CLOSED % {"biennium": "2014-15"} in html_text(response)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("statement", "with a NUL \x00 byte"),
        ("target_value", "99999999999999999999"),
        ("code", "x" * 21),
        ("unit", "u" * 101),
        ("reason", "r" * 101),
        ("published_text", "24 member States"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_changes(admin, indicator, client, field, value):
    client.force_login(admin)

    response = client.post(edit_url(indicator), form_data(indicator, **{field: value}))

    assert response.status_code == 400
    assert html_text(response, "error-summary").startswith("Nothing was saved.")
    indicator.refresh_from_db()
    assert (indicator.statement, indicator.code) == ("Number of member States that develop policies", "4.2")


# --- Editing under a French or Spanish interface ------------------------------------------------------


def test_an_editor_in_french_sees_and_edits_the_english_and_leaves_the_translations_alone(admin, indicator, client):
    Indicator.objects.filter(pk=indicator.pk).update(statement_fr="Nombre d'États Membres qui élaborent des politiques")
    client.force_login(admin)
    client.cookies["django_language"] = "fr"

    page = client.get(edit_url(indicator), HTTP_ACCEPT_LANGUAGE="fr")
    statement = html_element(page, "id_statement")
    assert statement.text_content().strip() == "Number of member States that develop policies"
    assert html_element(page, "id_criterion_1").text_content().strip() == "A policy is adopted"

    response = client.post(
        edit_url(indicator), form_data(indicator, statement="Number of member States that adopt policies")
    )

    assert response.status_code == 302
    indicator.refresh_from_db()
    assert (indicator.statement_en, indicator.statement_fr, indicator.statement_es) == (
        "Number of member States that adopt policies",
        "Nombre d'États Membres qui élaborent des politiques",
        None,
    )
    assert indicator.unit_fr in (None, "")
    assert list(indicator.criteria.values_list("text_en", "text_fr")) == [
        ("A policy is adopted", None),
        ("A budget is allocated", None),
    ]


def test_an_outcome_edited_in_spanish_changes_the_english_statement_only(admin, outcome, client):
    client.force_login(admin)
    client.cookies["django_language"] = "es"
    url = reverse("indicators:framework-outcome-update", args=[biennium().label, outcome.pk])

    response = client.post(url, {"number": "4", "statement": "More people are covered.", "position": "0", "reason": ""})

    assert response.status_code == 302
    outcome.refresh_from_db()
    languages = (outcome.statement_en, outcome.statement_es, outcome.statement_fr)
    assert languages == ("More people are covered.", None, None)
