"""The project's Celery app with a web-page builder that never ends, for tests/security/test_dead_jobs.py.

Started as `celery -A tests.security.stalling_worker worker`: the real worker, whose report builds hang
in the web-page builder until the test kills the process, as a worker dies in production (out of
memory, host lost). Importing this module changes nothing; only a worker process starting breaks it.
"""

import time

from celery.signals import worker_init

from rbm.celery import app


def _hanging_web_page_builder(document):
    time.sleep(3600)


@worker_init.connect
def _hang_the_web_page_builder(**kwargs) -> None:
    import django

    django.setup()
    from reports import builders

    builders.BUILDERS["html"] = _hanging_web_page_builder


__all__ = ["app"]
