# Sourced by ./epoll4j and the bench scripts: find_java prints the java binary of a JDK 25 or
# newer (JAVA_HOME if new enough, else the newest under /usr/lib/jvm), or says what is missing
# on stderr and returns 1.

java_major() { # the feature version of the java binary $1, or nothing
    "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n 1
}

find_java() {
    local candidate major
    if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
        major="$(java_major "$JAVA_HOME/bin/java")"
        if [ -n "$major" ] && [ "${major%%.*}" -ge 25 ]; then
            echo "$JAVA_HOME/bin/java"
            return 0
        fi
    fi
    for candidate in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do
        if [ -x "${candidate}bin/java" ] && [ -x "${candidate}bin/javac" ]; then
            major="$(java_major "${candidate}bin/java")"
            if [ -n "$major" ] && [ "${major%%.*}" -ge 25 ]; then
                echo "${candidate}bin/java"
                return 0
            fi
        fi
    done
    echo "epoll4j: needs a JDK 25 or newer: set JAVA_HOME to one, or install one under /usr/lib/jvm" >&2
    return 1
}
