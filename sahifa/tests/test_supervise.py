"""deploy/supervise.py on real processes: a process that keeps dying is
restarted with backoff and never stops the others; SIGINT stops all."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def test_a_dying_process_is_restarted_alone_and_ctrl_c_stops_all(tmp_path):
    procfile = tmp_path / "Procfile"
    procfile.write_text(
        f"steady: sleep 60\ncrashy: {sys.executable} -c 'import sys; print(\"up\"); sys.exit(3)'\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "deploy/supervise.py", str(procfile)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "SUPERVISE_STOP_TIMEOUT": "5"},
    )
    time.sleep(4.5)
    proc.send_signal(signal.SIGINT)
    out, _ = proc.communicate(timeout=20)
    assert proc.returncode == 0, out
    lines = out.splitlines()
    steady_starts = [line for line in lines if "steady" in line and "started with pid" in line]
    crashy_starts = [line for line in lines if "crashy" in line and "started with pid" in line]
    # Backoff 1 s, 2 s: three or four starts in 4.5 s, not hundreds.
    assert 3 <= len(crashy_starts) <= 4, out
    assert len(steady_starts) == 1, out
    assert "exited with code 3; restarting in 1 s" in out
    assert "exited with code 3; restarting in 2 s" in out
    steady_pid = int(steady_starts[0].rsplit(" ", 1)[1])
    assert any("steady" in line and "stopped" in line for line in lines), out
    assert not Path(f"/proc/{steady_pid}").exists()
