#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL primary and a read replica
# kept up to date by streaming replication, both on loopback:
#   scripts/with-postgres-replica.sh .venv/bin/pytest sahifa/tests/test_replica.py
# Sets DATABASE_URL (primary) and DATABASE_REPLICA_URL (hot standby) for the
# command and removes both clusters afterwards. Replication is asynchronous,
# as in most installs: see docs/operations.md#scaling-out for remote_apply.
set -euo pipefail
bindir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)"
[ -x "$bindir/initdb" ] || { echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
primary_port="$(free_port)"
replica_port="$(free_port)"
dir="$(mktemp -d /tmp/sahifa-pg-replica.XXXXXX)"
as_pg=()
if [ "$(id -u)" -eq 0 ]; then
  # initdb refuses to run as root: use the postgres system user.
  chown postgres "$dir"
  as_pg=(runuser -u postgres --)
fi
cleanup() {
  "${as_pg[@]}" "$bindir/pg_ctl" -D "$dir/replica" -m immediate stop >/dev/null 2>&1 || true
  "${as_pg[@]}" "$bindir/pg_ctl" -D "$dir/primary" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT
fast="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
# initdb's pg_hba.conf already trusts replication connections from loopback.
"${as_pg[@]}" "$bindir/initdb" -D "$dir/primary" -U sahifa -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${as_pg[@]}" "$bindir/pg_ctl" -D "$dir/primary" -l "$dir/primary.log" -w \
  -o "-p $primary_port -k $dir -c listen_addresses=127.0.0.1 -c wal_level=replica $fast" start >/dev/null
"${as_pg[@]}" "$bindir/createdb" -h 127.0.0.1 -p "$primary_port" -U sahifa sahifa
# A copy of the primary that follows its WAL (-R writes standby.signal and
# primary_conninfo); hot_standby lets it answer read-only queries.
"${as_pg[@]}" "$bindir/pg_basebackup" -h 127.0.0.1 -p "$primary_port" -U sahifa \
  -D "$dir/replica" -R -X stream -c fast
"${as_pg[@]}" "$bindir/pg_ctl" -D "$dir/replica" -l "$dir/replica.log" -w \
  -o "-p $replica_port -k $dir -c listen_addresses=127.0.0.1 -c hot_standby=on $fast" start >/dev/null
echo "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') primary on 127.0.0.1:$primary_port, replica on 127.0.0.1:$replica_port"
DATABASE_URL="postgres://sahifa@127.0.0.1:$primary_port/sahifa" \
  DATABASE_REPLICA_URL="postgres://sahifa@127.0.0.1:$replica_port/sahifa" "$@"
