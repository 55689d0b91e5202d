#!/usr/bin/env bash
# The package checks of scripts/setup.sh against fake apt tools that write far more than a pipe
# holds after the line the check looks for. A check that pipes into an early-exiting reader
# (`apt-cache policy | grep -q`) then fails every time instead of now and then, so the race that
# broke fresh machines cannot come back unnoticed. Also checks that scripts/lint-shell.sh
# rejects that pattern and accepts our scripts.
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

mkdir -p "$work/bin"
for _ in $(seq 16384); do
  echo '     1:19.1.7-3~deb12u1 500'
  echo '        500 http://deb.debian.org/debian bookworm/main amd64 Packages'
done >"$work/version_table"
# About 1 MiB of version table after each Candidate line: far beyond a pipe's 64 KiB buffer.
cat >"$work/bin/apt-cache" <<'FAKE'
#!/usr/bin/env bash
[[ "$1" == policy ]] || exit 1
shift
for package in "$@"; do
  case "$package" in
    fake-known|fake-installed) candidate='1:19.1.7-3~deb12u1' ;;
    *) candidate='(none)' ;;
  esac
  printf '%s:\n  Installed: (none)\n  Candidate: %s\n  Version table:\n' "$package" "$candidate"
  cat "$(dirname "$0")/../version_table"
done
FAKE
cat >"$work/bin/dpkg-query" <<'FAKE'
#!/usr/bin/env bash
package=${!#}
[[ "$package" == fake-installed ]] && { printf 'install ok installed'; exit 0; }
exit 1
FAKE
cat >"$work/bin/apt-get" <<'FAKE'
#!/usr/bin/env bash
[[ " $* " == *" --simulate "* ]] || { echo "fake apt-get: only --simulate is allowed here" >&2; exit 1; }
head -c $((1 << 20)) /dev/zero | tr '\0' 'i'
FAKE
chmod +x "$work/bin/"*
export PATH="$work/bin:$PATH"

# shellcheck source=../../scripts/setup.sh
source "$repo_root/scripts/setup.sh"

for attempt in $(seq 10); do
  unknown=$(packages_without_candidate fake-known fake-unknown fake-installed)
  [[ "$unknown" == fake-unknown ]] || fail "packages_without_candidate: expected 'fake-unknown', got '$unknown' (attempt $attempt)"
done

package_installed fake-installed || fail "fake-installed is installed, check said no"
if package_installed fake-known; then fail "fake-known is not installed, check said yes"; fi

packages=(fake-installed fake-known)
missing=$(missing_packages)
[[ "$missing" == fake-known ]] || fail "missing_packages: expected 'fake-known', got '$missing'"
verify_packages || fail "verify_packages rejected a list apt can install"
packages=(fake-installed fake-unknown)
if verify_packages 2>/dev/null; then fail "verify_packages accepted a package apt has no candidate for"; fi

# The racy line is assembled here so that this file itself stays clean for the lint.
printf '#!/usr/bin/env bash\nset -euo pipefail\napt-cache policy clang-19 %s grep -q "Candidate: [0-9]"\n' '|' >"$work/racy.sh"
if (cd "$repo_root" && scripts/lint-shell.sh "$work/racy.sh") 2>/dev/null; then
  fail "lint-shell.sh accepted the apt-cache policy into grep -q pipeline under pipefail"
fi
(cd "$repo_root" && scripts/lint-shell.sh >/dev/null) || fail "lint-shell.sh rejects one of our scripts"

if [[ $failures -ne 0 ]]; then
  echo "setup checks: $failures failures" >&2
  exit 1
fi
echo "setup checks: all passed"
