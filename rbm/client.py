"""The address of the client a request comes from, trusting only the proxies the deployment declares.

Behind N reverse proxies (`RBM_TRUSTED_PROXIES`, default 0), the client's address is the N-th entry from
the right of `X-Forwarded-For`: each trusted proxy appends the address it saw, so anything further left
was written by the client and proves nothing. With no trusted proxy the header is ignored and the
address is the connection's (`REMOTE_ADDR`). Throttles, sign-in lock-outs and sign-in logs all count
this one address, so a made-up header neither spreads one client over many counters nor blames another.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_address(request: HttpRequest) -> str:
    """The client's IP address as the outermost trusted proxy saw it (the connection's without proxies)."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    trusted = settings.RBM_TRUSTED_PROXIES
    if trusted <= 0:
        return remote
    forwarded = [item for item in request.headers.get("x-forwarded-for", "").split(",") if item.strip()]
    if len(forwarded) < trusted:
        # Fewer entries than proxies: the request did not come through all of them; trust only the connection.
        return remote
    return _valid(forwarded[-trusted]) or remote
