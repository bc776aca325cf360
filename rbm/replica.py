"""Reads on a replica: which reads may go there, and when they must not.

With `DATABASE_REPLICA_URL` set, the selectors marked `@replica_read` (counts, dashboard, lists, reports,
exports: they only read) send their queries to the database alias "replica" (`rbm.routers.ReplicaRouter`).
Everything else reads and writes the primary, and so do marked selectors in three cases:

- inside a transaction on the primary (a service's `transaction.atomic`, hence `select_for_update`): what a
  write reads must be what it writes over;
- while the request is pinned to the primary (`ReplicaPinMiddleware`): a request that writes (any method but
  GET, HEAD, OPTIONS) and, for `RBM_REPLICA_PIN_SECONDS` after it, every request of the same browser, so a user
  reads their own write back even though the replica replays it a moment later;
- inside `primary_read()`: figures that go into the shared counts cache are computed on the primary, since one
  computed on a replica a few milliseconds behind would be kept under the new data version for an hour.

When the replica cannot be reached, reads go to the primary and a warning is logged; it is asked again
`RBM_REPLICA_RETRY_AFTER` seconds later, so an outage costs one connection time-out, not one per query.
"""

import functools
import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import ParamSpec, TypeVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger(__name__)

REPLICA = "replica"
# The browser's sign that it wrote a moment ago: its reads stay on the primary while the cookie lives.
PIN_COOKIE = "rbm_primary"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

_replica_reads: ContextVar[bool] = ContextVar("rbm_replica_reads", default=False)
_primary_pinned: ContextVar[bool] = ContextVar("rbm_primary_pinned", default=False)

# Shared by every thread of the process: an outage one thread saw spares the others the time-out.
_down_until = 0.0
_down_lock = threading.Lock()

P = ParamSpec("P")
R = TypeVar("R")


def replica_enabled() -> bool:
    return bool(getattr(settings, "RBM_READ_REPLICA", False))


def replica_read(func: Callable[P, R]) -> Callable[P, R]:
    """Mark a selector that only reads: its queries may go to the replica.

    A QuerySet it returns is bound, when it is made, to the database its reads go to at that moment, since it
    is evaluated later (in a template or a paginator), outside this call.
    """

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        token = _replica_reads.set(True)
        try:
            result = func(*args, **kwargs)
        finally:
            _replica_reads.reset(token)
        if isinstance(result, QuerySet) and result._db is None:
            with replica_reads():
                alias = read_alias()
            if alias == REPLICA:
                bound: R = result.using(REPLICA)  # type: ignore[assignment]
                return bound
        return result

    return wrapper


@contextmanager
def replica_reads() -> Iterator[None]:
    """Reads in this block may go to the replica (what `@replica_read` does for a function)."""
    token = _replica_reads.set(True)
    try:
        yield
    finally:
        _replica_reads.reset(token)


@contextmanager
def primary_read() -> Iterator[None]:
    """Every read in this block goes to the primary, marked selectors included."""
    token = _primary_pinned.set(True)
    try:
        yield
    finally:
        _primary_pinned.reset(token)


def read_alias() -> str:
    """The database a read made now goes to."""
    if not replica_enabled() or not _replica_reads.get() or _primary_pinned.get():
        return DEFAULT_DB_ALIAS
    if connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return DEFAULT_DB_ALIAS
    return REPLICA if replica_available() else DEFAULT_DB_ALIAS


def replica_available() -> bool:
    """Whether the replica answers: connected (checked once per request, as the primary is), or connectable."""
    global _down_until
    if _down_until > time.monotonic():
        return False
    connection = connections[REPLICA]
    try:
        if connection.connection is not None:
            connection.close_if_health_check_failed()
        connection.ensure_connection()
    except DatabaseError as error:
        retry_after = float(getattr(settings, "RBM_REPLICA_RETRY_AFTER", 30.0))
        with _down_lock:
            _down_until = time.monotonic() + retry_after
        logger.warning(
            "Read replica unreachable (%s): reads go to the primary; trying the replica again in %s s.",
            str(error).strip(),
            retry_after,
        )
        return False
    return True


def replica_outage_forget() -> None:
    """Ask the replica again at the next read (after an outage, or between tests)."""
    global _down_until
    with _down_lock:
        _down_until = 0.0


class ReplicaPinMiddleware:
    """Keep on the primary every read of a request that writes, and of the same browser's requests that follow.

    A request whose method may write sets a cookie that lives `RBM_REPLICA_PIN_SECONDS` (longer than the
    replica's lag); while the browser sends it back, its reads are the primary's. API clients that keep no
    cookies read a marked selector from the replica right after their write: they may be that far behind.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not replica_enabled():
            return self.get_response(request)
        # The replica's connection is checked at the request's first read of it, as Django checks the primary's
        # (which the test client skips): a replica stopped since the last request is then seen as down.
        connections[REPLICA].health_check_done = False
        writes = request.method not in SAFE_METHODS
        token = _primary_pinned.set(writes or PIN_COOKIE in request.COOKIES)
        try:
            response = self.get_response(request)
        finally:
            _primary_pinned.reset(token)
        if writes:
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=int(getattr(settings, "RBM_REPLICA_PIN_SECONDS", 10)),
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
