#!/usr/bin/env bash
# Runs the macro benchmark from the repository root:
#   bench/run.sh --quick                     # about 2.5 minutes, noisy, for development
#   bench/run.sh                             # the full run, about an hour
#   bench/run.sh --help                      # the options; installs and builds nothing
#   bench/run.sh --servers c-floor,epoll4j --cases p16-c256
# Installs the tools (bench/setup.sh), builds the bench module when it is missing or stale,
# finds a JDK 25+, raises the open-files limit, then starts io.epoll4j.bench.BenchMain.
set -euo pipefail
cd "$(dirname "$0")/.."

for arg in "$@"; do
  if [[ "$arg" == "--help" || "$arg" == "-h" ]]; then
    cat <<'USAGE'
usage: bench/run.sh [--quick] [--servers a,b,...] [--cases c64,c256,c1024,p16-c256]
                    [--rounds N] [--duration S] [--warmup S] [--idle N]
                    [--repo DIR] [--out DIR] [--jvm-opts "OPTS"]
A full run (3 rounds x 4 cases x 11 servers, then 10,000 and 19,000 idle connections)
takes about an hour; --quick (2 cases, 2 rounds of 3 s) about 2.5 minutes. Results go to
bench/results/. Running it installs wrk, nginx-light, gcc, util-linux and fontconfig
(bench/setup.sh) and builds the bench module; --help does neither.
  peers: c-floor, nginx, epoll4j, netty-epoll, netty-nio, netty-epoll4j, jdk-selector,
         epoll4j-net, netty-http-epoll, netty-http-nio, netty-http-epoll4j
USAGE
    exit 0
  fi
done

bash bench/setup.sh

# shellcheck source=../scripts/find-java.sh
. scripts/find-java.sh
JAVA=$(find_java) || exit 1

# The module's own jar: the build also leaves -sources and -javadoc jars beside it.
bench_jar() {
  ls epoll4j-bench/target/epoll4j-bench-*.jar | grep -v -e '-sources\.jar$' -e '-javadoc\.jar$' | head -n 1
}

# Builds the bench module and what it measures (core, net, http, netty) when its jar is missing
# or a source or pom of theirs changed since the last build, so a run never measures stale code;
# REBUILD=1 forces it.
# shellcheck source=../scripts/build-if-stale.sh
. scripts/build-if-stale.sh
[[ "${REBUILD:-0}" == 1 ]] && rm -f .build-stamp-epoll4j-bench
build_if_stale "$PWD" epoll4j-bench "$(bench_jar 2>/dev/null || true)" \
    epoll4j-core epoll4j-net epoll4j-http epoll4j-netty

# 10,000 idle connections plus wrk's 1,024 need more descriptors than the usual 1,024.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

exec "$JAVA" -cp "$(bench_jar):epoll4j-bench/target/lib/*" \
  io.epoll4j.bench.BenchMain "$@"
