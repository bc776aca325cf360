"""The project's Celery app with a Word builder that always fails, for tests/reports/test_worker.py.

Started as `celery -A tests.reports.failing_worker worker`: everything is the real worker but this one
builder, so the test sees how a real worker ends a job whose builder raises. Importing this module
changes nothing; only a worker process starting (`worker_init`) breaks the builder.
"""

from celery.signals import worker_init

from rbm.celery import app

BROKEN_ON_PURPOSE = "The Word builder broke on purpose (tests/reports/failing_worker.py)."


def _broken_word_builder(document):
    raise RuntimeError(BROKEN_ON_PURPOSE)


@worker_init.connect
def _break_the_word_builder(**kwargs) -> None:
    import django

    django.setup()
    from reports import builders

    builders.BUILDERS["docx"] = _broken_word_builder


__all__ = ["app"]
