#!/usr/bin/env bash
# Installs what the macro benchmark needs from Debian's packages. Idempotent: a tool that is
# already on the PATH is left alone, and `apt-get update` runs at most once per call.
set -euo pipefail

updated=0
need() { # need COMMAND PACKAGE...
  local cmd=$1; shift
  if command -v "$cmd" >/dev/null 2>&1; then return; fi
  if [[ $updated -eq 0 ]]; then apt-get update -qq; updated=1; fi
  echo "setup.sh: installing $* for $cmd" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

need wrk wrk
# nginx-light is enough (the `return` directive is core); fall back to the full package.
command -v nginx >/dev/null 2>&1 || [[ -x /usr/sbin/nginx ]] || need nginx nginx-light || need nginx nginx
need gcc gcc
need taskset util-linux
need prlimit util-linux
need python3 python3
# XChart renders text through AWT, which needs fontconfig and at least one font.
need fc-list fontconfig fonts-dejavu-core
echo "setup.sh: wrk, nginx, gcc, taskset present" >&2
