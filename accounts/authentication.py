"""REST authentication by personal API token: `Authorization: Token <secret>` (or `Bearer <secret>`)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from accounts.selectors import api_token_find
from accounts.services import api_token_hash, api_token_touch

TOKEN_MALFORMED = _("Give the token as “Authorization: Token <secret>”, with no spaces in the secret.")
TOKEN_INVALID = _("This API token is not valid.")
TOKEN_REVOKED = _("This API token was revoked.")
USER_INACTIVE = _("The account this API token belongs to is disabled.")

KEYWORDS = {"token", "bearer"}


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """Authenticate a client by one of its user's personal tokens; `request.auth` is the ApiToken."""

    keyword = "Token"

    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].decode("latin-1").lower() not in KEYWORDS:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(TOKEN_MALFORMED)
        try:
            secret = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(TOKEN_INVALID) from None
        token = api_token_find(key_hash=api_token_hash(secret=secret))
        if token is None:
            raise exceptions.AuthenticationFailed(TOKEN_INVALID)
        if not token.is_active:
            raise exceptions.AuthenticationFailed(TOKEN_REVOKED)
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(USER_INACTIVE)
        api_token_touch(token=token)
        return token.user, token

    def authenticate_header(self, request) -> str:
        return f'{self.keyword} realm="api"'


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """Describe token authentication in the OpenAPI schema."""

    target_class = ApiTokenAuthentication
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "A personal API token, created on the API tokens page: `Token <secret>`.",
        }
