"""Every page of the site, for every role and for anonymous visitors: no answer is a server error.

The URL patterns are read from the resolver, so a page added later is crawled without touching this file;
a pattern whose parameters the crawl cannot fill with a real id fails the test, naming it.
"""

import datetime
import re
from dataclasses import dataclass, field

import pytest
from axes.models import AccessFailureLog
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.services import api_token_create
from demo.services import DEMO_PASSWORD
from evaluations.models import Evaluation, FollowUpAction, OfficeResponse, ProgressUpdate, Recommendation
from indicators.models import CountryProgrammeOutcome, Indicator, Result, ResultEvidence, ResultUpload
from indicators.selectors.uploads.template import result_upload_template
from indicators.services import result_record, result_return, result_submit
from indicators.services.programmes import Contribution, country_programme_save, programme_outcome_save
from indicators.services.uploads import result_upload_create
from notifications.models import Notification
from notifications.services import notification_preference_set
from outcomes.models import Biennium, Outcome
from places.models import Place
from places.services import place_alias_add
from plans.models import KeyOutput, KeyOutputStatus, Plan, PlanLink
from plans.models import Target as PlanTarget
from reports.models import ReportJob
from reports.services.editions import edition_publish
from reports.services.jobs import report_job_request
from translations.files import translation_file_csv
from translations.models import TranslationUpload
from translations.services import translation_upload_create

ROLES = ("officer", "officer-americas", "manager", "viewer", "admin")


@dataclass(frozen=True)
class Route:
    """One URL pattern: its full route (the prefixes of its includes joined), name and parameters."""

    route: str
    name: str | None
    keyword: tuple[str, ...]
    positional: int
    defaults: dict = field(default_factory=dict)


def _parameters(pattern) -> tuple[tuple[str, ...], int]:
    regex = pattern.pattern.regex
    names = tuple(regex.groupindex)
    return names, regex.groups - len(names)


def routes(patterns=None, prefix: str = "", namespace: str | None = None) -> list[Route]:
    """Every URL pattern of the site, from `get_resolver().url_patterns` down through each include."""
    found = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        names, unnamed = _parameters(pattern)
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            for route in routes(pattern.url_patterns, prefix + str(pattern.pattern), inner):
                found.append(
                    Route(route.route, route.name, names + route.keyword, unnamed + route.positional, route.defaults)
                )
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            found.append(Route(prefix + str(pattern.pattern), name, names, unnamed, pattern.default_args))
    return found


@dataclass
class World:
    """The demo data plus at least one of every related object a page shows."""

    biennium: Biennium
    indicator: Indicator
    outcome: Outcome
    returned: Result
    evidence: ResultEvidence
    upload: ResultUpload
    evaluation: Evaluation
    recommendation: Recommendation
    response: OfficeResponse
    action: FollowUpAction
    update: ProgressUpdate
    report: ReportJob
    tokens: dict


