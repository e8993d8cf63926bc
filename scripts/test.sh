#!/usr/bin/env bash
# scripts/test.sh [maven options]
#
# The test command: builds target/bankbus.jar and runs every test (unit, clustered, processes, scripts, the
# browser), as `mvn -B verify` from the project root, with any options given passed on to Maven, e.g.
#   scripts/test.sh -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=LivePageIT
# Needs Java 17 and Maven. The browser test (LivePageIT) also needs Chromium at /usr/bin/chromium and Node.js
# with npm: when they are missing, this script installs them first from Debian's packages (chromium; nodejs and
# npm), with apt-get as root, or through sudo when not root; it stops with exit code 3 if it cannot.
# Exit code: Maven's (0: every test passed); 2 if Maven is missing; 3 if the browser could not be installed.
set -euo pipefail

for arg in "$@"; do
  case "$arg" in
    -h | --help)
      sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
  esac
done

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
command -v mvn > /dev/null || { echo "test.sh: Maven (mvn) is needed, with Java 17" >&2; exit 2; }

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v npm > /dev/null || missing+=(nodejs npm)
if [ ${#missing[@]} -gt 0 ]; then
  cannot() {
    echo "test.sh: cannot install ${missing[*]}: $1. The browser test (LivePageIT) needs them;" \
      "install them yourself (Debian: apt-get install ${missing[*]}) and run scripts/test.sh again." >&2
    exit 3
  }
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo > /dev/null || cannot "not root, and sudo is not installed"
    sudo=sudo
  fi
  command -v apt-get > /dev/null || cannot "apt-get not found (not a Debian-like system)"
  echo "test.sh: installing ${missing[*]} for the browser test (LivePageIT)${sudo:+ through sudo}" >&2
  $sudo apt-get update -qq || cannot "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" || cannot "apt-get install failed"
  [ -x /usr/bin/chromium ] || cannot "apt-get installed no /usr/bin/chromium"
  command -v npm > /dev/null || cannot "npm is still not on the PATH"
fi

exec mvn -B verify "$@"
