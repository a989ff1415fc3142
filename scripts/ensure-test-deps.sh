#!/usr/bin/env bash
# The programs the test suite runs besides Node: redis-server (@x/token-store-redis), Chromium (playground),
# PHP with its soap and curl modules and Debian's python3-zeep (the emulator's third-party client tests).
# Silent when all are present. Otherwise installs the missing Debian packages when it may (root, or
# passwordless sudo), or prints one line naming what is missing and the command to run, and exits 1.
set -uo pipefail

missing=()  # what is absent, as the user would name it
packages=() # the Debian packages that provide it
need() {
  missing+=("$1")
  shift
  packages+=("$@")
}

check() {
  missing=() packages=()
  command -v redis-server >/dev/null 2>&1 || need redis-server redis-server
  if [ -n "${CHROMIUM_PATH:-}" ]; then
    [ -x "$CHROMIUM_PATH" ] || need "chromium (CHROMIUM_PATH=$CHROMIUM_PATH)" chromium
  else
    command -v chromium >/dev/null 2>&1 || need chromium chromium
  fi
  if command -v php >/dev/null 2>&1; then
    local modules
    modules=$(php -m 2>/dev/null)
    grep -qx soap <<<"$modules" || need "php soap module" php-soap
    grep -qx curl <<<"$modules" || need "php curl module" php-curl
  else
    need php php-cli php-soap php-curl
  fi
  # Debian's zeep belongs to the system python, whatever python3 comes first in PATH
  /usr/bin/python3 -c 'import zeep' >/dev/null 2>&1 || need "zeep (/usr/bin/python3)" python3-zeep
}

check
[ ${#missing[@]} -eq 0 ] && exit 0

install="apt-get install -y --no-install-recommends ${packages[*]}"
if [ "$(id -u)" -eq 0 ]; then
  as_root=(env DEBIAN_FRONTEND=noninteractive)
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo -n env DEBIAN_FRONTEND=noninteractive)
else
  missing_list=$(printf '%s, ' "${missing[@]}")
  echo "missing test programs: ${missing_list%, }; install them with: sudo apt-get update && sudo $install" >&2
  exit 1
fi

echo "installing from Debian: ${packages[*]}" >&2
wait_for_lock=(-o DPkg::Lock::Timeout=300) # another apt may be running
# a failed update (offline?) leaves the old package lists, which may still do
"${as_root[@]}" apt-get "${wait_for_lock[@]}" update -qq >/dev/null
"${as_root[@]}" apt-get "${wait_for_lock[@]}" install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
check
if [ ${#missing[@]} -gt 0 ]; then
  missing_list=$(printf '%s, ' "${missing[@]}")
  echo "still missing after apt-get install: ${missing_list%, }" >&2
  exit 1
fi
