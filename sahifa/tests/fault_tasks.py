"""Tasks the fault tests and bench/faults.py enqueue in a real worker: they
leave marker files, so a test sees a run start and finish from outside."""

import time
from pathlib import Path

from django_tasks import task


@task()
def marker(folder: str, name: str, seconds: float = 0.0) -> str:
    """Write NAME.started, sleep, append to NAME.done (one line per finished run)."""
    base = Path(folder)
    (base / f"{name}.started").write_text(str(time.time()))
    time.sleep(seconds)
    with (base / f"{name}.done").open("a") as done:
        done.write(f"{time.time()}\n")
    return name


@task()
def hog(megabytes: int) -> int:
    """Allocate MEGABYTES of memory (the memory budget must stop it)."""
    block = bytearray(megabytes * 1024 * 1024)
    return len(block)
