"""The shipped reverse proxy: render deploy/nginx/sahifa.conf.in and run nginx.

    .venv/bin/python deploy/proxy.py            # `make proxy`: foreground, Ctrl-C stops
    .venv/bin/python deploy/proxy.py --render   # write the config and print its path

Listens on PROXY_PORT (default 8080) in front of the app on PORT (default
8000); state (config, cache, pid, logs) goes to var/proxy/, so no root is
needed. Production renders the same file with its own values (see
docs/operations.md#nginx). Needs Debian's nginx and its cache-purge and
brotli modules (scripts/system-deps.sh proxy)."""

import argparse
import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "deploy" / "nginx" / "sahifa.conf.in"
HEADERS = ROOT / "deploy" / "nginx" / "proxy_headers.conf"
MODULES_DIR = Path("/usr/lib/nginx/modules")
MODULES = [
    "ngx_http_cache_purge_module.so",
    "ngx_http_brotli_filter_module.so",
    "ngx_http_brotli_static_module.so",
]


def nginx_binary() -> str | None:
    return shutil.which("nginx") or (
        "/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None
    )


def modules_installed() -> bool:
    return all((MODULES_DIR / name).exists() for name in MODULES)


def render(
    state: Path,
    listen: str,
    upstream: str,
    static_root: Path | None = None,
    media_root: Path | None = None,
    purge_allow: str = "127.0.0.1 ::1",
    workers: str = "auto",
) -> Path:
    """Write nginx.conf (and the headers it includes) into `state`."""
    state.mkdir(parents=True, exist_ok=True)
    for sub in ("cache", "tmp"):
        (state / sub).mkdir(exist_ok=True)
    var = Path(os.environ.get("SAHIFA_VAR_DIR", ROOT / "var"))
    purgers = purge_allow.split()  # may PURGE, and refresh a copy (X-Sahifa-Refresh)
    (state / "proxy_headers.conf").write_text(HEADERS.read_text())
    conf = state / "nginx.conf"
    conf.write_text(
        TEMPLATE.read_text().format(
            listen=listen,
            upstream=upstream,
            state=state,
            static_root=static_root or Path(os.environ.get("STATIC_ROOT", var / "static")),
            media_root=media_root or Path(os.environ.get("MEDIA_ROOT", var / "media")),
            purge_allow=" ".join(f"allow {address};" for address in purgers),
            purger_geo=" ".join(f"{address} 1;" for address in purgers),
            workers=workers,
            modules="\n".join(f"load_module {MODULES_DIR / name};" for name in MODULES),
        )
    )
    return conf


def command(conf: Path) -> list[str]:
    """nginx in the foreground on a rendered config. As root (a container),
    workers keep root's identity: the state folder may be private."""
    directives = "daemon off;" + (" user root;" if os.geteuid() == 0 else "")
    binary = nginx_binary()
    if binary is None:
        raise SystemExit("nginx is not installed: scripts/system-deps.sh proxy")
    return [binary, "-e", str(conf.parent / "error.log"), "-c", str(conf), "-g", directives]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--render", action="store_true", help="write the config and exit")
    args = parser.parse_args()
    port = os.environ.get("PROXY_PORT", "8080")
    app = f"127.0.0.1:{os.environ.get('PORT', '8000')}"
    var = Path(os.environ.get("SAHIFA_VAR_DIR", ROOT / "var"))
    conf = render(var / "proxy", f"127.0.0.1:{port}", app)
    if args.render:
        sys.stdout.write(f"{conf}\n")
        return
    sys.stdout.write(f"nginx page cache on http://127.0.0.1:{port}/ in front of http://{app}/\n")
    sys.stdout.flush()
    argv = command(conf)
    os.execv(argv[0], argv)


if __name__ == "__main__":
    sys.exit(main())
