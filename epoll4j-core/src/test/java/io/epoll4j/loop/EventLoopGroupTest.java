package io.epoll4j.loop;

import io.epoll4j.fd.Pipe;
import io.epoll4j.poll.Interest;
import io.epoll4j.poll.Trigger;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventLoopGroupTest {
    @Test
    void nextHandsOutTheLoopsRoundRobin() throws Exception {
        try (EventLoopGroup group = EventLoopGroup.start(3, "rr")) {
            List<EventLoop> loops = group.loops();
            assertEquals(3, group.size());
            for (int i = 0; i < 9; i++) {
                assertSame(loops.get(i % 3), group.next());
            }
        }
    }

    @Test
    void eachLoopRunsOnItsOwnNamedThread() throws Exception {
        try (EventLoopGroup group = EventLoopGroup.start(3, "own")) {
            Set<Thread> threads = ConcurrentHashMap.newKeySet();
            Set<String> names = ConcurrentHashMap.newKeySet();
            group.runOnEach(loop -> {
                assertTrue(loop.inEventLoop());
                threads.add(Thread.currentThread());
                names.add(Thread.currentThread().getName());
            }).get(5, TimeUnit.SECONDS);
            assertEquals(3, threads.size());
            assertEquals(Set.of("own-0", "own-1", "own-2"), names);
            AtomicInteger visited = new AtomicInteger();
            group.forEach(loop -> visited.incrementAndGet());
            assertEquals(3, visited.get());
        }
    }

    @Test
    void oneFdRegisteredExclusivelyInEveryLoopIsHandledByOne() throws Exception {
        try (EventLoopGroup group = EventLoopGroup.start(2, "excl"); Pipe pipe = Pipe.open()) {
            CountDownLatch read = new CountDownLatch(1);
            Set<String> handledOn = ConcurrentHashMap.newKeySet();
            List<LoopRegistration> registrations = group.registerShared(pipe.source(), Interest.READABLE,
                    Trigger.LEVEL.exclusive(), loop -> (r, ready) -> {
                        assertTrue(loop.inEventLoop());
                        try (Arena arena = Arena.ofConfined()) {
                            if (r.fd().read(arena.allocate(16)) > 0) {
                                handledOn.add(loop.name());
                                read.countDown();
                            }
                        }
                    });
            assertEquals(2, registrations.size());
            try (Arena arena = Arena.ofConfined()) {
                pipe.sink().write(arena.allocateFrom("x"));
            }
            assertTrue(read.await(5, TimeUnit.SECONDS));
            assertEquals(1, handledOn.size());
            group.close();
            assertTrue(pipe.source().isOpen(), "registered shared: the caller closes it");
            for (LoopRegistration r : registrations) {
                assertFalse(r.isRegistered());
            }
        }
    }

    @Test
    void shutdownEndsEveryLoop() throws Exception {
        EventLoopGroup group = EventLoopGroup.start(2, "down");
        group.shutdownGracefully();
        assertTrue(group.awaitTermination(Duration.ofSeconds(5)));
        assertTrue(group.isTerminated());
        for (EventLoop loop : group.loops()) {
            assertThrows(RejectedExecutionException.class, () -> loop.execute(() -> { }));
        }
    }
}
