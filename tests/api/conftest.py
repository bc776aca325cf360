"""Actors and a small world of results for API tests."""

from dataclasses import dataclass

import pytest
from django.test import Client

from accounts.services import api_token_create
from tests.factories import MeasurementCriterionFactory, ResultFactory, TargetFactory, place, region, user_with_role

ACTORS = ["anonymous", "viewer", "officer_in_scope", "officer_out_of_scope", "manager", "read_token", "write_token"]


@dataclass
class World:
    indicator: object
    validated: object
    draft: object
    submitted: object
    users: dict
    secrets: dict


@pytest.fixture
def world(db) -> World:
    """Indicator 1.1 of 2014-15 with a validated result (Ghana), a draft (Togo) and a submitted one (Benin),
    the two unvalidated ones recorded by an Africa officer, who also holds a read-only and a read-write token."""
    indicator = TargetFactory(value=1).indicator
    MeasurementCriterionFactory(indicator=indicator, number=1)
    users = {
        "viewer": user_with_role("viewer", username="vera"),
        "officer_in_scope": user_with_role("officer", username="ama", regions=[region("africa")]),
        "officer_out_of_scope": user_with_role("officer", username="li", regions=[region("asia-pacific")]),
        "manager": user_with_role("manager", username="kofi", regions=[region("africa")]),
    }
    officer = users["officer_in_scope"]
    secrets = {
        "read_token": api_token_create(user=officer, name="dashboard", access="read").secret,
        "write_token": api_token_create(user=officer, name="sync", access="write").secret,
    }
    return World(
        indicator=indicator,
        validated=ResultFactory(indicator=indicator, place=place("Ghana")),
        draft=ResultFactory(
            indicator=indicator, place=place("Togo"), status="draft", created_by=officer, last_edited_by=officer
        ),
        submitted=ResultFactory(
            indicator=indicator, place=place("Benin"), status="submitted", created_by=officer, last_edited_by=officer
        ),
        users=users,
        secrets=secrets,
    )


def client_as(actor: str, world: World) -> Client:
    """A test client acting as `actor`: signed in through the session, or sending an API token."""
    if actor in world.secrets:
        return Client(headers={"authorization": f"Token {world.secrets[actor]}"})
    client = Client()
    if actor in world.users:
        client.force_login(world.users[actor])
    return client
