#!/usr/bin/env bash
# `make cluster` / `make cluster-test` only: PostgreSQL, Redis and nginx from the Debian packages, if missing.
# (`make install` does not need them: the single-machine bot uses SQLite and in-memory stores.)
# The packages' own services are not started: scripts/cluster.sh runs its own copies on loopback, under state/.
set -euo pipefail
missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
if [ ${#missing[@]} -eq 0 ]; then
  echo "cluster-install: postgresql, redis-server and nginx already installed"
  exit 0
fi
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo -n"
echo "cluster-install: installing ${missing[*]} (Debian packages)"
# Keep the packages from starting their system-wide services (port 80, 5432, 6379) during installation.
made_policy=""
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null && $SUDO chmod 755 /usr/sbin/policy-rc.d
  made_policy=1
fi
trap '[ -n "$made_policy" ] && $SUDO rm -f /usr/sbin/policy-rc.d' EXIT
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
echo "cluster-install: done"
