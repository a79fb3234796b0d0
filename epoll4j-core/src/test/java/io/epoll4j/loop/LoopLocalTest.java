package io.epoll4j.loop;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoopLocalTest {
    @Test
    void eachLoopGetsItsOwnValueMadeOnceByTheInitializer() throws Exception {
        AtomicInteger made = new AtomicInteger();
        LoopLocal<List<String>> slot = LoopLocal.withInitial(loop -> {
            made.incrementAndGet();
            return new ArrayList<>(List.of(loop.name()));
        });
        try (EventLoop a = EventLoop.start("local-a"); EventLoop b = EventLoop.start("local-b")) {
            List<String> ofA = a.local(slot);
            assertSame(ofA, a.local(slot));
            assertSame(ofA, a.submit(() -> a.local(slot)).get(5, TimeUnit.SECONDS), "the loop thread sees the same value");
            List<String> ofB = b.submit(() -> b.local(slot)).get(5, TimeUnit.SECONDS);
            assertNotSame(ofA, ofB);
            assertEquals(List.of("local-a"), ofA);
            assertEquals(List.of("local-b"), ofB);
            assertEquals(2, made.get());
        }
    }

    @Test
    void threadsRacingForTheFirstValueAllGetTheOneTheInitializerMadeOnce() throws Exception {
        int threads = 8;
        AtomicInteger made = new AtomicInteger();
        LoopLocal<Object> slot = LoopLocal.withInitial(loop -> {
            made.incrementAndGet();
            return new Object();
        });
        try (EventLoop loop = EventLoop.start("local-race")) {
            CountDownLatch go = new CountDownLatch(1);
            AtomicReferenceArray<Object> seen = new AtomicReferenceArray<>(threads);
            List<Thread> racers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int i = t;
                racers.add(Thread.ofPlatform().start(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                    seen.set(i, loop.local(slot));
                }));
            }
            go.countDown();
            for (Thread r : racers) {
                r.join(TimeUnit.SECONDS.toMillis(10));
            }
            assertEquals(1, made.get());
            for (int t = 0; t < threads; t++) {
                assertSame(seen.get(0), seen.get(t), "thread " + t);
            }
        }
    }

    @Test
    void manySlotsAndAnInitializerThatReadsAnotherSlotKeepEveryValue() throws Exception {
        List<LoopLocal<Integer>> slots = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            int value = i;
            slots.add(LoopLocal.withInitial(loop -> value));
        }
        // Read last, and first from inside another initializer: the loop's array grows meanwhile.
        LoopLocal<Integer> sum = LoopLocal.withInitial(loop -> loop.local(slots.get(39)) + loop.local(slots.get(0)));
        try (EventLoop loop = EventLoop.start("local-many")) {
            assertEquals(39, loop.local(sum));
            for (int i = 0; i < slots.size(); i++) {
                assertEquals(i, loop.local(slots.get(i)));
            }
        }
    }

    @Test
    void anInitializerReturningNullIsRefusedNamingTheSlotAndTriedAgainLater() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        LoopLocal<String> slot = LoopLocal.withInitial(loop -> calls.incrementAndGet() == 1 ? null : "second");
        try (EventLoop loop = EventLoop.start("local-null")) {
            NullPointerException e = assertThrows(NullPointerException.class, () -> loop.local(slot));
            assertTrue(e.getMessage().contains(slot.toString()), e.getMessage());
            assertEquals("second", loop.local(slot));
        }
    }

    @Test
    void anInitializerThatAsksForItsOwnValueIsAnIllegalStateException() throws Exception {
        LoopLocal<?>[] self = new LoopLocal<?>[1];
        LoopLocal<Object> slot = LoopLocal.withInitial(loop -> loop.local(self[0]));
        self[0] = slot;
        try (EventLoop loop = EventLoop.start("local-self")) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> loop.local(slot));
            assertTrue(e.getMessage().contains("asks for its own value"), e.getMessage());
        }
    }

    @Test
    void aNullSlotOrInitializerIsANullPointerException() throws Exception {
        assertThrows(NullPointerException.class, () -> LoopLocal.withInitial(null));
        try (EventLoop loop = EventLoop.start("local-npe")) {
            assertThrows(NullPointerException.class, () -> loop.local(null));
        }
    }
}
