"""Run the Procfile's processes (web, worker, scheduler) for `make run`, each
supervised on its own: one that exits or is killed is started again after a
backoff (1 s, 2 s, 4 s ... up to 30 s; back to 1 s once it stayed up for
30 s), and never stops the others. Ctrl-C (SIGINT) or SIGTERM stops all of
them: SIGTERM to each process group, SIGKILL after SUPERVISE_STOP_TIMEOUT
seconds (default 30).

    .venv/bin/python deploy/supervise.py [Procfile] [--ready URL --banner FILE]

With --ready, FILE (the site's addresses and logins) is printed once URL
first answers, so a newcomer sees it when the site can be opened, not before
and not buried under start-up lines. Every line is stamped in UTC by the
supervisor (children get LOG_TIMESTAMPS=0 so they add no second clock).

Output is prefixed with the process name, as honcho did; `./.env` is read
like honcho read it (variables already in the environment win). Production
uses systemd units with Restart=always instead (docs/operations.md).
Why not honcho: it stops every process when one exits, so a dead task
worker took the web server down with it."""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import os
import shlex
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_BACKOFF = 30.0
STABLE_AFTER = 30.0


def _die_with_supervisor() -> None:
    """Linux: a child gets SIGTERM if the supervisor itself is killed."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).prctl(1, signal.SIGTERM)


def read_procfile(path: Path) -> list[tuple[str, str]]:
    entries = []
    for line in path.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#") and ":" in line:
            name, command = line.split(":", 1)
            entries.append((name.strip(), command.strip()))
    return entries


def read_dotenv(path: Path) -> dict[str, str]:
    values = {}
    if not path.exists():
        return values
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.removeprefix("export ").split("=", 1)
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        values[key.strip()] = value
    return values


@dataclass
class Child:
    name: str
    command: str
    proc: subprocess.Popen | None = None
    started: float = 0.0
    failures: int = 0
    next_start: float = 0.0
    restarts: int = 0
    threads: list = field(default_factory=list)


class Supervisor:
    def __init__(
        self,
        entries,
        env,
        out=sys.stdout,
        stop_timeout: float = 30.0,
        ready_url: str | None = None,
        banner: str = "",
    ):
        self.ready_url = ready_url
        self.banner = banner
        self.children = [Child(name, command) for name, command in entries]
        self.env = env
        self.out = out
        self.stop_timeout = stop_timeout
        self.stopping = False
        self.width = max((len(c.name) for c in self.children), default=6)
        self.lock = threading.Lock()

    def say(self, name: str, text: str) -> None:
        stamp = time.strftime("%H:%M:%S", time.gmtime())
        with self.lock:
            self.out.write(f"{stamp} {name:<{self.width}} | {text}\n")
            self.out.flush()

    def start(self, child: Child) -> None:
        child.proc = subprocess.Popen(
            shlex.split(child.command),
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            # Own process group: a Ctrl-C reaches only the supervisor, which
            # then stops each child in order; a child's own children (granian
            # workers) are signalled with it.
            start_new_session=True,
            preexec_fn=_die_with_supervisor,
        )
        child.started = time.monotonic()
        self.say(child.name, f"started with pid {child.proc.pid}")
        reader = threading.Thread(target=self.pump, args=(child, child.proc), daemon=True)
        reader.start()

    def pump(self, child: Child, proc: subprocess.Popen) -> None:
        for raw in iter(proc.stdout.readline, b""):
            self.say(child.name, raw.decode("utf-8", "replace").rstrip("\n"))
        proc.stdout.close()

    def check(self, child: Child) -> None:
        """Restart a child that ended, after its backoff."""
        now = time.monotonic()
        if child.proc is not None:
            code = child.proc.poll()
            if code is None:
                if child.failures and now - child.started >= STABLE_AFTER:
                    child.failures = 0
                return
            how = f"signal {-code}" if code < 0 else f"code {code}"
            child.failures = 0 if now - child.started >= STABLE_AFTER else child.failures
            child.failures += 1
            delay = min(MAX_BACKOFF, 2 ** (child.failures - 1))
            self.say(child.name, f"exited with {how}; restarting in {delay:g} s")
            child.proc = None
            child.next_start = now + delay
            return
        if now >= child.next_start:
            child.restarts += 1
            self.start(child)

    def announce_when_ready(self, timeout: float = 600.0) -> None:
        """Print the banner once, when the site first answers."""
        deadline = time.monotonic() + timeout
        while not self.stopping and time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.ready_url, timeout=2) as response:  # noqa: S310 - our own local URL
                    if response.status < 500:
                        break
            except OSError:
                time.sleep(0.5)
        else:
            return
        with self.lock:
            self.out.write(f"\n{self.banner.rstrip()}\n\n")
            self.out.flush()

    def run(self) -> int:
        for child in self.children:
            self.start(child)
        if self.ready_url and self.banner:
            threading.Thread(target=self.announce_when_ready, daemon=True).start()
        while not self.stopping:
            for child in self.children:
                if not self.stopping:
                    self.check(child)
            time.sleep(0.2)
        return self.stop_all()

    def request_stop(self, signum, frame) -> None:
        if self.stopping:
            return
        self.stopping = True
        self.say("system", f"{signal.Signals(signum).name} received, stopping all processes")

    def stop_all(self) -> int:
        running = [c for c in self.children if c.proc is not None and c.proc.poll() is None]
        for child in running:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(child.proc.pid, signal.SIGTERM)
        deadline = time.monotonic() + self.stop_timeout
        for child in running:
            try:
                child.proc.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                self.say(child.name, "did not stop in time; killing")
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(child.proc.pid, signal.SIGKILL)
                child.proc.wait()
            self.say(child.name, f"stopped ({child.proc.returncode})")
        return 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Run and supervise a Procfile's processes.")
    parser.add_argument("procfile", nargs="?", type=Path, default=ROOT / "Procfile")
    parser.add_argument("--ready", help="URL that answers once the site is up")
    parser.add_argument("--banner", type=Path, help="file printed once --ready answers")
    args = parser.parse_args(argv[1:])
    env = {
        "LOG_TIMESTAMPS": "0",
        **read_dotenv(ROOT / ".env"),
        **os.environ,
        "PYTHONUNBUFFERED": "1",
    }
    supervisor = Supervisor(
        read_procfile(args.procfile),
        env,
        stop_timeout=float(os.environ.get("SUPERVISE_STOP_TIMEOUT", "30")),
        ready_url=args.ready,
        banner=args.banner.read_text(encoding="utf-8") if args.banner else "",
    )
    signal.signal(signal.SIGINT, supervisor.request_stop)
    signal.signal(signal.SIGTERM, supervisor.request_stop)
    return supervisor.run()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
