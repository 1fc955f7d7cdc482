"""Beacon ingestion throughput: wrk + Lua on loopback against gunicorn
(deploy/gunicorn.conf.py, 2 sync workers), Redis vs the embedded store,
side by side, repeated, next to the floor: the same gunicorn answering
204 from an empty WSGI app (no Django). Each beacon is a distinct reader (random user agent)
of one of 50 articles; 5 % are crawler hits.

    .venv/bin/python bench/audience_ingest.py [--seconds 15] [--repeat 2]
        [--connections 32] [--no-recycle]

The project config restarts a worker every ~5,000 requests (max_requests);
--no-recycle passes --max-requests 0 to gunicorn to see what that costs."""

import argparse
import re
import subprocess
import time

from audience_harness import (
    cleanup,
    flush_redis,
    log,
    make_site,
    start_gunicorn,
    start_redis,
    stop,
    table,
    totals,
)

LUA = r"""
local ids = {%(ids)s}
local counter = 0
local tid = 0
local threads = {}
setup = function(thread)
  tid = tid + 1
  thread:set("tid", tid)
  table.insert(threads, thread)
end
init = function(args)
  math.randomseed(os.time() * 1000 + (tid or 0))
end
request = function()
  counter = counter + 1
  local id = ids[math.random(#ids)]
  local ua
  if math.random() < 0.05 then
    ua = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
  else
    ua = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 r" .. tid .. "-" .. counter .. "-" .. math.random(1000000)
  end
  return wrk.format("POST", "/audience/hit?p=" .. id .. "&e=v", {["User-Agent"] = ua, ["Content-Length"] = "0"}, "")
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


def run(mode: str, seconds: int, connections: int, no_recycle: bool) -> dict:
    site = make_site(50)
    try:
        extra = {}
        if mode == "redis":
            url = start_redis(site)
            extra = {"REDIS_URL": url, "SAHIFA_AUDIENCE_REDIS_URL": url}
        args = ["--max-requests", "0"] if no_recycle else []
        app = "audience_harness:empty_app" if mode == "empty app" else "sahifa.wsgi"
        gunicorn, port = start_gunicorn(site, extra, args, app=app)
        script = site.workdir / "beacon.lua"
        script.write_text(LUA % {"ids": ",".join(map(str, site.article_ids))})
        out = subprocess.run(
            ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", str(script)]
            + [f"http://127.0.0.1:{port}/"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        result = parse(out)
        time.sleep(1)
        stop(gunicorn)  # graceful: embedded workers write their buffers
        if mode == "redis":
            flush_redis(site, extra["SAHIFA_AUDIENCE_REDIS_URL"])
        result["counted"] = totals(site)["pageviews"] if mode != "empty app" else "-"
        return result
    finally:
        cleanup(site)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--no-recycle", action="store_true")
    args = parser.parse_args()
    rows = []
    for attempt in range(1, args.repeat + 1):
        for mode in ("empty app", "redis", "embedded"):
            log(f"run {attempt} {mode} …")
            r = run(mode, args.seconds, args.connections, args.no_recycle)
            rows.append(
                [
                    attempt,
                    mode,
                    f"{r['rps']:,.0f}",
                    f"{r['p50']:.2f}",
                    f"{r['p99']:.2f}",
                    r["total"],
                    r["counted"],
                    f"{r['counted'] / max(r['total'], 1):.1%}" if r["counted"] != "-" else "-",
                    r["non2xx"],
                    r["socket"],
                ]
            )
    print(
        f"wrk -t2 -c{args.connections} -d{args.seconds}s, gunicorn 2 sync workers, "
        f"worker recycling: {'off' if args.no_recycle else 'config (5000 ± 500 requests)'}, "
        "ACCESS_LOG=0"
    )
    print(
        table(
            [
                "run",
                "store",
                "beacons/s",
                "p50 ms",
                "p99 ms",
                "sent",
                "counted",
                "counted/sent (95% human)",
                "non-2xx",
                "socket errors",
            ],
            rows,
        )
    )


if __name__ == "__main__":
    main()
