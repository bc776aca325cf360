"""Named events a service announces, and the listeners apps of higher layers register for them.

A service of a low layer (recording results) must not import an app above it (notifications), yet that app
must hear what happened. The service announces an event by name; the higher app registers its listener when
it starts (`AppConfig.ready`). Listeners run at once, inside the announcing service's transaction, so what
they write commits or rolls back with the change; anything leaving the process (an email) they queue on commit.
"""

from collections.abc import Callable
from typing import Any

# A result was sent to the validators (payload: result, user), validated or returned (result, user, message).
RESULT_SUBMITTED = "result.submitted"
RESULT_VALIDATED = "result.validated"
RESULT_RETURNED = "result.returned"

Listener = Callable[..., Any]

_listeners: dict[str, list[Listener]] = {}


def event_listen(*, name: str, listener: Listener) -> None:
    """Call `listener(**payload)` whenever `name` is announced; registering the same listener twice is a no-op."""
    listeners = _listeners.setdefault(name, [])
    if listener not in listeners:
        listeners.append(listener)


def event_forget(*, name: str, listener: Listener) -> None:
    """Stop calling the listener (tests that register their own)."""
    if listener in _listeners.get(name, []):
        _listeners[name].remove(listener)


def event_announce(*, name: str, **payload: Any) -> None:
    """Tell every listener of `name`, in the order they registered."""
    for listener in list(_listeners.get(name, [])):
        listener(**payload)
