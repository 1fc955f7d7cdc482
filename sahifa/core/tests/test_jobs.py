from datetime import timedelta

import pytest
from django_tasks import task

from sahifa.core import jobs

CALLS = []


@task()
def record(value, attempt=1):
    CALLS.append((value, attempt))


@pytest.mark.django_db(transaction=True)
def test_enqueue_runs_after_commit():
    from django.db import transaction

    CALLS.clear()
    with transaction.atomic():
        jobs.enqueue(record, "x")
        assert CALLS == []  # not before the commit
    assert CALLS == [("x", 1)]


@pytest.mark.django_db(transaction=True)
def test_enqueue_skipped_on_rollback():
    from django.db import transaction

    CALLS.clear()
    with pytest.raises(RuntimeError), transaction.atomic():
        jobs.enqueue(record, "y")
        raise RuntimeError
    assert CALLS == []


def test_backoff_grows_and_stops(settings):
    assert jobs.retry_delay(1) == timedelta(seconds=30)
    assert jobs.retry_delay(3) == timedelta(seconds=120)
    # The settings fixture signals the change; django-tasks rebuilds backends.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    assert jobs.retry_later(record, 1, "z") is True
    assert jobs.retry_later(record, jobs.MAX_ATTEMPTS, "z") is False
