package io.epoll4j.examples;

import io.epoll4j.fd.Epoll;
import io.epoll4j.fd.EpollEvents;
import io.epoll4j.fd.EpollFlags;
import io.epoll4j.fd.TimerFd;

import java.io.IOException;
import java.time.Duration;
import java.util.function.LongConsumer;

/**
 * A periodic timer on the kernel objects alone: a timerfd(2) in an epoll instance, each
 * expiry read as a count.
 *
 * {@snippet lang=sh :
 * epoll4j-examples/run ticker 250 8     # tick 1 ... tick 8, one every 250 ms
 * }
 *
 * <p>The count read from a timerfd is the number of expirations since the last read: a
 * program that falls behind learns by how many ticks, instead of drifting as a sleep loop
 * does. The timer runs on {@code CLOCK_MONOTONIC}, so setting the wall clock moves nothing.
 */
public final class TimerTicker {
    private TimerTicker() {}

    /**
     * Ticks {@code ticks} times, one every {@code interval}, calling {@code onTick} with the
     * number of the tick (missed ticks are counted, not replayed).
     *
     * @param interval the period
     * @param ticks    how many expirations to wait for
     * @param onTick   told each tick's number, from 1
     * @return the expirations counted (at least {@code ticks})
     * @throws IOException if a timerfd or epoll call fails
     */
    public static long tick(Duration interval, int ticks, LongConsumer onTick) throws IOException {
        try (Epoll epoll = Epoll.create();
             EpollEvents events = EpollEvents.allocate(1);
             TimerFd timer = TimerFd.create(TimerFd.CLOCK_MONOTONIC, TimerFd.TFD_NONBLOCK | TimerFd.TFD_CLOEXEC)) {
            epoll.add(timer, EpollFlags.EPOLLIN, timer.fd());
            timer.schedule(interval, interval);
            long expirations = 0;
            while (expirations < ticks) {
                if (epoll.wait(events, -1) == 1) {
                    long n = timer.read();          // 0 if it would block (a spurious wake)
                    for (long i = 0; i < n; i++) {
                        onTick.accept(++expirations);
                    }
                }
            }
            return expirations;
        }
    }

    /**
     * Prints a line per tick.
     *
     * @param args the period in milliseconds (default 1000) and the number of ticks (default 5)
     * @throws Exception if the timer fails
     */
    public static void main(String[] args) throws Exception {
        Duration interval = Duration.ofMillis(args.length > 0 ? Long.parseLong(args[0]) : 1000);
        int ticks = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        tick(interval, ticks, n -> System.out.println("tick " + n));
    }
}
