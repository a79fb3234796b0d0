/**
 * JMH microbenchmarks of epoll4j's hot paths (issue 5): poll with 0, 1 and 64 ready events,
 * poll cost against the number of idle registrations, cross-thread wake latency and throughput
 * against {@link java.nio.channels.Selector#wakeup()} and Netty's event loop, and the cost of
 * single syscalls against a C loop ({@code bench/c/syscall_floor.c}).
 *
 * <p>Forks also get {@code --sun-misc-unsafe-memory-access=allow}: JMH 1.37 itself calls
 * {@code sun.misc.Unsafe}, which JDK 25 warns about otherwise.
 *
 * <p>Run the set with {@link io.epoll4j.bench.jmh.MicroMain} ({@code bench/jmh.sh [--quick]});
 * every fork gets {@code --enable-native-access=ALL-UNNAMED}, since this module runs on the
 * class path.
 */
package io.epoll4j.bench.jmh;
