# Sourced by scripts/test, scripts/cluster and scripts/cluster-check: a throwaway PostgreSQL 15 on
# a free loopback port, trust authentication, data in a temporary folder.
#   start_throwaway_postgres        exports KILN_PG_DIR, KILN_PG_PORT, KILN_TEST_DATABASE_URL
#   stop_postgres_server            pg_ctl stop -m fast (fault tests), the folder and port stay
#   start_postgres_server           starts it again on the same folder and port
#   remove_throwaway_postgres       stops it and removes the folder; safe twice, meant for `trap … EXIT`
source scripts/lib/ports.sh
KILN_PG_BIN=/usr/lib/postgresql/15/bin

# initdb refuses to run as root, so as root the cluster belongs to the `postgres` user.
_kiln_pg_as_owner() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_postgres_server() {
    if ! _kiln_pg_as_owner "$KILN_PG_BIN/pg_ctl" -D "$KILN_PG_DIR" -l "$KILN_PG_DIR/log" -w -o \
        "-c listen_addresses=127.0.0.1 -p $KILN_PG_PORT -k $KILN_PG_DIR -c fsync=off -c max_connections=200" \
        start >/dev/null; then
        echo "postgres: could not start on port $KILN_PG_PORT; the end of $KILN_PG_DIR/log:" >&2
        tail -n 20 "$KILN_PG_DIR/log" >&2
        return 1
    fi
}

stop_postgres_server() {
    _kiln_pg_as_owner "$KILN_PG_BIN/pg_ctl" -D "$KILN_PG_DIR" -m fast -w stop >/dev/null
}

start_throwaway_postgres() {
    if [ ! -x "$KILN_PG_BIN/initdb" ]; then
        source "$(dirname "${BASH_SOURCE[0]}")/system-packages.sh"
        install_missing_system_packages postgresql-15
    fi
    KILN_PG_DIR=$(mktemp -d)
    if [ "$(id -u)" -eq 0 ]; then chown postgres: "$KILN_PG_DIR"; fi
    local output
    output=$(_kiln_pg_as_owner "$KILN_PG_BIN/initdb" -D "$KILN_PG_DIR" -U kiln --auth=trust -E UTF8 \
        --locale=C.UTF-8 --no-sync 2>&1) || { echo "$output" >&2; return 1; }
    # Another process may take the free port before the server binds it: try again on another.
    local attempt
    for attempt in 1 2 3; do
        KILN_PG_PORT=$(free_port)
        if start_postgres_server 2>/dev/null; then break; fi
        if [ "$attempt" -eq 3 ]; then tail -n 20 "$KILN_PG_DIR/log" >&2; return 1; fi
    done
    "$KILN_PG_BIN/createdb" -h 127.0.0.1 -p "$KILN_PG_PORT" -U kiln kiln
    # Trust authentication ignores the password; it is there so that code redacting it is exercised.
    export KILN_PG_DIR KILN_PG_PORT KILN_TEST_DATABASE_URL="postgres://kiln:unused-under-trust@127.0.0.1:$KILN_PG_PORT/kiln"
}

remove_throwaway_postgres() {
    [ -n "${KILN_PG_DIR:-}" ] || return 0
    if [ -d "$KILN_PG_DIR" ]; then
        stop_postgres_server 2>/dev/null || true
        rm -rf "$KILN_PG_DIR"
    fi
    unset KILN_PG_DIR KILN_PG_PORT KILN_TEST_DATABASE_URL
}
