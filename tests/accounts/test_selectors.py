from django.contrib.auth.models import AnonymousUser

from accounts.models import Role
from accounts.selectors import user_scope
from accounts.services import user_create
from places.models import Region
from tests.factories import OutcomeFactory, UserFactory


def test_an_officer_scoped_to_a_region_covers_that_region_for_every_outcome(db):
    africa = Region.objects.get(code="africa")
    officer = user_create(username="ama", password="pw-1234-long", role=Role.OFFICER, regions=[africa])
    outcome = OutcomeFactory()

    scope = user_scope(user=officer)

    assert (scope.can_record, scope.can_validate, scope.sees_unvalidated) == (True, False, True)
    assert scope.covers(region_id=africa.pk, outcome_id=outcome.pk) is True
    assert scope.covers(region_id=Region.objects.get(code="americas").pk, outcome_id=outcome.pk) is False


def test_a_scope_of_regions_and_outcomes_needs_both_to_cover(db):
    africa = Region.objects.get(code="africa")
    mine, other = OutcomeFactory(), OutcomeFactory()
    manager = user_create(
        username="kofi", password="pw-1234-long", role=Role.MANAGER, regions=[africa], outcomes=[mine]
    )

    scope = user_scope(user=manager)

    assert scope.covers(region_id=africa.pk, outcome_id=mine.pk) is True
    assert scope.covers(region_id=africa.pk, outcome_id=other.pk) is False


def test_viewers_and_anonymous_visitors_see_validated_data_only(db):
    viewer = user_create(username="vera", password="pw-1234-long", role=Role.VIEWER)

    assert user_scope(user=viewer).sees_unvalidated is False
    assert user_scope(user=AnonymousUser()).sees_unvalidated is False
    assert user_scope(user=AnonymousUser()).covers(region_id=1, outcome_id=1) is False


def test_a_superuser_is_an_administrator_covering_everything(db):
    admin = UserFactory(is_superuser=True)

    scope = user_scope(user=admin)

    assert (scope.role, scope.covers(region_id=None, outcome_id=None), scope.can_validate) == (
        Role.ADMINISTRATOR,
        True,
        True,
    )


def test_the_scope_is_read_once_per_user_object(db, django_assert_num_queries):
    officer = user_create(username="ama", password="pw-1234-long", role=Role.OFFICER)
    officer = type(officer).objects.get(pk=officer.pk)

    with django_assert_num_queries(3):
        user_scope(user=officer)
        user_scope(user=officer)


def test_a_scope_of_outcomes_covers_an_outcome_whatever_the_region(db):
    mine, other = OutcomeFactory(), OutcomeFactory()
    manager = user_create(username="kofi", password="pw-1234-long", role=Role.MANAGER, outcomes=[mine])

    scope = user_scope(user=manager)

    assert (scope.covers_outcome(mine.pk), scope.covers_outcome(other.pk)) == (True, False)
    assert scope.covers_region(Region.objects.get(code="asia-pacific").pk) is True
    assert scope.outcomes_within([other.pk, mine.pk]) == [mine.pk]
    assert scope.restricts_outcomes is True


def test_a_tagged_record_is_covered_only_when_every_tag_is_within_scope(db):
    africa, americas = Region.objects.get(code="africa"), Region.objects.get(code="americas")
    outcome = OutcomeFactory()
    officer = user_create(username="ama", password="pw-1234-long", role=Role.OFFICER, regions=[africa])

    scope = user_scope(user=officer)

    assert scope.covers_tags(region_ids={africa.pk}, outcome_ids={outcome.pk}) is True
    assert scope.covers_tags(region_ids={africa.pk, americas.pk}, outcome_ids=set()) is False
    # Tagged with no region, a record is global: a regional officer may not edit it.
    assert scope.covers_tags(region_ids=set(), outcome_ids={outcome.pk}) is False
    assert user_scope(user=AnonymousUser()).covers_tags(region_ids={africa.pk}, outcome_ids=set()) is False


def test_an_unrestricted_manager_covers_global_records(db):
    manager = user_create(username="kofi", password="pw-1234-long", role=Role.MANAGER)

    scope = user_scope(user=manager)

    assert scope.covers_tags(region_ids=set(), outcome_ids=set()) is True
    assert scope.restricts_outcomes is False
