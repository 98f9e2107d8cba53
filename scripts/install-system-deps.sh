#!/usr/bin/env bash
# Installs, from Debian packages, what the integration tests use: astropy, pyvo, PostgreSQL 15 + pgSphere (and, as
# later issues need them, STILTS, Chromium). Idempotent: does nothing when everything is present.
set -euo pipefail
need=()
/usr/bin/python3 -c 'import astropy' 2>/dev/null || need+=(python3-astropy)
/usr/bin/python3 -c 'import pyvo' 2>/dev/null || need+=(python3-pyvo)
# astropy-healpix checks the HiPS tile geometry (packages/hips integration test).
/usr/bin/python3 -c 'import astropy_healpix' 2>/dev/null || need+=(python3-astropy-healpix)
# PostgreSQL 15 server binaries (initdb, pg_ctl) and pgSphere 1.1.1 (Debian bookworm) for the archive's second backend.
[ -x /usr/lib/postgresql/15/bin/initdb ] || need+=(postgresql-15)
[ -f /usr/share/postgresql/15/extension/pg_sphere.control ] || need+=(postgresql-15-pgsphere)
# STILTS (votlint, tpipe; taplint later) checks the VOTables the votable package writes.
command -v stilts >/dev/null 2>&1 || need+=(stilts)
# Chromium: the sky page's browser test (packages/web, launched through playwright-core).
command -v chromium >/dev/null 2>&1 || need+=(chromium)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "install-system-deps: missing Debian packages ${need[*]}; run as root: apt-get install ${need[*]}" >&2
  exit 1
fi
echo "install-system-deps: installing ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
