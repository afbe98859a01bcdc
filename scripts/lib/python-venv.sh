# ensure_python_venv FOLDER PACKAGE==VERSION…: a venv of its own under the user's cache holding
# exactly these pinned packages, made or brought up to date unless it already is; nothing is
# installed system-wide and a warm start downloads nothing. A lock, since two scripts may start at
# once and pip does not like sharing a venv. Prints nothing when the venv is ready as it is.
ensure_python_venv() {
    local venv=$1
    shift
    mkdir -p "$(dirname "$venv")"
    (
        flock 9
        local python="$venv/bin/python"
        # A quick look at installed versions; running pip for this would take a second each time.
        if [ -x "$python" ] && "$python" - "$@" 2>/dev/null <<'PYEOF'
import sys
from importlib.metadata import version
sys.exit(any(version(name) != wanted for name, wanted in (p.split("==") for p in sys.argv[1:])))
PYEOF
        then return 0; fi
        if ! python3 -c 'import venv, ensurepip' 2>/dev/null; then
            source "$(dirname "${BASH_SOURCE[0]}")/system-packages.sh"
            install_missing_system_packages python3-venv
        fi
        # A venv left half-made by an interrupted run has no working python: make it anew.
        if ! "$python" -c '' 2>/dev/null; then
            rm -rf "$venv"
            python3 -m venv "$venv"
        fi
        echo "installing $* into $venv"
        "$python" -m pip install -q --disable-pip-version-check "$@"
    ) 9>"$venv.lock"
}

# The tools scripts/check-api, check-admin and check-hls drive Kiln with, in one venv. Pinned: selenium
# 4.52 wants a certifi newer than PyPI's mirror here has.
KILN_TOOLS_VENV="${XDG_CACHE_HOME:-$HOME/.cache}/kiln/tools-venv"
KILN_TOOLS_PACKAGES=(schemathesis==4.32.5 openapi-spec-validator==0.9.0 selenium==4.51.0 m3u8==6.0.0)
ensure_kiln_tools() { ensure_python_venv "$KILN_TOOLS_VENV" "${KILN_TOOLS_PACKAGES[@]}"; }

# The real client SDKs the checks drive Kiln with, each as its users install it: Stream's server SDK
# (scripts/check-stream) and tuspy, a tus 1.0 client (scripts/check-tus).
KILN_CLIENTS_VENV="${XDG_CACHE_HOME:-$HOME/.cache}/kiln/clients-venv"
KILN_CLIENTS_PACKAGES=(getstream==7.0.0 tuspy==1.1.0)
ensure_kiln_clients() { ensure_python_venv "$KILN_CLIENTS_VENV" "${KILN_CLIENTS_PACKAGES[@]}"; }
