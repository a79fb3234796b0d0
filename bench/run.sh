#!/usr/bin/env bash
# Runs the macro benchmark from the repository root:
#   bench/run.sh --quick                     # about two minutes, noisy, for development
#   bench/run.sh                             # the full run (about 25 minutes)
#   bench/run.sh --servers c-floor,epoll4j --cases p16-c256
# Installs the tools (bench/setup.sh), builds the bench module when its jar is missing,
# finds a JDK 25+, raises the open-files limit, then starts io.epoll4j.bench.BenchMain.
set -euo pipefail
cd "$(dirname "$0")/.."

bash bench/setup.sh

find_java() {
  local v
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
    v=$("$JAVA_HOME/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.specification.version = //p')
    if [[ "${v%%.*}" -ge 25 ]]; then echo "$JAVA_HOME/bin/java"; return; fi
  fi
  for j in /usr/lib/jvm/*/bin/java; do
    v=$("$j" -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.specification.version = //p')
    if [[ -n "$v" && "${v%%.*}" -ge 25 ]]; then echo "$j"; return; fi
  done
  echo "run.sh: no JDK 25 or newer (set JAVA_HOME or install one under /usr/lib/jvm)" >&2
  exit 1
}
JAVA=$(find_java)

if ! ls epoll4j-bench/target/epoll4j-bench-*.jar >/dev/null 2>&1 || [[ "${REBUILD:-0}" == 1 ]]; then
  mvn -q -pl epoll4j-bench -am package -DskipTests \
    || mvn -q -f epoll4j-bench/pom.xml package -DskipTests
fi

# 10,000 idle connections plus wrk's 1,024 need more descriptors than the usual 1,024.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

exec "$JAVA" -cp "$(echo epoll4j-bench/target/epoll4j-bench-*.jar):epoll4j-bench/target/lib/*" \
  io.epoll4j.bench.BenchMain "$@"
