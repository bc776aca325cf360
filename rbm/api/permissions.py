"""Who may call an API view. Role and scope rules live in the services and selectors, not here."""

from django.utils.translation import gettext_lazy as _
from rest_framework import permissions

from accounts.models import ApiToken

TOKEN_READ_ONLY = _("This API token is read-only; create a read-and-write token to change data.")


class TokenAccess(permissions.BasePermission):
    """A read-only API token may only read."""

    message = TOKEN_READ_ONLY

    def has_permission(self, request, view) -> bool:
        token = request.auth
        if isinstance(token, ApiToken) and not token.allows_writes:
            return request.method in permissions.SAFE_METHODS
        return True


PUBLIC_READ = [permissions.IsAuthenticatedOrReadOnly, TokenAccess]
"""Anyone reads (the selectors show anonymous clients published data only); signed-in users write."""

SIGNED_IN = [permissions.IsAuthenticated, TokenAccess]
"""Only signed-in users or token clients, for reads and writes alike."""
