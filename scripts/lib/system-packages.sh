# Sourced by every script that needs Debian packages: the packages Kiln builds against, and what
# each check drives it with, named once here. Only those that are missing are installed, so a fresh
# Debian 12 machine with Swift needs nothing but these scripts.
KILN_SYSTEM_PACKAGES=(
    pkg-config libsqlite3-dev libvips-dev
    libavformat-dev libavcodec-dev libavutil-dev libswscale-dev libswresample-dev
    curl bc
)
# The scripts' own tools: python3 (free ports, JSON, the venvs), ps (stop_s3_server).
KILN_SCRIPT_PACKAGES=(python3 python3-venv procps)
# The Swift suite: ffmpeg and ffprobe make and read media; mount (util-linux) gives DiskFullTests its tmpfs.
KILN_SUITE_PACKAGES=(ffmpeg mount postgresql-15)
KILN_CHECK_ADMIN_PACKAGES=(chromium chromium-driver sqlite3)
KILN_CHECK_HLS_PACKAGES=(ffmpeg gstreamer1.0-tools gstreamer1.0-plugins-base gstreamer1.0-plugins-good
    gstreamer1.0-plugins-bad gstreamer1.0-libav chromium chromium-driver)
# Everything scripts/test uses, installed before anything runs.
KILN_TEST_PACKAGES=("${KILN_SCRIPT_PACKAGES[@]}" "${KILN_SUITE_PACKAGES[@]}" "${KILN_CHECK_ADMIN_PACKAGES[@]}"
    "${KILN_CHECK_HLS_PACKAGES[@]}")

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
