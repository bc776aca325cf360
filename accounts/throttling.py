"""Request rates of clients authenticated by an API token, counted per token (`API_THROTTLE_TOKEN`)."""

from rest_framework.throttling import SimpleRateThrottle

from accounts.models import ApiToken
from rbm.api.throttling import SettingsRateMixin


class TokenThrottle(SettingsRateMixin, SimpleRateThrottle):
    """Clients authenticated by an API token, counted per token."""

    scope = "token"

    def get_cache_key(self, request, view):
        if not isinstance(request.auth, ApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}
