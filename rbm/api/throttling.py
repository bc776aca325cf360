"""Request rates for anonymous and token clients; browser sessions are not throttled.

Rates come from `REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]` (set from `API_THROTTLE_ANON` and
`API_THROTTLE_TOKEN`), read on every request so that tests and settings overrides take effect. Token
clients are counted by the app that knows tokens (`accounts.throttling.TokenThrottle`), named in settings.
Anonymous clients are counted by their real address (`rbm.client.client_address`): a made-up
`X-Forwarded-For` does not give a client a fresh allowance.
"""

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle

from rbm.client import client_address


class SettingsRateMixin:
    """Read the throttle's rate from the settings on every request rather than once at import."""

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class AnonymousThrottle(SettingsRateMixin, AnonRateThrottle):
    """Anonymous clients, counted per client address (behind `RBM_TRUSTED_PROXIES` proxies at most)."""

    scope = "anon"

    def get_ident(self, request):
        return client_address(request)
