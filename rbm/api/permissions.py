"""Who may call an API view. Role and scope rules live in the services and selectors, not here.

What a client's credentials allow beyond its role (a read-only API token may only read) belongs to the
app that issues them; settings name those permissions in `API_CREDENTIAL_PERMISSIONS`, and every list
below ends with them.
"""

from django.conf import settings
from django.utils.module_loading import import_string
from rest_framework import permissions

CREDENTIAL_PERMISSIONS = [import_string(path) for path in settings.API_CREDENTIAL_PERMISSIONS]

PUBLIC_READ = [permissions.IsAuthenticatedOrReadOnly, *CREDENTIAL_PERMISSIONS]
"""Anyone reads (the selectors show anonymous clients published data only); signed-in users write."""

SIGNED_IN = [permissions.IsAuthenticated, *CREDENTIAL_PERMISSIONS]
"""Only signed-in users or token clients, for reads and writes alike."""
