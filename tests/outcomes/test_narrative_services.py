import pytest
from django.utils.text import capfirst

from accounts.models import Role
from outcomes.models import OutcomeNarrative, SignificantOutput
from outcomes.selectors import outcome_narrative_get, outcome_narrative_history, significant_output_table
from outcomes.services import outcome_narrative_import, outcome_narrative_update
from rbm.exceptions import ApplicationError, ConflictError, NotAllowed
from rbm.template_library import person
from tests.conftest import SEED_000
from tests.factories import OutcomeFactory, user_with_role
from tests.outcomes.factories import seed_000_narrative


def test_seed_000_narrative_is_stored_as_clean_paragraphs_and_outputs(seed_000_imported):
    narrative = seed_000_narrative(seed_000_imported)

    assert narrative.source == SEED_000.name
    assert narrative.areas_of_focus.count("\n\n") == 1
    assert narrative.support_to_constituents.count("\n\n") == 8
    assert narrative.gender_equality.startswith("The ILO actively promoted gender equality, non-discrimination")
    assert narrative.outputs_introduction.endswith("increasing the Organization's reach.")
    assert [(label, len(items)) for _value, label, items in significant_output_table(narrative=narrative)] == [
        ("Knowledge generation and management", 1),
        ("Upstream policy advice", 2),
        ("Capacity development", 3),
        ("Strategic normative support", 2),
    ]


def test_importing_the_narrative_again_changes_nothing(seed_000_imported):
    seed_000_narrative(seed_000_imported)
    history_before = OutcomeNarrative.history.count() + SignificantOutput.history.count()

    changes = outcome_narrative_import(text=SEED_000.read_text(), biennium=seed_000_imported, source=SEED_000.name)

    assert changes.changed is False
    assert OutcomeNarrative.objects.count() == 1
    assert SignificantOutput.objects.count() == 8
    assert OutcomeNarrative.history.count() + SignificantOutput.history.count() == history_before


def test_a_narrative_for_an_outcome_not_yet_imported_is_refused(biennium_2014_15, seed_000_text):
    with pytest.raises(Exception) as refused:
        outcome_narrative_import(text=seed_000_text, biennium=biennium_2014_15)

    assert refused.value.messages == ["Outcome 4 is not in the framework of 2014-15; import its indicator table first."]
    assert OutcomeNarrative.objects.count() == 0


def test_a_manager_edits_sections_and_outputs_and_history_records_who_and_what(seed_000_imported):
    narrative = seed_000_narrative(seed_000_imported)
    manager = user_with_role(Role.MANAGER, username="maria", first_name="Maria", last_name="Lopez")
    outputs = {category: [] for category in SignificantOutput.Category.values}
    outputs["capacity"] = ["A new training course.", "A second course."]

    changes = outcome_narrative_update(
        user=manager,
        outcome=narrative.outcome,
        biennium=seed_000_imported,
        sections={
            "areas_of_focus": "First paragraph\nwrapped.\n\nSecond paragraph.",
            "support_to_constituents": narrative.support_to_constituents,
            "gender_equality": narrative.gender_equality,
            "external_partnerships": narrative.external_partnerships,
            "outputs_introduction": narrative.outputs_introduction,
        },
        outputs=outputs,
        expected_updated_at=narrative.updated_at,
    )

    narrative = outcome_narrative_get(outcome=narrative.outcome, biennium=seed_000_imported)
    assert (changes.fields, changes.updated, changes.deleted) == (
        {"narratives": ["areas_of_focus"], "significant outputs": ["category", "text"]},
        {"narratives": 1, "significant outputs": 2},
        {"significant outputs": 6},
    )
    assert narrative.areas_of_focus == "First paragraph wrapped.\n\nSecond paragraph."
    assert [(output.category, output.text) for output in narrative.outputs.all()] == [
        ("capacity", "A new training course."),
        ("capacity", "A second course."),
    ]
    history = outcome_narrative_history(narrative=narrative)
    latest = history[0]
    assert (person(latest.who), latest.reason) == ("Maria Lopez", "Edited in the browser")
    assert "How the strategy delivered on its areas of focus" in [
        capfirst(change.field) for entry in history for change in entry.changes
    ]


def test_a_stale_edit_is_refused_and_nothing_is_overwritten(seed_000_imported):
    narrative = seed_000_narrative(seed_000_imported)
    manager = user_with_role(Role.MANAGER, username="maria", first_name="Maria", last_name="Lopez")
    opened_at = narrative.updated_at
    sections = {"areas_of_focus": "Theirs."}
    outcome_narrative_update(
        user=manager,
        outcome=narrative.outcome,
        biennium=seed_000_imported,
        sections=sections,
        outputs={},
        expected_updated_at=opened_at,
    )

    with pytest.raises(ConflictError) as refused:
        outcome_narrative_update(
            user=manager,
            outcome=narrative.outcome,
            biennium=seed_000_imported,
            sections={"areas_of_focus": "Mine."},
            outputs={},
            expected_updated_at=opened_at,
        )

    assert refused.value.message.startswith("Maria Lopez saved this narrative on ")
    assert refused.value.message.endswith(
        "after you opened it, so your changes were not saved yet. What changed meanwhile is shown below and the "
        "form still holds what you typed: check it and save again."
    )
    (change,) = [item for item in refused.value.extra["changes"] if item["now"] == "Theirs."]
    assert change["field"] == "how the strategy delivered on its areas of focus"
    assert change["was"].startswith("As the global economic recovery continues")
    assert OutcomeNarrative.objects.get().areas_of_focus == "Theirs."


@pytest.mark.parametrize(
    ("role", "in_scope", "allowed"),
    [
        (Role.ADMINISTRATOR, False, True),
        (Role.MANAGER, True, True),
        (Role.MANAGER, False, False),
        (Role.OFFICER, True, False),
        (Role.VIEWER, True, False),
    ],
)
def test_only_managers_in_scope_and_administrators_edit_a_narrative(seed_000_imported, role, in_scope, allowed):
    outcome = seed_000_imported.framework.outcomes.get(number="4")
    user = user_with_role(role, username="someone", outcomes=[outcome if in_scope else OutcomeFactory(number="90")])

    def edit():
        return outcome_narrative_update(
            user=user, outcome=outcome, biennium=seed_000_imported, sections={"gender_equality": "Text."}, outputs={}
        )

    if allowed:
        assert edit().created == {"narratives": 1}
    else:
        with pytest.raises(NotAllowed):
            edit()
        assert OutcomeNarrative.objects.count() == 0


def test_a_closed_biennium_keeps_its_narrative(seed_000_imported):
    outcome = seed_000_imported.framework.outcomes.get(number="4")
    seed_000_imported.is_closed = True
    seed_000_imported.save()

    with pytest.raises(ApplicationError) as refused:
        outcome_narrative_update(
            user=user_with_role(Role.ADMINISTRATOR, username="admin"),
            outcome=outcome,
            biennium=seed_000_imported,
            sections={"gender_equality": "Text."},
            outputs={},
        )

    assert refused.value.message == "The biennium 2014-15 is closed; nothing in it can change."
