# shellcheck shell=bash
# Installs the Debian 12 packages CacheScope needs, but only those that are missing.
# Sourced by scripts/test and scripts/demo; the list is the one in QT6_BUILD_NOTES.md plus
# Google Benchmark (tests/benchmarks), imagemagick (looking at / comparing screenshots), the
# image plugins the format allowlist is tested against, and clang with its libFuzzer runtime
# (scripts/fuzz).

CACHESCOPE_PACKAGES=(
    g++ cmake make ninja-build
    qt6-base-dev qt6-declarative-dev qt6-declarative-dev-tools
    qml6-module-qtquick qml6-module-qtquick-controls qml6-module-qtquick-layouts
    qml6-module-qtquick-templates qml6-module-qttest qml6-module-qtquick-window
    qml6-module-qtqml-workerscript qml6-module-qtqml qml6-module-qtqml-models
    qml6-module-qtquick-shapes qml6-module-qtquick-dialogs
    qml6-module-qt-labs-folderlistmodel
    qt6-qpa-plugins xvfb xauth libgl1-mesa-dri
    libbenchmark-dev imagemagick
    libqt6svg6 qt6-image-formats-plugins openssl
    clang libclang-rt-14-dev
)

# Prints the packages from CACHESCOPE_PACKAGES that dpkg does not report as installed.
cachescope_missing_packages() {
    local pkg status
    for pkg in "${CACHESCOPE_PACKAGES[@]}"; do
        status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
        if [[ "$status" != installed ]]; then
            printf '%s\n' "$pkg"
        fi
    done
}

# Installs whatever is missing: one `apt-get update`, one `apt-get install`. Does nothing (and
# needs no root) when everything is present.
cachescope_install_missing_packages() {
    if ! command -v dpkg-query >/dev/null 2>&1; then
        echo "packages: dpkg-query not found; this script expects Debian 12. Skipping package check." >&2
        return 0
    fi
    local missing=()
    mapfile -t missing < <(cachescope_missing_packages)
    if ((${#missing[@]} == 0)); then
        echo "packages: all ${#CACHESCOPE_PACKAGES[@]} required packages are installed"
        return 0
    fi
    echo "packages: installing ${#missing[@]} missing: ${missing[*]}"
    local sudo=()
    if [[ $(id -u) -ne 0 ]]; then
        if ! command -v sudo >/dev/null 2>&1; then
            echo "packages: not root and no sudo; install these yourself: ${missing[*]}" >&2
            return 1
        fi
        sudo=(sudo)
    fi
    "${sudo[@]}" apt-get update
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y --no-install-recommends "${missing[@]}"
}
