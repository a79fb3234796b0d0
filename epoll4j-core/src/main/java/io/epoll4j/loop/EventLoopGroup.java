package io.epoll4j.loop;

import io.epoll4j.fd.ErrnoException;
import io.epoll4j.fd.OwnedFd;
import io.epoll4j.poll.Interest;
import io.epoll4j.poll.Trigger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A fixed set of {@link EventLoop}s, one thread each, handed out round-robin.
 *
 * {@snippet :
 * try (EventLoopGroup group = EventLoopGroup.start(2, "worker")) {
 *     // One listening socket, watched by every loop; EPOLLEXCLUSIVE wakes one of them per connection.
 *     group.registerShared(listener, Interest.READABLE, Trigger.LEVEL.exclusive(),
 *             loop -> (r, ready) -> acceptAll(r.fd(), loop));
 *     // Or: one SO_REUSEPORT listener per loop, made on the loop's own thread.
 *     group.runOnEach(loop -> {
 *         TcpListener own = TcpListener.open(StandardProtocolFamily.INET);
 *         own.setOption(SockOpt.SO_REUSEPORT, true);
 *         own.bind(new InetSocketAddress("127.0.0.1", 8080));
 *         own.listen(1024);
 *         loop.register(own, Interest.READABLE, Trigger.EDGE, handler);
 *     }).join();
 *     EventLoop loop = group.next();             // for a new connection
 * }
 * }
 */
public final class EventLoopGroup implements AutoCloseable {
    private final EventLoop[] loops;
    private final List<EventLoop> view;
    private final AtomicInteger next = new AtomicInteger();

    EventLoopGroup(EventLoop[] loops) {
        this.loops = loops;
        this.view = List.of(loops);
    }

    /** Starts {@code n} loops named {@code namePrefix-0} to {@code namePrefix-(n-1)}, default options. */
    public static EventLoopGroup start(int n, String namePrefix) throws ErrnoException {
        return EventLoop.builder().name(namePrefix).startGroup(n);
    }

    /** The next loop, round-robin. Safe from any thread. */
    public EventLoop next() {
        return loops[(next.getAndIncrement() & Integer.MAX_VALUE) % loops.length];
    }

    /** The loops, in order; unmodifiable. */
    public List<EventLoop> loops() {
        return view;
    }

    /** How many loops the group has. */
    public int size() {
        return loops.length;
    }

    /** Calls {@code action} with each loop, on the calling thread. */
    public void forEach(Consumer<? super EventLoop> action) {
        view.forEach(action);
    }

    /**
     * Runs {@code action} on each loop's own thread. The future completes when all have run, or
     * exceptionally with the first failure once all have finished.
     */
    public CompletableFuture<Void> runOnEach(LoopAction action) {
        Objects.requireNonNull(action, "action");
        CompletableFuture<?>[] all = new CompletableFuture<?>[loops.length];
        for (int i = 0; i < loops.length; i++) {
            EventLoop loop = loops[i];
            all[i] = loop.submit(() -> {
                action.run(loop);
                return null;
            });
        }
        return CompletableFuture.allOf(all);
    }

    /** What {@link #runOnEach} runs on each loop; may throw. */
    @FunctionalInterface
    public interface LoopAction {
        /** Runs on {@code loop}'s thread. */
        void run(EventLoop loop) throws Exception;
    }

    /**
     * Registers one fd in every loop ({@link EventLoop#registerShared}), typically a listening
     * socket with {@code Trigger.LEVEL.exclusive()}. The fd stays the caller's: shutdown only
     * deregisters it; closing it (or any of the registrations) ends it in every loop. If one
     * registration fails, those made already are undone.
     *
     * @param handlers the handler for each loop
     */
    public List<LoopRegistration> registerShared(OwnedFd fd, Interest interest, Trigger trigger,
                                                 Function<? super EventLoop, ? extends FdHandler> handlers)
            throws ErrnoException {
        List<LoopRegistration> done = new ArrayList<>(loops.length);
        try {
            for (EventLoop loop : loops) {
                done.add(loop.registerShared(fd, interest, trigger, handlers.apply(loop)));
            }
        } catch (ErrnoException | RuntimeException e) {
            for (LoopRegistration r : done) {
                try {
                    r.deregister();
                } catch (ErrnoException | RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
        return List.copyOf(done);
    }

    /** Begins a graceful shutdown of every loop; returns at once. */
    public void shutdownGracefully() {
        for (EventLoop loop : loops) {
            loop.shutdownGracefully();
        }
    }

    /** Waits for every loop to terminate; true if all did within {@code timeout}. */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (EventLoop loop : loops) {
            if (!loop.awaitTermination(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                return false;
            }
        }
        return true;
    }

    /** Whether every loop of the group has ended. */
    public boolean isTerminated() {
        for (EventLoop loop : loops) {
            if (!loop.isTerminated()) {
                return false;
            }
        }
        return true;
    }

    /** Shuts every loop down gracefully and waits for all of them. */
    @Override
    public void close() {
        shutdownGracefully();
        for (EventLoop loop : loops) {
            loop.close();
        }
    }

    @Override
    public String toString() {
        return "EventLoopGroup" + view;
    }
}
