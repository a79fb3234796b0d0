package io.epoll4j.sys;

import io.epoll4j.loop.EventLoop;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A loop thread carries its own native call state; other threads get theirs from a ThreadLocal. */
class NativeThreadTest {
    @Test
    void aNativeThreadsCallsUseTheStateItCarries() throws Exception {
        CompletableFuture<ThreadState> seen = new CompletableFuture<>();
        NativeThread t = NativeThread.of("native-test", true, () -> seen.complete(Native.thread()));
        t.start();
        assertSame(t.state, seen.get(10, TimeUnit.SECONDS));
        t.join(10_000);
    }

    @Test
    void otherThreadsEachGetAStateOfTheirOwn() throws Exception {
        CompletableFuture<ThreadState> other = new CompletableFuture<>();
        Thread plain = Thread.ofPlatform().start(() -> other.complete(Native.thread()));
        ThreadState mine = Native.thread();
        assertSame(mine, Native.thread(), "one per thread, kept");
        assertNotSame(mine, other.get(10, TimeUnit.SECONDS));
        plain.join(10_000);
    }

    @Test
    void anEventLoopRunsOnANativeThread() throws Exception {
        try (EventLoop loop = EventLoop.builder().name("native-loop").daemon(true).start()) {
            assertTrue(loop.submit(() -> Thread.currentThread() instanceof NativeThread).get(10, TimeUnit.SECONDS));
        }
    }
}
