#!/usr/bin/env bash
# Throwaway PostgreSQL for tests: install it if missing, start a private cluster, print its URL.
#
#   scripts/postgres.sh start        -> prints  DATABASE_URL=postgresql+psycopg://...  and  PGDATA=...
#   scripts/postgres.sh stop PGDATA  -> stops that cluster and deletes its directory
#
# Why a script: the storage tests must run on a real PostgreSQL on any fresh machine (CI included)
# without a system service. Each start makes its own cluster under /tmp/quqyq-pg.* (several
# developers share the machine), owned by the `postgres` OS user because the server refuses root,
# listening on 127.0.0.1 only, on a free port, with trust auth (local throwaway data).
source "$(dirname "$0")/lib.sh"

find_pg_bin() {
    local d
    if command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then
        dirname "$(readlink -f "$(command -v pg_ctl)")"; return 0
    fi
    for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        [ -x "$d/pg_ctl" ] && [ -x "$d/initdb" ] && { echo "$d"; return 0; }
    done
    return 1
}

install_pg() {
    [ "$(id -u)" = 0 ] || die "PostgreSQL is not installed and we are not root: install the Debian package 'postgresql' (apt-get install -y postgresql)"
    command -v apt-get >/dev/null 2>&1 || die "PostgreSQL is not installed and apt-get is unavailable: install PostgreSQL >= 13 and put pg_ctl on PATH"
    log "installing PostgreSQL (apt-get install -y postgresql)"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
}

as_pg() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

cmd_start() {
    local bin port cluster
    bin=$(find_pg_bin) || { install_pg; bin=$(find_pg_bin) || die "pg_ctl still not found after installing postgresql"; }
    # Under /tmp, not DATA_DIR: the `postgres` user must be able to reach the directory, and a
    # checkout under a private home (/root, mode 700) would lock it out.
    cluster=$(mktemp -d "${TMPDIR:-/tmp}/quqyq-pg.XXXXXX")
    if [ "$(id -u)" = 0 ]; then
        id postgres >/dev/null 2>&1 || die "OS user 'postgres' is missing (the postgresql package creates it)"
        chown postgres: "$cluster"
        chmod 700 "$cluster"
    fi
    port=$("$APP_VENV/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null \
        || python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    as_pg "$bin/initdb" -D "$cluster/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$cluster/initdb.log" 2>&1 \
        || { cat "$cluster/initdb.log" >&2; die "initdb failed"; }
    # Small footprint: the machine is shared; fsync off because the data is thrown away.
    as_pg "$bin/pg_ctl" -D "$cluster/data" -l "$cluster/server.log" -w -t 60 \
        -o "-h 127.0.0.1 -p $port -k $cluster -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=32MB -c max_connections=120" \
        start >&2 || { cat "$cluster/server.log" >&2; die "PostgreSQL did not start"; }
    as_pg "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres quqyq_test >&2
    echo "DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:$port/quqyq_test"
    echo "PGDATA=$cluster"
}

cmd_stop() {
    local cluster="${1:?usage: postgres.sh stop PGDATA}" bin
    case "$cluster" in "${TMPDIR:-/tmp}"/quqyq-pg.*) ;; *) die "refusing to stop/delete $cluster (not a cluster made by this script)";; esac
    bin=$(find_pg_bin) || die "pg_ctl not found"
    if [ -d "$cluster/data" ]; then
        as_pg "$bin/pg_ctl" -D "$cluster/data" -m immediate -w stop >&2 || true
    fi
    rm -rf "$cluster"
}

case "${1:-}" in
    start) cmd_start ;;
    stop) shift; cmd_stop "$@" ;;
    *) die "usage: scripts/postgres.sh start | stop PGDATA" ;;
esac
