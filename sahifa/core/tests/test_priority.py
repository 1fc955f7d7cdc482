import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _niceness_after(command: str, env_nice: str) -> int:
    """Run lower_priority() as `command` would, in a fresh process (niceness
    cannot be taken back), and return the niceness it ends with."""
    code = (
        "import os, django; django.setup();"
        "from sahifa.core.priority import lower_priority;"
        "lower_priority(); print(os.getpriority(os.PRIO_PROCESS, 0))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sahifa.settings.dev",
        "SAHIFA_BACKGROUND_NICE": env_nice,
    }
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return int(out.stdout.strip().splitlines()[-1])


def test_background_processes_yield_the_cpu_to_readers():
    start = os.getpriority(os.PRIO_PROCESS, 0)
    assert _niceness_after("run_worker", "10") == max(start, 10)
    # 0 leaves the process as it was; a process already nicer stays so.
    assert _niceness_after("run_worker", "0") == start
    assert _niceness_after("run_worker", "-5") == start
