"""The project's Celery app with a Word builder that always fails, for tests/reports/test_worker.py.

Started as `celery -A tests.reports.failing_worker worker`: everything is the real worker but this one
builder, so the test sees how a real worker ends a job whose builder raises.
"""

import django

from rbm.celery import app

BROKEN_ON_PURPOSE = "The Word builder broke on purpose (tests/reports/failing_worker.py)."

django.setup()


def _broken_word_builder(document):
    raise RuntimeError(BROKEN_ON_PURPOSE)


from reports import builders  # noqa: E402 - needs django.setup() above

builders.BUILDERS["docx"] = _broken_word_builder

__all__ = ["app"]
