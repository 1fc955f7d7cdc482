"""Beacon ingestion throughput: wrk + Lua on loopback against the project's
web server (deploy/web.py: granian, 2 WSGI workers), Redis vs the embedded
store, side by side, repeated, next to two floors: granian and gunicorn
(2 sync workers) answering 204 from an empty WSGI app (no Django). Each
beacon is a distinct reader (random user agent) of one of 50 articles; 5 %
are crawler hits.

    .venv/bin/python bench/audience_ingest.py [--seconds 15] [--repeat 2]
        [--connections 32]

"counted" is read from the database after a graceful stop (and, with
Redis, a final `audience_flush`): pageviews must equal the human hits sent,
unique views equal them too (every reader is new), within HyperLogLog error
with Redis."""

import argparse
import os
import re
import subprocess
import time
from pathlib import Path

from audience_harness import (
    cleanup,
    flush_redis,
    log,
    make_site,
    start_redis,
    start_web,
    stop,
    table,
    totals,
)

LUA = r"""
local ids = {%(ids)s}
local counter = 0
-- Not a local: setup() runs in the main Lua state and sets it per thread.
thread_id = 0
local created = 0
setup = function(thread)
  created = created + 1
  thread:set("thread_id", created)
end
init = function(args)
  math.randomseed(os.time() * 1000 + thread_id)
end
request = function()
  counter = counter + 1
  local id = ids[math.random(#ids)]
  local ua
  if math.random() < 0.05 then
    ua = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
  else
    ua = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 r" .. thread_id .. "-" .. counter .. "-" .. math.random(1000000)
  end
  return wrk.format("POST", "/audience/hit?p=" .. id .. "&e=v", {["User-Agent"] = ua, ["Content-Length"] = "0"}, "")
end
"""
# Paced runs: each connection waits a random 0..2×mean ms before its next
# request, so the offered rate is about connections / (mean + ~1 ms for the
# request itself and wrk's timer).
PACE = r"""
delay = function()
  return math.random(0, %(twice_mean)d)
end
"""


def parse(output: str) -> dict:
    def ms(label):
        match = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        if not match:
            return float("nan")
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    total = int(re.search(r"(\d+) requests in", output).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: (.*)", output)
    return {
        "rps": rps,
        "total": total,
        "p50": ms("50"),
        "p99": ms("99"),
        "non2xx": int(non2xx.group(1)) if non2xx else 0,
        "socket": errors.group(1).strip() if errors else "-",
    }


def beacon_script(site, extra: str = "") -> Path:
    """The beacon Lua script for `site`'s articles, plus `extra` Lua."""
    script = site.workdir / "beacon.lua"
    script.write_text(LUA % {"ids": ",".join(map(str, site.article_ids))} + extra)
    return script


def wrk(url: str, seconds: int, connections: int, script: Path | None = None) -> dict:
    """One wrk run (2 threads) against `url`, parsed."""
    lua = ["-s", str(script)] if script else []
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", *lua, url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return parse(out)


MODES = {
    # label: (server, WSGI target, store)
    "gunicorn, empty app": ("gunicorn", "audience_harness:empty_app", None),
    "granian, empty app": ("granian", "audience_harness:empty_app", None),
    "redis": ("granian", "sahifa.wsgi:application", "redis"),
    "embedded": ("granian", "sahifa.wsgi:application", "embedded"),
}


def run(mode: str, seconds: int, connections: int, rate: float = 0) -> dict:
    """Closed-loop (as fast as the server answers) unless `rate` is given."""
    server, app, store = MODES[mode]
    site = make_site(50)
    try:
        extra = {}
        if store == "redis":
            url = start_redis(site)
            extra = {"REDIS_URL": url, "SAHIFA_AUDIENCE_REDIS_URL": url}
        web, port = start_web(site, extra, app=app, server=server)
        pace = PACE % {"twice_mean": round(2 * (1000 * connections / rate - 1))} if rate else ""
        script = beacon_script(site, pace)
        result = wrk(f"http://127.0.0.1:{port}/", seconds, connections, script)
        time.sleep(1)
        stop(web)  # graceful: workers write their buffers
        if store == "redis":
            flush_redis(site, extra["SAHIFA_AUDIENCE_REDIS_URL"])
        counted = totals(site) if store else {}
        result["pageviews"] = counted.get("pageviews", "-")
        result["views"] = counted.get("views", "-")
        return result
    finally:
        cleanup(site)


def row(attempt, mode: str, r: dict) -> list:
    counted = r["pageviews"] != "-"
    return [
        attempt,
        mode,
        f"{r['rps']:,.0f}",
        f"{r['p50']:.2f}",
        f"{r['p99']:.2f}",
        r["total"],
        r["pageviews"],
        f"{r['pageviews'] / max(r['total'], 1):.1%}" if counted else "-",
        f"{r['views'] / max(r['pageviews'], 1):.1%}" if counted else "-",
        r["non2xx"],
        r["socket"],
    ]


HEADERS = [
    "run",
    "server / store",
    "beacons/s",
    "p50 ms",
    "p99 ms",
    "sent",
    "pageviews counted",
    "counted/sent (95% human)",
    "unique/pageviews",
    "non-2xx",
    "socket errors",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument(
        "--rate", type=float, default=5000, help="offered rate of the paced runs (0: none)"
    )
    parser.add_argument("--only", choices=list(MODES), action="append", help="repeatable")
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    closed, paced = [], []
    for attempt in range(1, args.repeat + 1):
        for mode in args.only or MODES:
            log(f"run {attempt} {mode} …")
            closed.append(row(attempt, mode, run(mode, args.seconds, args.connections)))
            if args.rate and MODES[mode][2]:
                log(f"run {attempt} {mode} at {args.rate:.0f}/s …")
                r = run(mode, args.seconds, 2 * args.connections, args.rate)
                paced.append(row(attempt, mode, r))
    print(
        f"wrk -t2 -d{args.seconds}s on 127.0.0.1, 2 workers per server, ACCESS_LOG=0; "
        f"load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after"
    )
    print(f"\nAs fast as the server answers (closed loop, {args.connections} connections):")
    print(table(HEADERS, closed))
    if paced:
        print(
            f"\nPaced at about {args.rate:,.0f} beacons/s offered "
            f"({2 * args.connections} connections, random think time): latency at that rate"
        )
        print(table(HEADERS, paced))


if __name__ == "__main__":
    main()
