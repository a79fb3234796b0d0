/**
 * Event loops: one thread per loop running a {@link io.epoll4j.poll.Poller}, a task queue and
 * timers; groups of loops; per-loop state; and what a loop tells an operator.
 *
 * {@snippet :
 * try (EventLoopGroup group = EventLoopGroup.start(2, "io")) {
 *     EventLoop loop = group.next();
 *     loop.register(pipe.source(), Interest.READABLE, Trigger.EDGE, (r, ready) -> drain(r.fd()));
 *     loop.schedule(() -> System.out.println("tick"), Duration.ofMillis(10));
 * }
 * }
 *
 * <p>Threading rule of the whole package: handlers, tasks and timers run on their loop's
 * thread, one at a time, and must not block; everything else may be called from any thread.
 *
 * <h2>Per-loop state</h2>
 * A {@link io.epoll4j.loop.LoopLocal} is a slot every loop has, such as the read buffer its
 * connections share: {@code loop.local(SLOT)} reads it without a lock, a lookup or an
 * allocation, and the slot's initializer makes each loop's value on first use.
 *
 * <h2>Observability</h2>
 * {@link io.epoll4j.loop.EventLoop#stats()} gives an operator's figures from any thread:
 * registrations (a server's connections), handler calls, tasks run, the task queue's depth,
 * and the time spent in the poll against the time in handlers, tasks and timers; two
 * snapshots give rates ({@link io.epoll4j.loop.EventLoopStats#eventsPerSecond},
 * {@link io.epoll4j.loop.EventLoopStats#busyFraction}). The loop thread keeps the counters with
 * plain (opaque) stores.
 *
 * <p>JDK Flight Recorder events, all in the category "epoll4j":
 * <table class="striped">
 * <caption>Flight Recorder events</caption>
 * <tr><th>name</th><th>when</th><th>default</th></tr>
 * <tr><td>{@code io.epoll4j.SlowTurn}</td><td>a turn's handlers, tasks and timers ran longer
 *     than the threshold; names the slowest of them (a handler with its fd and attachment, a
 *     task or a timer) and the tasks queued</td><td>on, threshold 10 ms</td></tr>
 * <tr><td>{@code io.epoll4j.PollWait}</td><td>every epoll_wait: its duration, timeout and the
 *     number of events (the batch size)</td><td>off (one per turn)</td></tr>
 * <tr><td>{@code io.epoll4j.LoopStatistics}</td><td>periodically, each running loop's
 *     {@link io.epoll4j.loop.EventLoopStats}: registrations, queued tasks, totals of events,
 *     tasks, poll and busy time</td><td>on, every second</td></tr>
 * <tr><td>{@code io.epoll4j.ConnectionOpened}, {@code io.epoll4j.ConnectionClosed},
 *     {@code io.epoll4j.BackPressure}</td><td>emitted by {@code io.epoll4j.net}: a connection
 *     opened or closed, its output crossed the high water mark (on) or fell to the low one
 *     (off)</td><td>on</td></tr>
 * </table>
 * With no recording running these cost nothing: each is asked {@code isEnabled()} before any
 * work, the loop's are single instances reused by the loop thread (a turn allocates nothing,
 * recording or not), and the periodic statistics hook is only installed once a recorder
 * exists, so a program that never records never initialises the Flight Recorder.
 * {@snippet lang = "shell" :
 * java -XX:StartFlightRecording:filename=loop.jfr,settings=profile ... # or jcmd PID JFR.start
 * jfr print --events io.epoll4j.SlowTurn loop.jfr
 * jfr summary loop.jfr | grep epoll4j
 * # every poll, and turns from 1 ms: '+' before an event that no .jfc file lists, or the
 * # setting is dropped with a warning
 * java -XX:StartFlightRecording:filename=poll.jfr,+io.epoll4j.PollWait#enabled=true,+io.epoll4j.SlowTurn#threshold=1ms ...
 * }
 */
package io.epoll4j.loop;
