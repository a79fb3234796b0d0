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

# shellcheck source=../scripts/find-java.sh
. scripts/find-java.sh
JAVA=$(find_java) || exit 1

if ! ls epoll4j-bench/target/epoll4j-bench-*.jar >/dev/null 2>&1 || [[ "${REBUILD:-0}" == 1 ]]; then
  mvn -q -pl epoll4j-bench -am package -DskipTests \
    || mvn -q -f epoll4j-bench/pom.xml package -DskipTests
fi

# 10,000 idle connections plus wrk's 1,024 need more descriptors than the usual 1,024.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

exec "$JAVA" -cp "$(echo epoll4j-bench/target/epoll4j-bench-*.jar):epoll4j-bench/target/lib/*" \
  io.epoll4j.bench.BenchMain "$@"
