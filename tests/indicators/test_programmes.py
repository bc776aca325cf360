"""Decent Work Country Programmes and CPOs: the services' rules, the CSV import, and the link from a result."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from indicators.models import CountryProgramme, CountryProgrammeContribution, CountryProgrammeOutcome, Result
from indicators.services import result_record, result_update
from indicators.services.programmes import Contribution, programme_outcome_save, programme_outcomes_import
from rbm.exceptions import NotAllowed
from rbm.parsers import ImportRejected
from tests.factories import IndicatorFactory, ResultFactory, biennium, place, region, user_with_role

pytestmark = pytest.mark.django_db

HEADING = "place,code,title,programme,programme_period,programme_status,contributions\n"


def state() -> tuple:
    return (
        sorted(CountryProgramme.objects.values_list("pk", "title")),
        sorted(CountryProgrammeOutcome.objects.values_list("pk", "code", "title")),
        sorted(CountryProgrammeContribution.objects.values_list("pk", flat=True)),
        CountryProgrammeOutcome.history.count(),
        CountryProgramme.history.count(),
    )


@pytest.fixture
def indicator():
    return IndicatorFactory(code="4.2", outcome__number="4")


def test_import_creates_programmes_cpos_and_their_contributions(indicator):
    text = HEADING + (
        "Ghana,GHA101,Social protection floor extended,Ghana DWCP 2014-2017,2014-2017,active,2014-15: 4.2\n"
        "Togo,tgo102,National social security policy adopted,,,,2014-15: 4\n"
    )

    changes = programme_outcomes_import(text=text)

    ghana = CountryProgrammeOutcome.objects.get(code="GHA101")
    assert (ghana.place.name, ghana.title, ghana.programme.title, ghana.programme.period) == (
        "Ghana",
        "Social protection floor extended",
        "Ghana DWCP 2014-2017",
        "2014-2017",
    )
    assert [(c.biennium.label, c.outcome.number, c.indicator.code) for c in ghana.contributions.all()] == [
        ("2014-15", "4", "4.2")
    ]
    togo = CountryProgrammeOutcome.objects.get(code="TGO102")
    assert (togo.programme, [(c.outcome.number, c.indicator) for c in togo.contributions.all()]) == (
        None,
        [("4", None)],
    )
    assert changes.created == {
        "Decent Work Country Programmes": 1,
        "country programme outcomes": 2,
        "CPO contributions": 2,
    }


def test_importing_the_same_file_again_changes_nothing(indicator):
    text = HEADING + "GHA,GHA101,Social protection floor extended,Ghana DWCP,2014-2017,active,2014-15: 4.2 4\n"
    programme_outcomes_import(text=text)
    before = state()

    changes = programme_outcomes_import(text=text)

    assert changes.changed is False
    assert state() == before


def test_import_refuses_unknown_place_other_place_and_duplicate_code_with_line_numbers_saving_nothing(indicator):
    programme_outcomes_import(text=HEADING + "Ghana,GHA101,Kept as it was,,,,\n")
    before = state()
    text = HEADING + (
        "Ghana,GHA101,A new title,,,,2014-15: 4.2\n"
        "New Atlantis,NAT101,Somewhere,,,,\n"
        "Ghana,TZA104,A CPO of Tanzania,,,,\n"
        "Ghana,GHA101,Listed twice,,,,\n"
        "Ghana,GHA103,Contributes to nothing known,,,,2014-15: 9.9\n"
    )

    with pytest.raises(ImportRejected) as rejected:
        programme_outcomes_import(text=text)

    assert [str(problem) for problem in rejected.value.problems] == [
        "line 3: “New Atlantis” is not a member State or territory we know; give its ISO code or name.",
        "line 4: CPO code TZA104 does not start with the ISO code of Ghana (GHA).",
        "line 5: CPO GHA101 is listed again (first on line 2); give each CPO once.",
        "line 6: 2014-15 has no indicator or outcome 9.9.",
    ]
    assert state() == before


def test_import_command_prints_every_problem_and_fails(tmp_path, indicator, capsys):
    path = tmp_path / "cpos.csv"
    path.write_text(HEADING + "Ghana,GHA101,Title,,,,\nAtlantis,ATL101,Title,,,,\n", encoding="utf-8")

    with pytest.raises(CommandError) as failed:
        call_command("import_cpos", str(path))

    assert str(failed.value) == "The document was not imported: 1 problem(s) found; nothing was saved."
    assert capsys.readouterr().err == (
        f"{path}: line 3: “Atlantis” is not a member State or territory we know; give its ISO code or name.\n"
    )
    assert CountryProgrammeOutcome.objects.count() == 0


def test_import_refuses_a_file_with_a_nul_byte_or_without_the_columns():
    with pytest.raises(ImportRejected) as nul:
        programme_outcomes_import(text=HEADING + "Ghana,GHA101,Ti\x00tle,,,,\n")
    with pytest.raises(ImportRejected) as columns:
        programme_outcomes_import(text="country,number\nGhana,GHA101\n")

    assert [str(problem) for problem in nul.value.problems] == ["line 2: The row holds a NUL character."]
    assert [str(problem) for problem in columns.value.problems] == [
        "line 1: The heading row lacks the columns: place, code, title."
    ]


def test_import_refuses_a_title_past_its_limit_and_a_new_programme_without_period():
    text = HEADING + f"Ghana,GHA101,{'x' * 501},,,,\nGhana,GHA102,Fine,A new DWCP,,,\n"

    with pytest.raises(ImportRejected) as rejected:
        programme_outcomes_import(text=text)

    assert [str(problem) for problem in rejected.value.problems] == ["line 2: The title is longer than 500 characters."]
    with pytest.raises(ImportRejected) as period:
        programme_outcomes_import(text=HEADING + "Ghana,GHA102,Fine,A new DWCP,,,\n")
    assert [str(problem) for problem in period.value.problems] == [
        "line 2: The programme “A new DWCP” is new: give its period, e.g. 2014-2017."
    ]
    assert CountryProgrammeOutcome.objects.count() == 0


def test_officer_records_a_cpo_for_a_place_in_scope_but_not_elsewhere(indicator):
    officer = user_with_role("officer", regions=[region("africa")])

    cpo = programme_outcome_save(
        user=officer,
        place=place("Ghana"),
        code="gha101",
        title="Social protection floor extended",
        contributions=[Contribution(biennium=biennium(), outcome=indicator.outcome, indicator=indicator)],
    )

    assert (cpo.code, cpo.history.first().history_user) == ("GHA101", officer)
    with pytest.raises(NotAllowed) as refused:
        programme_outcome_save(user=officer, place=place("Brazil"), code="BRA101", title="Elsewhere")
    assert refused.value.message == "Brazil is outside your scope: you cannot change its country programme."
    with pytest.raises(ValidationError) as duplicate:
        programme_outcome_save(user=officer, place=place("Ghana"), code="GHA101", title="Again")
    assert duplicate.value.message_dict == {"code": ["Ghana already has a country programme outcome GHA101."]}


def test_a_result_naming_a_cpo_of_another_place_is_refused_and_nothing_saved(indicator):
    officer = user_with_role("officer", regions=[region("africa")])
    togo_cpo = programme_outcome_save(user=None, place=place("Togo"), code="TGO101", title="Togo's")
    ghana_cpo = programme_outcome_save(user=None, place=place("Ghana"), code="GHA101", title="Ghana's")

    with pytest.raises(ValidationError) as refused:
        result_record(
            user=officer,
            indicator=indicator,
            biennium=biennium(),
            place=place("Ghana"),
            description="A policy was adopted.",
            programme_outcome=togo_cpo,
        )

    assert refused.value.message_dict == {
        "programme_outcome": [
            "CPO TGO101 is a country programme outcome of Togo, not of Ghana; a result names a CPO of its own place."
        ]
    }
    assert Result.objects.count() == 0
    result = result_record(
        user=officer,
        indicator=indicator,
        biennium=biennium(),
        place=place("Ghana"),
        description="A policy was adopted.",
        programme_outcome=ghana_cpo,
    )
    assert result.programme_outcome == ghana_cpo
    with pytest.raises(ValidationError):
        result_update(user=officer, result=result, version=result.version, programme_outcome=togo_cpo)
    with pytest.raises(ValidationError):
        result_update(user=officer, result=result, version=result.version, place=place("Togo"))
    result.refresh_from_db()
    assert (result.place.name, result.programme_outcome) == ("Ghana", ghana_cpo)


def test_a_result_factory_links_a_cpo_of_its_place():
    cpo = programme_outcome_save(user=None, place=place("Ghana"), code="GHA101", title="Ghana's")
    result = ResultFactory(programme_outcome=cpo)

    assert list(cpo.results.all()) == [result]
