package io.epoll4j.loop;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * JFR event {@code io.epoll4j.PollWait}: one epoll_wait of a loop, how long it took and how
 * many events it returned. One per turn, so off unless a recording enables it. One instance
 * per loop thread, reused (see {@link Dispatcher}).
 */
@Name("io.epoll4j.PollWait")
@Label("Poll Wait")
@Category({"epoll4j", "Event Loop"})
@Description("One epoll_wait of an event loop: its duration and the events it returned")
@Enabled(false)
@StackTrace(false)
final class PollWaitEvent extends jdk.jfr.Event {
    @Label("Loop")
    String loop;

    @Label("Events")
    @Description("Events the kernel returned (the batch size)")
    int events;

    @Label("Timeout")
    @Description("The timeout asked for: -1 blocks until an event, 0 returns at once")
    @Timespan(Timespan.NANOSECONDS)
    long timeout;
}
