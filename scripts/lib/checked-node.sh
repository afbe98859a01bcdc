# Sourced by scripts/check-api, check-admin and check-hls: one Kiln node under test, KILN_BIN (the debug
# build unless set), on a free loopback port with a data folder and a secret of its own; it and its
# folder go when the script exits.
#   start_checked_node NAME [VAR=VALUE…]   starts it with those variables set and waits for /healthz;
#                                          sets work (a folder for the script too), base (its URL),
#                                          secret and kiln
#   node_token USER ROLE                   prints a token the node accepts
#   new_secret                             prints 32 random bytes as hex, a secret for the node to hold
#   fail MESSAGE                           says so, with the node's last log lines, and exits 1
source scripts/lib/build.sh
source scripts/lib/ports.sh

start_checked_node() {
    checked_name=$1
    shift
    kiln=${KILN_BIN:-.build/debug/kiln}
    [ -x "$kiln" ] && [ -x "$(dirname "$kiln")/kiln-sandbox" ] || build_kiln
    work=$(mktemp -d)
    checked_node=""
    trap 'stop_checked_node' EXIT
    secret=$(new_secret)
    local port
    port=$(free_port)
    base="http://127.0.0.1:$port"
    env KILN_DATA="$work/data" KILN_HOST=127.0.0.1 KILN_PORT="$port" KILN_JWT_SECRET="$secret" KILN_LOG_LEVEL=warning "$@" \
        "$kiln" serve >"$work/node.log" 2>&1 &
    checked_node=$!
    for _ in $(seq 300); do curl -sf "$base/healthz" >/dev/null && return 0; sleep 0.1; done
    fail "the node did not answer /healthz"
}

stop_checked_node() {
    [ -n "$checked_node" ] && kill "$checked_node" 2>/dev/null && wait "$checked_node" 2>/dev/null
    rm -rf "$work"
}

new_secret() { python3 -c 'import secrets; print(secrets.token_hex(32))'; }

node_token() { KILN_JWT_SECRET=$secret "$kiln" token --user "$1" --role "$2" --data "$work/data"; }

fail() {
    echo "$checked_name: $*" >&2
    [ -f "$work/node.log" ] && tail -n 30 "$work/node.log" >&2
    exit 1
}
