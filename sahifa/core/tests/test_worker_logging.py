import logging

from sahifa.core.management.commands.run_worker import Command


def test_the_worker_keeps_task_library_lines_for_debug():
    tasks = logging.getLogger("django_tasks")
    before = tasks.level
    try:
        tasks.setLevel(logging.WARNING)  # as LOGGING sets it unless LOG_LEVEL=DEBUG
        Command().configure_logging(1)  # what `make run` starts
        assert tasks.getEffectiveLevel() == logging.WARNING
        Command().configure_logging(2)  # -v2 asks for the details
        assert tasks.getEffectiveLevel() == logging.DEBUG
    finally:
        tasks.setLevel(before)
