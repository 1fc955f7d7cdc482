#!/usr/bin/env bash
# Debian packages Sahifa needs. `make install` asks for the run set,
# `make proxy` for the proxy set, `make test` for the test set. Installs only what is missing; needs root
# (or sudo) the first time on a fresh machine.
set -euo pipefail
set_name="${1:-run}"
run_pkgs=(python3-venv fonts-noto-core libfribidi0)
# The shipped reverse proxy (`make proxy`, sahifa/tests/test_proxy.py).
proxy_pkgs=(nginx libnginx-mod-http-cache-purge libnginx-mod-http-brotli-filter libnginx-mod-http-brotli-static)
test_pkgs=(postgresql redis-server chromium fonts-noto-core "${proxy_pkgs[@]}")
# `scripts/system-deps.sh bench`: load generator and the static-file yardstick (bench/hot_path.py).
bench_pkgs=(wrk nginx)

missing=()
check() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed" || missing+=("$1"); }
if [ "$set_name" = "run" ]; then
  # python3 -m venv works without the Debian package when Python is not Debian's.
  python3 -c "import ensurepip, venv" 2>/dev/null || check "python3-venv"
  # Arabic fonts and bidi for the generated share images (distribution).
  for p in "${run_pkgs[@]:1}"; do check "$p"; done
elif [ "$set_name" = "bench" ]; then
  for p in "${bench_pkgs[@]}"; do check "$p"; done
elif [ "$set_name" = "proxy" ]; then
  for p in "${proxy_pkgs[@]}"; do check "$p"; done
else
  for p in "${test_pkgs[@]}"; do check "$p"; done
  # The page checkers (package.json): Java for vnu.jar, Node and npm for
  # Lighthouse. Checked as commands: Node may come from outside Debian.
  command -v java >/dev/null || missing+=(default-jre-headless)
  command -v node >/dev/null || missing+=(nodejs)
  command -v npm >/dev/null || missing+=(npm)
fi
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing Debian packages: ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "Please install as root: apt-get install ${missing[*]}" >&2; exit 1; }
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
