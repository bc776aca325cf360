"""What an API token allows beyond its user's role: a read-only token may only read.

Named in settings (`API_CREDENTIAL_PERMISSIONS`), so the frame's API permissions (`rbm.api.permissions`)
apply it to every API view without importing accounts.
"""

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
