#!/usr/bin/env bash
# Start a throwaway PostgreSQL cluster for the multi-desk audit tests.
#
# Run as root (CI, dev container). initdb refuses to run as root, so the cluster is created
# and run by the `postgres` user that Debian's `postgresql` package adds. Listens on
# 127.0.0.1 on a free port only; scram-sha-256 passwords; data in a temporary folder.
#
#   scripts/ci_postgres.sh [ENV_FILE]        # default ENV_FILE: /tmp/workstation-pg.env
#   . /tmp/workstation-pg.env                # exports the variables below
#   .venv/bin/python -m pytest -m postgres tests/core/audit
#   "$WORKSTATION_TEST_PG_CTL" stop          # when done (or leave it to die with the machine)
#
# ENV_FILE exports:
#   WORKSTATION_TEST_PG_URL        postgresql+psycopg://ws_app:...   the desks' role (INSERT/SELECT on the trail)
#   WORKSTATION_TEST_PG_ADMIN_URL  postgresql+psycopg://ws_owner:... owns the schema, runs migrations
#   WORKSTATION_TEST_PG_CTL        a pg_ctl wrapper for this cluster (the restart test calls "$it restart")
set -euo pipefail

env_file=${1:-/tmp/workstation-pg.env}
if [ "$(id -u)" -ne 0 ]; then
    echo "ci_postgres.sh: run as root (it starts the cluster as the postgres user)" >&2
    exit 1
fi
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
    echo "ci_postgres.sh: no PostgreSQL server binaries; install them with: apt-get install -y postgresql" >&2
    exit 1
fi
if ! id postgres >/dev/null 2>&1; then
    echo "ci_postgres.sh: no 'postgres' user (it comes with Debian's postgresql package)" >&2
    exit 1
fi
python=$(command -v python3 || command -v python)

base=$(mktemp -d /tmp/workstation-pg.XXXXXX)
chmod 0700 "$base"
chown postgres: "$base"
port=$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
superpw=$("$python" -c 'import secrets; print(secrets.token_hex(16))')
ownerpw=$("$python" -c 'import secrets; print(secrets.token_hex(16))')
apppw=$("$python" -c 'import secrets; print(secrets.token_hex(16))')

as_pg() { runuser -u postgres -- "$@"; }

printf '%s\n' "$superpw" > "$base/superpw"
chown postgres: "$base/superpw"
as_pg "$bindir/initdb" -D "$base/data" -U postgres --pwfile="$base/superpw" -E UTF8 --locale=C.UTF-8 \
    --auth-local=peer --auth-host=scram-sha-256 --no-sync >"$base/initdb.log" 2>&1 \
    || { cat "$base/initdb.log" >&2; exit 1; }
rm -f "$base/superpw"
cat >> "$base/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$base'
max_connections = 60
# A throwaway cluster: no fsync (WORKSTATION_PG_FSYNC=on to keep it). Commits still reach the
# kernel before they are acknowledged, so a server crash or restart (what the tests do) loses
# nothing; only a power cut could, which no test simulates. Production desks keep fsync on.
fsync = ${WORKSTATION_PG_FSYNC:-off}
CONF

cat > "$base/pg_ctl.sh" <<WRAP
#!/bin/sh
# pg_ctl for the throwaway cluster in $base (runs as postgres; tests may run as another user).
if [ "\$(id -u)" -eq 0 ]; then as=runuser; else as="sudo -n"; fi
exec \$as -u postgres -- "$bindir/pg_ctl" -D "$base/data" -l "$base/server.log" -w -t 30 "\$@"
WRAP
chmod 0755 "$base/pg_ctl.sh"
"$base/pg_ctl.sh" start >/dev/null

as_pg "$bindir/psql" -h "$base" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -q <<SQL
CREATE ROLE ws_owner LOGIN PASSWORD '$ownerpw';
CREATE ROLE ws_app LOGIN PASSWORD '$apppw';
CREATE DATABASE workstation_test OWNER ws_owner;
\c workstation_test
ALTER SCHEMA public OWNER TO ws_owner;
REVOKE ALL ON DATABASE workstation_test FROM PUBLIC;
GRANT CONNECT ON DATABASE workstation_test TO ws_app;
SQL

umask 077
cat > "$env_file" <<ENV
export WORKSTATION_TEST_PG_URL='postgresql+psycopg://ws_app:$apppw@127.0.0.1:$port/workstation_test'
export WORKSTATION_TEST_PG_ADMIN_URL='postgresql+psycopg://ws_owner:$ownerpw@127.0.0.1:$port/workstation_test'
export WORKSTATION_TEST_PG_CTL='$base/pg_ctl.sh'
ENV
echo "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (data in $base); variables in $env_file"
