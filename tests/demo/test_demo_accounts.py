from django.contrib.auth import get_user_model
from django.core.management import call_command

from accounts.selectors import user_scope
from demo.services import DEMO_PASSWORD, demo_accounts_create


def test_the_demo_has_one_account_per_role_and_an_officer_of_a_second_region(db):
    users = demo_accounts_create().created

    scopes = {user.username: user_scope(user=user) for user in users}
    assert {name: scope.role for name, scope in scopes.items()} == {
        "officer": "officer",
        "officer-americas": "officer",
        "manager": "manager",
        "viewer": "viewer",
        "admin": "administrator",
    }
    assert [region.code for region in users[0].profile.regions.all()] == ["africa"]
    assert [region.code for region in users[1].profile.regions.all()] == ["americas"]
    assert (scopes["manager"].region_ids, scopes["admin"].is_administrator) == (None, True)
    assert users[0].check_password(DEMO_PASSWORD) is True


def test_loading_the_demo_twice_keeps_one_of_each_account(db, capsys):
    call_command("load_demo")
    call_command("load_demo")

    assert sorted(get_user_model().objects.values_list("username", flat=True)) == [
        "admin",
        "manager",
        "officer",
        "officer-americas",
        "viewer",
    ]
    assert "Demo accounts (password 'rbm-demo', demo only): officer, officer-americas, manager, viewer, admin" in (
        capsys.readouterr().out
    )
