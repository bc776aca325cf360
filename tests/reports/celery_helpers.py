"""Point the test process's Celery app at a real broker (or at none that answers) for one test."""

from contextlib import contextmanager

UNREACHABLE_BROKER = "redis://127.0.0.1:9/0"
"""Nothing listens on the discard port: publishing fails at once with "connection refused"."""


@contextmanager
def celery_publishing_to(url: str):
    """Queue tasks on `url` instead of running them eagerly; restore the app's settings afterwards."""
    from rbm.celery import app

    saved = {"broker_url": app.conf.broker_url, "task_always_eager": app.conf.task_always_eager}
    app.conf.update(broker_url=url, task_always_eager=False)
    _forget_connections(app)
    try:
        yield app
    finally:
        app.conf.update(saved)
        _forget_connections(app)


def _forget_connections(app) -> None:
    """Drop the cached connection and producer pools, which were built for the previous broker URL."""
    app._pool = None
    app.amqp._producer_pool = None
