"""import_plan_of_action: seeds 004 and 003, all or nothing, idempotent, revisions."""

import datetime

import pytest
from django.core.management import CommandError, call_command

from plans.models import Activity, Category, CrossReference, KeyOutput, Means, Plan, Revision, Target
from plans.services.imports import plan_import, plan_import_file
from rbm.parsers import ImportRejected
from tests.plans.conftest import SEED_003, SEED_004


def _means(revision, ref):
    return next(
        m
        for m in Means.objects.filter(activity__category__revision=revision).select_related("activity__category")
        if m.ref == ref
    )


def test_seed_004_imports_the_plan_with_its_matrix_and_target(plan_2011):
    plan = Plan.objects.get()
    assert (plan.symbol, plan.title, plan.period_start, plan.period_end) == (
        "GB.312/POL/2",
        "Social security plan of action",
        2011,
        2019,
    )
    assert plan.author_unit == "Social Security Department (SEC/SOC)"
    assert (plan.endorsed_by, plan.endorsed_on) == ("Governing Body, 312th Session", "November 2011")
    revision = plan.revisions.get()
    assert revision.number == 1 and revision.revises is None
    assert Category.objects.filter(revision=revision).count() == 6
    assert Category.objects.filter(revision=revision, cross_cutting=True).get().code == "G"
    assert Activity.objects.filter(category__revision=revision).count() == 17
    assert Means.objects.filter(activity__category__revision=revision).count() == 29
    assert KeyOutput.objects.filter(means__activity__category__revision=revision).count() == 16
    assert list(_means(revision, "II.2.iv").key_outputs.values_list("text", flat=True)) == [
        "Social Security Inquiry (SSI)",
        "GESS platform",
    ]
    timing = _means(revision, "IV.1.i")
    assert (timing.timing_text, timing.timing_kind, timing.timing_end) == (
        "Network complete by end of biennium 2016–17",
        "deadline",
        2017,
    )
    i3 = Activity.objects.get(category__revision=revision, category__code="I", number=3)
    assert list(i3.mandate_references.values_list("paragraph", "clause", "label")) == [(35, "l", "para. 35(l)")]
    target = Target.objects.get(plan=plan, ref="I.4.ii")
    assert (target.baseline, target.baseline_date, target.value, target.deadline) == (
        47,
        datetime.date(2011, 7, 31),
        60,
        datetime.date(2019, 12, 31),
    )
    assert target.baseline_source == "footnote 6: As of July 2011, 47 member States had ratified Convention No. 102."
    assert target.event_label == "ratification of Convention No. 102"


def test_cross_references_resolve_to_the_category_activity_or_means_they_name(plan_2011):
    revision = plan_2011.revisions.get()
    see_iv = CrossReference.objects.get(means=_means(revision, "I.5"))
    assert (see_iv.label, see_iv.category.code, see_iv.activity, see_iv.target) == ("IV", "IV", None, None)
    first, second = CrossReference.objects.filter(means=_means(revision, "II.3")).order_by("position")
    assert (first.label, first.target.ref) == ("III.1", "III.1")
    assert (second.label, second.target.ref) == ("II.2.(iv)", "II.2.iv")
    # III.2 has no means (iv): the reference goes to the activity it names.
    broken = CrossReference.objects.get(means=_means(revision, "IV.2.ii"), label="III.2(iv)")
    assert (broken.activity.ref, broken.target) == ("III.2", None)


def test_second_import_changes_nothing(plan_2011, django_assert_max_num_queries):
    result = plan_import_file(path=str(SEED_004))

    assert not result.changes.changed
    assert Plan.history.count() == 1
    assert Means.objects.count() == 29


