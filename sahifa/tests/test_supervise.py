"""deploy/supervise.py on real processes: a process that keeps dying is
restarted with backoff and never stops the others; SIGINT stops all."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def supervise_for(seconds: float, procfile: Path, *args: str) -> str:
    """Run the supervisor on `procfile`, Ctrl-C it after `seconds`; its output."""
    proc = subprocess.Popen(
        [sys.executable, "deploy/supervise.py", str(procfile), *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "SUPERVISE_STOP_TIMEOUT": "5"},
    )
    time.sleep(seconds)
    proc.send_signal(signal.SIGINT)
    out, _ = proc.communicate(timeout=20)
    assert proc.returncode == 0, out
    return out


def test_a_dying_process_is_restarted_alone_and_ctrl_c_stops_all(tmp_path):
    procfile = tmp_path / "Procfile"
    procfile.write_text(
        f"steady: sleep 60\ncrashy: {sys.executable} -c 'import sys; print(\"up\"); sys.exit(3)'\n"
    )
    out = supervise_for(4.5, procfile)
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


def test_the_banner_is_printed_once_when_the_site_answers(tmp_path):
    """The banner waits for the web process to answer, then shows once."""
    port = _free_port()
    procfile = tmp_path / "Procfile"
    procfile.write_text(
        f"web: {sys.executable} -c 'import time, http.server, socketserver; "
        f'time.sleep(2); print("serving", flush=True); '
        f'http.server.HTTPServer(("127.0.0.1", {port}), '
        f"http.server.SimpleHTTPRequestHandler).serve_forever()'\n"
    )
    banner = tmp_path / "banner.txt"
    banner.write_text("صحيفة تعمل الآن: BANNER-LINE\n", encoding="utf-8")
    out = supervise_for(
        5, procfile, "--ready", f"http://127.0.0.1:{port}/", "--banner", str(banner)
    )
    assert out.count("BANNER-LINE") == 1, out
    # Not before the server came up.
    assert out.index("serving") < out.index("BANNER-LINE"), out


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
