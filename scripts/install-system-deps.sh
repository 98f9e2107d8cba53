#!/usr/bin/env bash
# Installs, from Debian packages, what the integration tests use: astropy (and, as later issues need them,
# pyvo, PostgreSQL + pgSphere, STILTS, Chromium). Idempotent: does nothing when everything is present.
set -euo pipefail
need=()
/usr/bin/python3 -c 'import astropy' 2>/dev/null || need+=(python3-astropy)
/usr/bin/python3 -c 'import pyvo' 2>/dev/null || need+=(python3-pyvo)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "install-system-deps: missing Debian packages ${need[*]}; run as root: apt-get install ${need[*]}" >&2
  exit 1
fi
echo "install-system-deps: installing ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
