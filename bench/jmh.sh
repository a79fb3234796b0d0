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

find_java() {
  local v j
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
    v=$("$JAVA_HOME/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.specification.version = //p')
    if [[ "${v%%.*}" -ge 25 ]]; then echo "$JAVA_HOME/bin/java"; return; fi
  fi
  for j in /usr/lib/jvm/*/bin/java; do
    v=$("$j" -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.specification.version = //p')
    if [[ -n "$v" && "${v%%.*}" -ge 25 ]]; then echo "$j"; return; fi
  done
  echo "jmh.sh: no JDK 25 or newer (set JAVA_HOME or install one under /usr/lib/jvm)" >&2
  exit 1
}
JAVA=$(find_java)

if ! ls epoll4j-bench/target/epoll4j-bench-*.jar >/dev/null 2>&1 || [[ "${REBUILD:-0}" == 1 ]]; then
  mvn -q -pl epoll4j-bench -am package -DskipTests
fi

# The idle-scale benchmark holds 10,000 eventfds (aliases beyond); forks inherit this limit.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

# The bench module is on the class path (Netty is not modular), hence ALL-UNNAMED; JMH 1.37
# calls sun.misc.Unsafe, which JDK 25 warns about unless allowed.
FLAGS=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow)
CP="$(echo epoll4j-bench/target/epoll4j-bench-*.jar):epoll4j-bench/target/lib/*"
if [[ "${1:-}" == --jmh ]]; then
  shift
  exec "$JAVA" "${FLAGS[@]}" -cp "$CP" org.openjdk.jmh.Main "$@"
fi
exec "$JAVA" "${FLAGS[@]}" -cp "$CP" io.epoll4j.bench.jmh.MicroMain "$@"
