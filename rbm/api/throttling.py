"""Request rates for anonymous and token clients; browser sessions are not throttled.

Rates come from `REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]` (set from `API_THROTTLE_ANON` and
`API_THROTTLE_TOKEN`), read on every request so that tests and settings overrides take effect.
"""

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle

from accounts.models import ApiToken


class _SettingsRateMixin:
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class AnonymousThrottle(_SettingsRateMixin, AnonRateThrottle):
    """Anonymous clients, counted per client address."""

    scope = "anon"


class TokenThrottle(_SettingsRateMixin, SimpleRateThrottle):
    """Clients authenticated by an API token, counted per token."""

    scope = "token"

    def get_cache_key(self, request, view):
        if not isinstance(request.auth, ApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}
