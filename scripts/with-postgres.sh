#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL server on loopback:
#   scripts/with-postgres.sh .venv/bin/pytest
# Starts a private cluster from Debian's binaries in a temporary folder, sets
# DATABASE_URL for the command and removes everything afterwards.
set -euo pipefail
bindir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)"
[ -x "$bindir/initdb" ] || { echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }
port="${PG_TEST_PORT:-$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')}"
dir="$(mktemp -d /tmp/sahifa-pg.XXXXXX)"
as_pg=()
if [ "$(id -u)" -eq 0 ]; then
  # initdb refuses to run as root: use the postgres system user.
  chown postgres "$dir"
  as_pg=(runuser -u postgres --)
fi
cleanup() {
  "${as_pg[@]}" "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT
"${as_pg[@]}" "$bindir/initdb" -D "$dir/data" -U sahifa -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${as_pg[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/log" -w -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
"${as_pg[@]}" "$bindir/createdb" -h 127.0.0.1 -p "$port" -U sahifa sahifa
echo "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
DATABASE_URL="postgres://sahifa@127.0.0.1:$port/sahifa" "$@"