def test_seed_003_imports_as_a_revision_with_the_recommendation_column_on_the_right_means(plan_revised):
    revision = Revision.objects.get(symbol="GB.316/INS/5/1")
    assert revision.plan == plan_revised and revision.number == 2
    assert revision.revises.symbol == "GB.312/POL/2"
    assert revision.extra_column.endswith(
        "Specific activities related to the promotion of the implementation of Recommendation No. 202"
    )
    assert revision.matrix_title.endswith("as endorsed by the Governing Body in November 2011")
    assert Means.objects.filter(activity__category__revision=revision).count() == 29
    assert KeyOutput.objects.filter(means__activity__category__revision=revision).count() == 16
    extra = {
        m.ref: m.extra_text
        for m in Means.objects.filter(activity__category__revision=revision).select_related("activity__category")
    }
    assert extra["I.1"] == (
        "Adoption of the Social Protection Floors Recommendation, 2012 (No. 202). "
        "GB discussion on follow-up in November 2012"
    )
    assert extra["I.2.i"] == extra["I.2.ii"] == extra["I.3.ii"] == extra["I.4.ii"] == extra["G.1"] == ""
    assert extra["I.3.i"].startswith("Including good practices for the design, implementation and monitoring")
    assert extra["I.4.iii"].startswith("GB discussion on follow-up in November 2012. Development of promotional")
    assert extra["I.5"] == "Promotion of social dialogue will also include the implementation of Recommendation No. 202"
    assert extra["II.2.vi"] == "Including policy briefing notes on issues related to Recommendation No. 202"
    assert extra["III.1"] == "Including advisory services for the implementation of Recommendation No. 202"
    assert extra["IV.1.ii"] == extra["IV.2.i"] == "Curricula will include information on Recommendation No. 202"
    assert extra["V.2.i"].startswith("MOU with ISSA (signed in March 2012)")
    assert (
        extra["V.3.i"]
        == "Activities by the collaborative mechanism will be designed in line with Recommendation No. 202"
    )
    assert sum(1 for text in extra.values() if text) == 24
    # The first matrix is kept as it was.
    assert not Means.objects.filter(activity__category__revision__number=1).exclude(extra_text="").exists()
    obligation = Target.objects.get(plan=plan_revised, kind=Target.Kind.OBLIGATION)
    assert (obligation.ref, obligation.deadline, obligation.value) == ("O.1", datetime.date(2013, 12, 13), None)


def test_revision_imported_again_changes_nothing(plan_revised):
    result = plan_import_file(path=str(SEED_003), revision_of="GB.312/POL/2")
    assert not result.changes.changed
    assert Revision.objects.count() == 2


def test_revision_of_an_unknown_plan_is_refused(db):
    with pytest.raises(ImportRejected) as rejected:
        plan_import_file(path=str(SEED_003), revision_of="GB.999/XX/1")
    assert [str(p) for p in rejected.value.problems] == ["No plan of action has the symbol GB.999/XX/1."]
    assert not Revision.objects.exists()


def test_seed_003_alone_is_refused_with_its_lines_and_nothing_saved(db):
    with pytest.raises(ImportRejected) as rejected:
        plan_import_file(path=str(SEED_003))
    assert str(rejected.value.problems[0]).startswith("line 167: ")
    assert not Plan.objects.exists() and not Category.objects.exists()


def test_a_bad_matrix_saves_nothing_and_a_good_one_after_it_imports(db, tmp_path):
    text = SEED_004.read_text(encoding="utf-8").replace("\t3. Facilitate the exchange", "\t7. Facilitate the exchange")
    with pytest.raises(ImportRejected) as rejected:
        plan_import(text=text)
    assert [str(p) for p in rejected.value.problems] == [
        "line 170: Activity 7 is out of sequence: activity 3 was expected."
    ]
    assert not Plan.objects.exists()


def test_a_revision_read_cell_by_cell_shows_what_it_changed(plan_2011):
    text = (
        SEED_004.read_text(encoding="utf-8")
        .replace("GB.312/POL/2", "GB.320/POL/9")
        .replace("Before the end of 2014", "Before the end of 2016")
    )
    result = plan_import(text=text, revision_of="GB.312/POL/2")

    assert result.read_by == "cells"
    assert result.revision.number == 2
    assert _means(result.revision, "V.2.ii").timing_end == 2016
    assert _means(plan_2011.revisions.get(number=1), "V.2.ii").timing_end == 2014


def test_hostile_input_is_refused_not_crashed(db, tmp_path):
    path = tmp_path / "bad.txt"
    path.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(ImportRejected):
        plan_import_file(path=str(path))
    with pytest.raises(ImportRejected):
        plan_import(
            text="GB.312/POL/2\x00\n" + "Category of activities\tA\tB\tC\n" + "I. x\t1. " + "y" * 100000 + "\tz\t2011"
        )


def test_command_prints_problems_and_fails(db, capsys):
    with pytest.raises(CommandError):
        call_command("import_plan_of_action", str(SEED_003))
    assert "line 167" in capsys.readouterr().err


def test_command_imports_both_seeds(db, capsys):
    call_command("import_plan_of_action", str(SEED_004))
    call_command("import_plan_of_action", str(SEED_003), revision_of="GB.312/POL/2")
    call_command("import_plan_of_action", str(SEED_003), revision_of="GB.312/POL/2")
    assert capsys.readouterr().out.strip().endswith("Nothing to change.")
