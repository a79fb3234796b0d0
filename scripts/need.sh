#!/usr/bin/env bash
# Installs the tools the tests need from Debian's packages, and only those missing.
#
#   scripts/need.sh curl:curl wrk:wrk h2load:nghttp2-client chromium:chromium python3:python3
#
# Each argument is COMMAND:PACKAGE[,PACKAGE...]. A command already on the PATH is left alone;
# `apt-get update` runs at most once per call, and only when something is missing. apt's lock
# is waited for (other processes on the machine may be installing too). Needs root when it
# installs; prints what it installed on stderr; exits non-zero if a command is still missing.
set -euo pipefail

updated=0
as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo -n "$@"; fi
}
need() { # need COMMAND PACKAGE...
  local cmd=$1; shift
  if command -v "$cmd" >/dev/null 2>&1; then return 0; fi
  if [[ $updated -eq 0 ]]; then
    as_root apt-get -o DPkg::Lock::Timeout=300 update -qq
    updated=1
  fi
  echo "need.sh: installing $* for $cmd" >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 \
    install -y -qq --no-install-recommends "$@" >/dev/null
  if ! command -v "$cmd" >/dev/null 2>&1; then
    echo "need.sh: $cmd is still missing after installing $*" >&2
    return 1
  fi
}

if [[ $# -eq 0 ]]; then
  echo "usage: $0 COMMAND:PACKAGE[,PACKAGE...]..." >&2
  exit 2
fi
for spec in "$@"; do
  cmd=${spec%%:*}
  packages=${spec#*:}
  [[ $cmd == "$spec" ]] && packages=$cmd
  IFS=, read -r -a list <<<"$packages"
  need "$cmd" "${list[@]}"
done
