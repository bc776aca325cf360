"""The user's own pages: personal API tokens (create, see once, revoke), two-factor sign-in, lock-outs."""

import base64
import io
import logging

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import login as otp_login

from accounts.forms import ApiTokenForm, TwoFactorCodeForm
from accounts.middleware import SESSION_HAS_DEVICE
from accounts.models import ApiToken
from accounts.rules import (
    LOCKED_OUT,
    TWO_FACTOR_CODE_WRONG,
    TWO_FACTOR_DISABLED,
    TWO_FACTOR_ENABLED,
    TWO_FACTOR_ENROL_NEEDED,
    TWO_FACTOR_NEEDED,
    TWO_FACTOR_REQUIRED_CANNOT_DISABLE,
)
from accounts.selectors import api_token_get, api_token_list, two_factor_device, two_factor_required
from accounts.services import (
    api_token_create,
    api_token_revoke,
    two_factor_code_valid,
    two_factor_disable,
    two_factor_enrolment_confirm,
    two_factor_enrolment_start,
)
from rbm.client import client_address

logger = logging.getLogger(__name__)

TOKEN_REVOKED = _("The token “%(name)s” is revoked; clients using it are refused from now on.")
_SESSION_KEY_NEW = "accounts_new_api_token"


@never_cache  # the page may show a new secret: no cache, no back-button copy may keep it
@login_required
@require_http_methods(["GET", "POST"])
def api_token_list_view(request):
    """List the user's tokens and create one; a new secret is shown on the next page view, once."""
    if request.method == "POST":
        form = ApiTokenForm(request.POST)
        if form.is_valid():
            issued = api_token_create(user=request.user, **form.cleaned_data)
            request.session[_SESSION_KEY_NEW] = {"id": issued.token.pk, "secret": issued.secret}
            return redirect("accounts:api-token-list")
    else:
        form = ApiTokenForm()
    new = request.session.pop(_SESSION_KEY_NEW, None)
    return render(
        request,
        "accounts/tokens.html",
        {"form": form, "tokens": api_token_list(user=request.user), "new": new},
    )


@login_required
@require_POST
def api_token_revoke_view(request, pk: int):
    try:
        token = api_token_get(user=request.user, pk=pk)
    except ApiToken.DoesNotExist:
        raise Http404 from None
    api_token_revoke(user=request.user, token=token)
    messages.success(request, TOKEN_REVOKED % {"name": token.name})
    return redirect("accounts:api-token-list")


def locked_out_view(request, original_response=None, credentials=None):
    """django-axes' answer to a sign-in from a locked-out account and address: 429 and when to retry."""
    minutes = round(settings.AXES_COOLOFF_TIME * 60)
    username = (credentials or {}).get("username", "") or request.POST.get("username", "")
    logger.warning("Sign-in locked out for %r from %s", username, client_address(request))
    response = render(request, "accounts/locked_out.html", {"message": LOCKED_OUT % {"minutes": minutes}}, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return settings.LOGIN_REDIRECT_URL


@never_cache  # shows the secret of a device being enrolled
@login_required
@require_http_methods(["GET", "POST"])
def two_factor_view(request):
    """Two-factor sign-in: its state, enrolment of an authenticator app (QR code and code check), turning off."""
    device = two_factor_device(user=request.user)
    required = two_factor_required(user=request.user)
    if device is not None:
        context = {"device": device, "required": required, "form": TwoFactorCodeForm()}
        return render(request, "accounts/two_factor.html", context)
    pending = two_factor_enrolment_start(user=request.user)
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            confirmed = two_factor_enrolment_confirm(user=request.user, device=pending, code=form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error("code", error.message_dict["code"])
        else:
            otp_login(request, confirmed)
            request.session[SESSION_HAS_DEVICE] = True
            logger.info("Two-factor enrolled: %r (user %s)", request.user.get_username(), request.user.pk)
            messages.success(request, TWO_FACTOR_ENABLED)
            return redirect(_next_url(request))
    elif request.method == "GET" and required:
        messages.info(request, TWO_FACTOR_ENROL_NEEDED)
    context = {"form": form, "secret": _base32(pending.bin_key), "required": required, "next": _next_url(request)}
    return render(request, "accounts/two_factor_enrol.html", context)


def _base32(key: bytes) -> str:
    """The secret as authenticator apps take it typed in: base 32, in groups of four."""
    text = base64.b32encode(key).decode("ascii").rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


@never_cache
@login_required
@require_GET
def two_factor_qr_view(request):
    """The QR code of the device being enrolled, as SVG drawn here (no outside service sees the secret)."""
    if two_factor_device(user=request.user) is not None:
        raise Http404  # a confirmed device's secret is never shown again
    pending = two_factor_enrolment_start(user=request.user)
    buffer = io.BytesIO()
    segno.make(pending.config_url, error="m").save(buffer, kind="svg", scale=6, border=4, xmldecl=False)
    return HttpResponse(buffer.getvalue(), content_type="image/svg+xml")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def two_factor_verify_view(request):
    """The second step of signing in: the current code from the user's authenticator app."""
    device = two_factor_device(user=request.user)
    if device is None:
        return redirect("accounts:two-factor")
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            valid = two_factor_code_valid(device=device, code=form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error("code", error.message_dict["code"])
            valid = False
        else:
            if not valid:
                form.add_error("code", TWO_FACTOR_CODE_WRONG)
        if valid:
            otp_login(request, device)
            return redirect(_next_url(request))
        logger.warning(
            "Wrong two-factor code for %r (user %s) from %s",
            request.user.get_username(),
            request.user.pk,
            client_address(request),
        )
    elif request.method == "GET":
        messages.info(request, TWO_FACTOR_NEEDED)
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": _next_url(request)})


@login_required
@require_POST
def two_factor_disable_view(request):
    """Turn two-factor sign-in off with a current code (not for a role that requires it)."""
    if two_factor_required(user=request.user):
        messages.error(request, TWO_FACTOR_REQUIRED_CANNOT_DISABLE)
        return redirect("accounts:two-factor")
    device = two_factor_device(user=request.user)
    form = TwoFactorCodeForm(request.POST)
    if device is None:
        return redirect("accounts:two-factor")
    if form.is_valid():
        try:
            if not two_factor_code_valid(device=device, code=form.cleaned_data["code"]):
                form.add_error("code", TWO_FACTOR_CODE_WRONG)
        except ValidationError as error:
            form.add_error("code", error.message_dict["code"])
    if not form.is_valid():
        context = {"device": device, "required": False, "form": form}
        return render(request, "accounts/two_factor.html", context, status=400)
    two_factor_disable(user=request.user)
    request.session[SESSION_HAS_DEVICE] = False
    request.session.pop("otp_device_id", None)
    logger.info("Two-factor turned off: %r (user %s)", request.user.get_username(), request.user.pk)
    messages.success(request, TWO_FACTOR_DISABLED)
    return redirect("accounts:two-factor")