@pytest.fixture
def world(db, django_capture_on_commit_callbacks, settings, tmp_path) -> World:
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", verbosity=0)
    users = {user.username: user for user in get_user_model().objects.all()}
    biennium = Biennium.objects.get(start_year=2014)
    indicator = Indicator.objects.filter(framework=biennium.framework).order_by("code").first()
    ghana = Place.objects.get(iso3="GHA")
    Result.objects.filter(indicator=indicator, biennium=biennium, place=ghana).delete()

    # a result returned with a message, carrying an evidence file and a link
    recorded = result_record(
        user=users["officer"],
        indicator=indicator,
        biennium=biennium,
        place=ghana,
        description="A social protection floor bill went to parliament.",
        links=["https://www.ilo.org/ghana"],
        files=[SimpleUploadedFile("minutes.pdf", b"%PDF-1.4 minutes", content_type="application/pdf")],
    )
    result_submit(user=users["officer"], result=recorded)
    returned = result_return(user=users["manager"], result=recorded, message="Name the bill and its date.")
    evidence = returned.attachments.exclude(file="").get()
    # a country programme with an outcome (CPO) the returned result names
    programme = country_programme_save(
        user=None, place=ghana, title="Ghana Decent Work Country Programme", start_year=2014, end_year=2017
    )
    cpo = programme_outcome_save(
        user=None,
        place=ghana,
        code="GHA101",
        title="Social protection floor extended",
        programme=programme,
        contributions=[Contribution(biennium=biennium, outcome=indicator.outcome, indicator=indicator)],
    )
    Result.objects.filter(pk=returned.pk).update(programme_outcome=cpo)

    upload = result_upload_create(
        user=users["officer"],
        indicator=indicator,
        biennium=biennium,
        filename="results.xlsx",
        content=result_upload_template(user=users["officer"], indicator=indicator, biennium=biennium),
    )

    evaluation = Evaluation.objects.filter(recommendations__isnull=False).order_by("pk").first()
    evaluation.document_file.save("report.pdf", SimpleUploadedFile("report.pdf", b"%PDF-1.4 report"))
    recommendation = evaluation.recommendations.order_by("number").first()
    response = OfficeResponse.objects.filter(evaluation=evaluation).first() or OfficeResponse.objects.create(
        evaluation=evaluation, heading="Monitoring", text="The Office will report on monitoring."
    )
    action = FollowUpAction.objects.create(
        recommendation=recommendation,
        description="Publish a guide to monitoring social protection floors",
        unit="SOCPRO",
        owner=users["officer"],
        due_date=timezone.localdate() + datetime.timedelta(days=5),
    )
    FollowUpAction.objects.create(
        recommendation=recommendation,
        description="Train the regional offices",
        unit="ROAF",
        due_date=timezone.localdate() - datetime.timedelta(days=30),
    )
    ProgressUpdate.objects.create(
        action=action, date=timezone.localdate(), text="A first draft went round.", recorded_by=users["officer"]
    )
    update = ProgressUpdate.objects.create(
        action=action, date=timezone.localdate(), text="The guide is at the printer.", recorded_by=users["officer"]
    )

    with django_capture_on_commit_callbacks(execute=True):
        report = report_job_request(user=users["admin"], biennium=biennium, outcome_ids=None, formats=["html", "xlsx"])
    report.refresh_from_db()
    # a published edition (its web page in every language), for the editions' and restatements' pages
    edition_publish(user=users["manager"], biennium=biennium, title="Crawl edition", formats=["html"])
    assert report.state == ReportJob.State.SUCCEEDED, report.error

    Group.objects.create(name="Programme officers")
    # a failed and a successful sign-in (the lock-out's records), and an unconfirmed two-factor device
    sign_in = Client()
    sign_in.post(reverse("accounts:login"), {"username": "officer-americas", "password": "wrong"})
    sign_in.post(reverse("accounts:login"), {"username": "viewer", "password": DEMO_PASSWORD})
    # a key output's status and link, a plan's target (the country programme and its CPO are made above)
    key_output = KeyOutput.objects.order_by("pk").first()
    KeyOutputStatus.objects.create(
        key_output=key_output, biennium=biennium, status="under_way", recorded_by=users["manager"]
    )
    PlanLink.objects.create(key_output=key_output, outcome=indicator.outcome)
    # failures are logged one by one only when AXES_ENABLE_ACCESS_FAILURE_LOG is on; the admin lists them anyway
    AccessFailureLog.objects.create(
        username="officer-americas", ip_address="127.0.0.1", user_agent="crawl", path_info="/accounts/sign-in/"
    )
    TOTPDevice.objects.create(user=users["viewer"], name="phone", confirmed=False)
    notification_preference_set(
        user=users["manager"], email_reviews=True, email_submissions=False, email_follow_up=True
    )
    # a translation file uploaded by the manager, waiting for confirmation
    translation_upload_create(
        user=users["manager"],
        language="fr",
        filename="translation.csv",
        content=translation_file_csv([(f"outcomes.outcome:{indicator.outcome_id}", "statement", "X", "Résultat")]),
    )
    tokens = {username: api_token_create(user=user, name="crawl").token for username, user in users.items()}
    place_alias_add(place=ghana, name="Gold Coast", kind="former_name", source="crawl")
    return World(
        biennium=biennium,
        indicator=indicator,
        outcome=indicator.outcome,
        returned=returned,
        evidence=evidence,
        upload=upload,
        evaluation=evaluation,
        recommendation=recommendation,
        response=response,
        action=action,
        update=update,
        report=report,
        tokens=tokens,
    )


def _segment_values(world: World, username: str | None) -> dict[tuple[str, str], object]:
    """A real value for a parameter, by the path segment before it and its name (`results/<int:pk>/`)."""
    token = world.tokens.get(username or "")
    return {
        ("results", "pk"): world.returned.pk,
        ("evidence", "evidence_pk"): world.evidence.pk,
        ("uploads", "pk"): world.upload.pk,
        ("reports", "pk"): world.report.pk,
        ("files", "format"): "html",
        ("files", "kind"): "html",
        ("evaluations", "pk"): world.evaluation.pk,
        ("recommendations", "pk"): world.recommendation.pk,
        ("responses", "pk"): world.response.pk,
        ("actions", "pk"): world.action.pk,
        ("progress", "pk"): world.update.pk,
        ("outcomes", "pk"): world.outcome.pk,
        ("narrative", "biennium"): world.biennium.label,
        ("biennia", "label"): world.biennium.label,
        ("indicators", "code"): world.indicator.code,
        ("places", "iso3"): "GHA",
        ("countries", "key"): "GHA",
        ("programme-outcomes", "code"): "GHA101",
        ("csv", "section"): "indicators",
        ("notifications", "pk"): _notification_of(username),
        ("plans", "pk"): Plan.objects.order_by("pk").first().pk,
        ("key-outputs", "pk"): KeyOutput.objects.order_by("pk").first().pk,
        ("targets", "ref"): PlanTarget.objects.order_by("pk").first().ref,
        ("programme-outcomes", "iso3"): "GHA",
        ("translations", "language"): "fr",
        ("translation-uploads", "pk"): TranslationUpload.objects.order_by("pk").first().pk,
        ("texts", "key"): f"outcomes.outcome:{world.outcome.pk}",
        ("api-tokens", "pk"): token.pk if token else min(t.pk for t in world.tokens.values()),
    }


