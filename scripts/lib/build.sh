# shellcheck shell=bash
# Configures and builds one of CacheScope's build folders. Sourced by scripts/test and scripts/demo.
#
# Every folder is a Debug configuration (Q_ASSERT and Qt's own debug checks stay on); the sanitizer
# folders compile at -O1, which keeps the instrumented tests fast enough and the stacks readable.

CACHESCOPE_ROOT=${CACHESCOPE_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
CACHESCOPE_JOBS=${CACHESCOPE_JOBS:-2}

# cachescope_configure <variant>   variant: debug | asan | tsan
cachescope_configure() {
    local variant=$1
    local dir="$CACHESCOPE_ROOT/build/$variant"
    local args=(-S "$CACHESCOPE_ROOT" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Debug)
    case "$variant" in
        debug) args+=(-DCACHESCOPE_SANITIZE=) ;;
        # Benchmarks are only built to keep them compiling, which the debug folder does already.
        asan)  args+=("-DCACHESCOPE_SANITIZE=address;undefined" "-DCMAKE_CXX_FLAGS_DEBUG=-g -O1"
                      -DCACHESCOPE_BUILD_BENCHMARKS=OFF) ;;
        tsan)  args+=(-DCACHESCOPE_SANITIZE=thread "-DCMAKE_CXX_FLAGS_DEBUG=-g -O1"
                      -DCACHESCOPE_BUILD_BENCHMARKS=OFF) ;;
        *) echo "unknown build variant: $variant" >&2; return 2 ;;
    esac
    # A folder made by another generator cannot be reused; start it over.
    if [[ -f "$dir/CMakeCache.txt" ]] && ! grep -q '^CMAKE_GENERATOR:INTERNAL=Ninja$' "$dir/CMakeCache.txt"; then
        echo "build/$variant was configured with another generator; recreating it"
        rm -rf "$dir"
    fi
    cmake "${args[@]}"
}

# cachescope_build <variant> [cmake --build args...]
cachescope_build() {
    local variant=$1
    shift
    local dir="$CACHESCOPE_ROOT/build/$variant"
    cachescope_configure "$variant" || return
    local log="$dir/last-build.log" rc=0
    # (PIPESTATUS, not pipefail: this file must not depend on the caller's shell options.)
    { cmake --build "$dir" -j "$CACHESCOPE_JOBS" "$@" 2>&1 | tee "$log"; rc=${PIPESTATUS[0]}; } || true
    ((rc == 0)) && return 0
    # Incremental-build trap seen with CMake 3.25 / Qt 6.4 in a reused folder (after
    # qt_extract_metatypes() was added for an already-built library): AUTOMOC kept its up-to-date
    # moc files without the .json beside them, and `moc --collect-json` failed with "Error opening
    # .../moc_x.cpp.json". Regenerating the autogen folders fixes it; any other failure is real.
    if grep -qE 'Error opening .*moc_[^ ]*\.json|metatypes\.json\.gen' "$log"; then
        echo "build/$variant: stale AUTOMOC output (missing moc .json); regenerating autogen folders and retrying once"
        find "$dir" -type d -name '*_autogen' -prune -exec rm -rf {} +
        { cmake --build "$dir" -j "$CACHESCOPE_JOBS" "$@" 2>&1 | tee "$log"; rc=${PIPESTATUS[0]}; } || true
    fi
    return "$rc"
}

# cachescope_build_for_label <variant> <ctest label>: builds only the executables that the tests
# with that label run (and, through Ninja, what they link). Falls back to a full build when a
# test runs anything other than an executable of this build. Anything a test loads at run time
# without linking it (a QML plugin, say) is not built by this; such a test needs a full build.
cachescope_build_for_label() {
    local variant=$1 label=$2
    local dir="$CACHESCOPE_ROOT/build/$variant"
    cachescope_configure "$variant" || return
    ctest --test-dir "$dir" --show-only=json-v1 -L "$label" >"$dir/ctest-$label.json" || return
    cmake "-DJSON_FILE=$dir/ctest-$label.json" "-DBUILD_DIR=$dir" "-DOUT_FILE=$dir/ctest-$label.targets" \
        -P "$CACHESCOPE_ROOT/scripts/lib/test-targets.cmake" || return
    local targets=() target all=0
    mapfile -t targets <"$dir/ctest-$label.targets"
    [[ "${targets[0]:-ALL}" == ALL ]] && all=1
    for target in "${targets[@]}"; do
        ninja -C "$dir" -t query "$target" >/dev/null 2>&1 || all=1
    done
    if ((all)); then
        echo "build/$variant: building everything (not every '$label' test is an executable of this build)"
        cachescope_build "$variant"
    else
        echo "build/$variant: building only what the '$label' tests run: ${targets[*]}"
        cachescope_build "$variant" --target "${targets[@]}"
    fi
}
