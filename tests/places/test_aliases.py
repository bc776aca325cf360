"""Administrators extend the spellings places are recognised by; one spelling never names two places."""

import pytest
from django.core.exceptions import ValidationError

from accounts.models import Role
from places.models import PlaceAlias
from places.selectors import place_index_build
from places.services import place_alias_add
from tests.factories import place, user_with_role

TAKEN = "“Ivory-Coast” is already a spelling of Côte d'Ivoire (as “Ivory Coast”)."


@pytest.fixture
def admin_client(client, db):
    user = user_with_role(Role.ADMINISTRATOR, username="ada")
    user.is_staff = user.is_superuser = True
    user.save(update_fields=["is_staff", "is_superuser"])
    client.force_login(user)
    return client


def test_an_added_alias_resolves_to_its_place_with_its_kind_and_source(db):
    alias = place_alias_add(place=place("Ghana"), name="Gold Coast", kind="former_name", source="  PIR 1956  ")

    assert (alias.normalized, alias.kind, alias.source) == ("gold coast", "former_name", "PIR 1956")
    assert place_index_build().resolve("GOLD COAST").name == "Ghana"


def test_a_spelling_another_place_already_has_is_refused_with_the_place_that_has_it(db):
    with pytest.raises(ValidationError) as refused:
        place_alias_add(place=place("Ghana"), name="Ivory-Coast", kind="variant", source="administrator")

    assert refused.value.message_dict == {"name": [TAKEN]}
    assert PlaceAlias.objects.filter(place__iso3="GHA", name="Ivory-Coast").count() == 0


def test_a_spelling_the_place_already_has_and_one_without_letters_are_refused(db):
    with pytest.raises(ValidationError) as again:
        place_alias_add(place=place("Ghana"), name="GHANA", kind="variant", source="administrator")
    with pytest.raises(ValidationError) as empty:
        place_alias_add(place=place("Ghana"), name=" ?! ", kind="variant", source="administrator")

    assert again.value.message_dict == {"name": ["“GHANA” is already a spelling of this place (as “Ghana”)."]}
    assert empty.value.message_dict == {
        "name": ["“?!” has no letters or digits to match on; give the spelling as printed."]
    }


def test_an_alias_needs_a_source_and_a_known_kind(db):
    with pytest.raises(ValidationError) as refused:
        place_alias_add(place=place("Ghana"), name="Gold Coast", kind="nickname", source="")

    assert set(refused.value.message_dict) == {"kind", "source"}


def test_an_administrator_adds_an_alias_in_the_admin_and_its_history_names_them(admin_client):
    ghana = place("Ghana")

    added = admin_client.post(
        "/admin/places/placealias/add/",
        {"place": ghana.pk, "name": "Gold Coast", "kind": "former_name", "source": "Colonial Office list"},
    )

    assert added.status_code == 302
    alias = PlaceAlias.objects.get(normalized="gold coast")
    assert (alias.place, alias.kind, alias.source) == (ghana, "former_name", "Colonial Office list")
    assert alias.history.get().history_user.username == "ada"


def test_the_admin_shows_an_alias_clash_as_a_form_error_not_a_server_error(admin_client):
    refused = admin_client.post(
        "/admin/places/placealias/add/",
        {"place": place("Ghana").pk, "name": "Ivory-Coast", "kind": "variant", "source": "administrator"},
    )

    assert refused.status_code == 200
    assert refused.context["adminform"].form.errors == {"name": [TAKEN]}
    assert not PlaceAlias.objects.filter(name="Ivory-Coast").exists()


def test_places_and_regions_are_read_only_in_the_admin_and_aliases_are_not_rewritten(admin_client):
    alias = PlaceAlias.objects.get(normalized="ivory coast")
    ghana = place("Ghana")

    changed_place = admin_client.post(f"/admin/places/place/{ghana.pk}/change/", {"name": "Gold Coast"})
    changed_alias = admin_client.post(
        f"/admin/places/placealias/{alias.pk}/change/", {"place": ghana.pk, "name": "Ivory Coast", "kind": "variant"}
    )

    assert (changed_place.status_code, changed_alias.status_code) == (403, 403)
    assert (place("Ghana").name, PlaceAlias.objects.get(pk=alias.pk).place.iso3) == ("Ghana", "CIV")