def _notification_of(username: str | None) -> int:
    """One of the user's notifications when they have any (others' answer 404), else any notification."""
    mine = Notification.objects.filter(recipient__username=username or "").order_by("pk").first()
    return (mine or Notification.objects.order_by("pk").first()).pk


ADMIN_REDIRECT = re.compile(r"^admin/(?P<app>[a-z_]+)/(?P<model>[a-z]+)/<path:object_id>/$")


def _first(app: str, model: str):
    return apps.get_model(app, model)._default_manager.order_by("pk").first()


def _admin_url(route: Route, world: World) -> str | None:
    """The admin's pages of one real object of each registered model (and the app index of each app)."""
    if route.name == "admin:app_list":
        return reverse(route.name, kwargs={"app_label": "indicators"})
    if route.name == "admin:view_on_site":
        content_type = ContentType.objects.get_for_model(Result)
        return reverse(route.name, kwargs={"content_type_id": content_type.pk, "object_id": world.returned.pk})
    if route.name == "admin:auth_user_password_change":
        return reverse(route.name, kwargs={"id": get_user_model().objects.order_by("pk").first().pk})
    for model in admin.site._registry:
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}_"
        if not (route.name or "").startswith(prefix):
            continue
        instance = model._default_manager.order_by("pk").first()
        if instance is None:
            return None
        if route.name.endswith("_simple_history"):
            # Reference data loaded by a migration has no history; the first record that has one stands in.
            record = instance.history.order_by("history_id").first() or model.history.order_by("history_id").first()
            return reverse(route.name, args=[getattr(record, model._meta.pk.attname), record.history_id])
        return reverse(route.name, kwargs=dict.fromkeys(route.keyword, instance.pk))
    return None


def _password_reset(username: str | None) -> dict:
    user = get_user_model().objects.get(username=username or "viewer")
    return {"uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": default_token_generator.make_token(user)}


def _programme_outcome(username: str | None) -> dict:
    outcome = CountryProgrammeOutcome.objects.select_related("place").order_by("pk").first()
    return {"code": outcome.code}


def _plan_target(username: str | None) -> dict:
    target = PlanTarget.objects.order_by("pk").first()
    return {"pk": target.plan_id, "ref": target.ref}


# Pages whose parameters are not ids after a named segment.
BY_NAME = {
    "accounts:password-reset-confirm": _password_reset,
    "api-programme-outcome-update": _programme_outcome,
    "countries:programme-outcome-update": lambda username: {"key": "GHA", "code": _programme_outcome(username)["code"]},
    "plans:target": _plan_target,
    "reports:restatement-list": lambda username: {"label": "2014-15"},
    "reports:edition-detail": lambda username: {"label": "2014-15", "number": 1},
    "reports:edition-download": lambda username: {"label": "2014-15", "number": 1, "language": "en", "format": "html"},
}


# Pages that answer only a bad request without their query string: crawled with one.
QUERIES = {"api-iati-export": "?biennium=2014-15&edition=1"}


def url_for(route: Route, world: World, username: str | None) -> str | None:
    """The route with real ids in its parameters; None when the crawl does not know how to fill one."""
    if route.name in BY_NAME:
        return reverse(route.name, kwargs=BY_NAME[route.name](username))
    if route.name and route.name.startswith("admin:") and (route.keyword or route.positional):
        return _admin_url(route, world)
    if route.route == "admin/(?P<url>.*)$":
        return "/admin/no-such-page/"
    if redirect := ADMIN_REDIRECT.match(route.route):
        instance = _first(redirect["app"], redirect["model"])
        return f"/admin/{redirect['app']}/{redirect['model']}/{instance.pk}/" if instance else None
    if route.positional:
        return None
    values = _segment_values(world, username)
    filled = {}
    for name in route.keyword:
        segment = re.search(rf"([^/<>]+)/<[^>]*\b{name}>", route.route)
        value = values.get((segment[1], name)) if segment else None
        if value is None:
            return None
        filled[name] = value
    if route.name is None:
        return None
    return reverse(route.name, kwargs=filled) + QUERIES.get(route.name, "")


def test_every_url_pattern_can_be_filled_with_real_ids(world):
    unfilled = [(route.route, route.name) for route in routes() if url_for(route, world, "officer") is None]

    assert unfilled == [], "\n".join(map(str, unfilled))


def test_no_page_answers_a_server_error_to_any_role_or_to_anonymous_visitors(world):
    all_routes = routes()
    failures = []
    for username in (None, *ROLES):
        client = Client(raise_request_exception=False)
        if username:
            client.force_login(get_user_model().objects.get(username=username))
        for route in all_routes:
            url = url_for(route, world, username)
            if url is None:
                continue
            response = client.get(url)
            if response.status_code >= 500:
                failures.append((username or "anonymous", url, response.status_code))

    assert failures == []
    # the crawl saw the pages it is about, not just redirects to the sign-in page
    assert len(all_routes) > 200
