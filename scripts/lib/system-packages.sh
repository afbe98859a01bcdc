# Sourced by scripts/run and scripts/test: installs the Debian packages Kiln builds against, only
# those that are missing, so a fresh machine needs nothing but these scripts.
KILN_SYSTEM_PACKAGES=(
    pkg-config libsqlite3-dev libvips-dev
    libavformat-dev libavcodec-dev libavutil-dev libswscale-dev libswresample-dev
    curl bc
)

install_missing_system_packages() {
    local missing=()
    for package in "${KILN_SYSTEM_PACKAGES[@]}" "$@"; do
        if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
            missing+=("$package")
        fi
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "installing system packages: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}
