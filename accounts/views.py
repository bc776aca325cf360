"""The user's own pages: personal API tokens (create, see once, revoke)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.forms import ApiTokenForm
from accounts.models import ApiToken
from accounts.selectors import api_token_get, api_token_list
from accounts.services import api_token_create, api_token_revoke

TOKEN_REVOKED = _("The token “%(name)s” is revoked; clients using it are refused from now on.")
_SESSION_KEY_NEW = "accounts_new_api_token"


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
