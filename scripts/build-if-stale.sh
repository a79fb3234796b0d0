# shellcheck shell=bash
# Sourced by the launchers (./epoll4j, epoll4j-examples/run). build_if_stale builds one module
# and the modules it needs (mvn -pl MODULE -am) when its jar is missing, or when a source or
# pom of those modules is newer than the last build: the launchers build only what they run
# (never the bench, with Netty), and only when it changed.
#
#   build_if_stale ROOT MODULE JAR DEPENDENCY_MODULE...

build_if_stale() {
    local root="$1" module="$2" jar="$3"
    shift 3
    local stamp="$root/.build-stamp-$module"
    local stale=0
    if [ ! -f "$stamp" ] || [ ! -f "$jar" ]; then
        stale=1
    elif [ "$root/pom.xml" -nt "$stamp" ]; then
        stale=1
    else
        local m
        for m in "$module" "$@"; do
            if [ -n "$(find "$root/$m/pom.xml" "$root/$m/src/main" -newer "$stamp" -print -quit 2>/dev/null)" ]; then
                stale=1
                break
            fi
        done
    fi
    [ "$stale" = 1 ] || return 0
    if ! command -v mvn >/dev/null 2>&1; then
        echo "epoll4j: Maven (mvn) is needed to build the jars the first time: apt-get install maven" >&2
        exit 1
    fi
    echo "epoll4j: building $module (mvn -pl $module -am package, tests skipped; runs again only after sources change)..." >&2
    # The stamp is taken before the build, so a source saved during it makes the next run build again.
    local started="$stamp.new"
    touch "$started"
    if ! (cd "$root" && mvn -q -B -pl "$module" -am -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true \
            package >"$root/.build.log" 2>&1); then
        rm -f "$started"
        echo "epoll4j: the build failed; its output is in $root/.build.log" >&2
        tail -n 30 "$root/.build.log" >&2
        exit 1
    fi
    mv "$started" "$stamp"
}
