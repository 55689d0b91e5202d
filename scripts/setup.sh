#!/usr/bin/env bash
# Prepares a Debian bookworm machine for Stratus and builds it.
#
#   scripts/setup.sh [options] [-- extra cmake args]
#
# 1. Installs the packages below with apt, but only if one is missing, so re-runs are fast
#    and work offline.
# 2. Configures and builds with CMake + Ninja + clang-19 (Release into build/release unless
#    told otherwise).
#
# Options (each also settable through the environment variable in brackets):
#   --build-type TYPE    CMake build type [STRATUS_BUILD_TYPE, default Release]
#   --build-dir DIR      build directory [STRATUS_BUILD_DIR, default build/<type in lowercase>]
#   --sanitize           ASan + UBSan build [STRATUS_SANITIZE=ON]
#   --no-werror          don't treat warnings as errors [STRATUS_WERROR=OFF; default ON, as CI]
#   --target T           build only T (repeatable) [default: everything]
#   --skip-packages      don't check or install packages [STRATUS_SKIP_PACKAGES=1]
#   --packages-only      install packages, don't configure or build
#   --jobs N             parallel build jobs [STRATUS_JOBS, default: number of cores]
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

packages=(
  clang-19 lld-19                                  # compiler; lld provides wasm-ld for the wasm builds
  libclang-rt-19-dev libclang-rt-19-dev-wasm32     # sanitizer and fuzzer runtimes; wasm32 builtins
  wasi-libc                                        # C library for the example and bench WASI programs
  wabt                                             # wat2wasm / wasm-objdump for tests and debugging
  cmake ninja-build
  libgtest-dev googletest                          # unit tests
  libcli11-dev                                     # the stratus command line
  nlohmann-json3-dev                               # spec test runner reads wast2json output
  nodejs                                           # V8 reference in bench/ and tests/diff/
  python3                                          # tests/e2e and tests/diff drivers
  git ca-certificates
)

build_type=${STRATUS_BUILD_TYPE:-Release}
build_dir=${STRATUS_BUILD_DIR:-}
sanitize=${STRATUS_SANITIZE:-OFF}
werror=${STRATUS_WERROR:-ON}
skip_packages=${STRATUS_SKIP_PACKAGES:-0}
jobs=${STRATUS_JOBS:-$(nproc)}
packages_only=0
targets=()
extra_cmake_args=()

while [[ $# -gt 0 ]]; do
  case "$1" in
    --build-type) build_type=$2; shift 2 ;;
    --build-dir) build_dir=$2; shift 2 ;;
    --sanitize) sanitize=ON; shift ;;
    --no-werror) werror=OFF; shift ;;
    --target) targets+=("$2"); shift 2 ;;
    --skip-packages) skip_packages=1; shift ;;
    --packages-only) packages_only=1; shift ;;
    --jobs) jobs=$2; shift 2 ;;
    --) shift; extra_cmake_args=("$@"); break ;;
    -h|--help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "setup.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done
build_dir=${build_dir:-build/$(echo "$build_type" | tr '[:upper:]' '[:lower:]')}
[[ "$build_dir" = /* ]] || build_dir="$repo_root/$build_dir"

log() { printf '==> %s\n' "$*"; }

missing_packages() {
  local package
  for package in "${packages[@]}"; do
    if [[ "$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null)" != "install ok installed" ]]; then
      echo "$package"
    fi
  done
}

install_packages() {
  local missing
  mapfile -t missing < <(missing_packages)
  if [[ ${#missing[@]} -eq 0 ]]; then
    log "packages: all ${#packages[@]} already installed"
  else
    local sudo=()
    if [[ $(id -u) -ne 0 ]]; then
      command -v sudo >/dev/null || { echo "setup.sh: not root and no sudo; install: ${missing[*]}" >&2; exit 1; }
      sudo=(sudo)
    fi
    log "packages: installing ${missing[*]}"
    "${sudo[@]}" apt-get update -q
    local package
    for package in "${missing[@]}"; do
      # A name apt has never heard of means this is not the bookworm we expect; say which.
      if ! apt-cache policy "$package" 2>/dev/null | grep -q 'Candidate: [0-9]'; then
        echo "setup.sh: apt has no candidate for '$package' (is this Debian bookworm with its standard sources?)" >&2
        exit 1
      fi
    done
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi

  # Debian ships Node 18, some of our machines carry 20; anything from 18 on works.
  local node_version
  node_version=$(node --version 2>/dev/null || true)
  if [[ ! "$node_version" =~ ^v([0-9]+)\. ]] || (( BASH_REMATCH[1] < 18 )); then
    echo "setup.sh: need Node.js >= 18, found '${node_version:-none}'" >&2
    exit 1
  fi
  log "node: $node_version, $(clang-19 --version | head -n1)"
}

configure_and_build() {
  local cmake_args=(
    -S "$repo_root" -B "$build_dir" -G Ninja
    -DCMAKE_C_COMPILER=clang-19 -DCMAKE_CXX_COMPILER=clang++-19
    -DCMAKE_BUILD_TYPE="$build_type"
    -DSTRATUS_WERROR="$werror" -DSTRATUS_SANITIZE="$sanitize"
    "${extra_cmake_args[@]}"
  )
  log "configure: $build_dir ($build_type, sanitize=$sanitize, werror=$werror)"
  mkdir -p "$build_dir"
  # Quiet on success; the whole log on failure.
  cmake "${cmake_args[@]}" >"$build_dir/configure.log" 2>&1 || {
    cat "$build_dir/configure.log" >&2
    echo "setup.sh: cmake configure failed" >&2
    exit 1
  }
  log "build: ninja -C $build_dir -j$jobs ${targets[*]:-(all)}"
  ninja -C "$build_dir" -j"$jobs" "${targets[@]}"
}

if [[ "$skip_packages" != 1 ]]; then
  install_packages
fi
if [[ "$packages_only" != 1 ]]; then
  configure_and_build
  log "done: $build_dir"
fi
