#!/usr/bin/env bash
# Runs the JMH microbenchmarks (io.epoll4j.bench.jmh.MicroMain) from the repository root:
#   bench/jmh.sh --quick                       # about two minutes, noisy, for development
#   bench/jmh.sh                               # the full set (about 15 minutes)
#   bench/jmh.sh --include 'Wake.*' --no-c     # a subset (JMH regex), without the C floor
#   bench/jmh.sh --jmh PollReadyBench -prof stack   # plain JMH command line instead
# Finds a JDK 25+, builds the bench module when its jar is missing (REBUILD=1 forces it),
# and writes bench/results/micro-latest.{md,json}.
set -euo pipefail
cd "$(dirname "$0")/.."

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

# The idle-scale benchmark holds 10,000 eventfds (aliases beyond); forks inherit this limit.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

# The bench module is on the class path (Netty is not modular), hence ALL-UNNAMED; JMH 1.37
# calls sun.misc.Unsafe, which JDK 25 warns about unless allowed.
FLAGS=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow)
CP="$(bench_jar):epoll4j-bench/target/lib/*"
if [[ "${1:-}" == --jmh ]]; then
  shift
  exec "$JAVA" "${FLAGS[@]}" -cp "$CP" org.openjdk.jmh.Main "$@"
fi
exec "$JAVA" "${FLAGS[@]}" -cp "$CP" io.epoll4j.bench.jmh.MicroMain "$@"
