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
     * Waits for {@code ticks} expirations, one every {@code interval}, calling {@code onTick}
     * once per wake-up with the expirations counted so far: a wake-up that comes late counts
     * the ticks it missed (the number jumps), it does not replay them.
     *
     * @param interval the period
     * @param ticks    how many expirations to wait for
     * @param onTick   told the expirations so far, after each read of the timer
     * @return the expirations counted (at least {@code ticks}; more if the last wake-up was late)
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
                    if (n > 0) {
                        expirations += n;
                        onTick.accept(expirations);
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
        long[] last = {0};
        tick(interval, ticks, n -> {
            System.out.println("tick " + n + (n - last[0] > 1 ? " (" + (n - last[0] - 1) + " missed)" : ""));
            last[0] = n;
        });
    }
}
