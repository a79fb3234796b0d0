/** The {@code epoll4j} command: limits, inspect, serve, bench. */
module io.epoll4j.cli {
    requires io.epoll4j.core;
}
