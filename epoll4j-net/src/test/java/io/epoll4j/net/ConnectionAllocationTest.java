package io.epoll4j.net;

import io.epoll4j.fd.TcpStream;
import io.epoll4j.loop.EventLoop;
import io.epoll4j.loop.EventLoopGroup;
import io.epoll4j.poll.Events;
import io.epoll4j.poll.Interest;
import io.epoll4j.poll.Poller;
import io.epoll4j.poll.Trigger;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

import static io.epoll4j.testing.SocketTesting.awaitReady;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Poll, dispatch, read, write back: in steady state the server loop thread allocates nothing
 * per event. Measured with the thread's own allocation counter around 20,000 echo round trips,
 * after 100,000 more to let C2 compile the path (before that, the JDK's errno-capture slice of
 * each downcall is still allocated: one 40-byte segment per call).
 */
class ConnectionAllocationTest {
    private static final int ROUND_TRIPS = 20_000;

    @Test
    void echoRoundTripsAllocateNothingOnTheLoopThread() throws Exception {
        MethodHandle allocated = allocationCounter();
        try (EventLoopGroup loops = EventLoop.builder().name("alloc").daemon(true).startGroup(1);
             TcpServer server = TcpServer.start(loops, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                     () -> TcpServerTest.ECHO);
             TcpStream client = TcpStream.connect(server.localAddress());
             Poller poller = Poller.open();
             Events events = Events.withCapacity(4);
             Arena arena = Arena.ofConfined()) {
            awaitReady(client, Interest.WRITABLE);
            assertTrue(client.finishConnect());
            poller.register(client, 1L, Interest.READABLE, Trigger.LEVEL);
            MemorySegment message = arena.allocate(64);
            MemorySegment reply = arena.allocate(64);
            EventLoop loop = loops.next();

            pingPong(client, poller, events, message, reply, 5 * ROUND_TRIPS);   // warm up the JIT
            // On a loaded machine C2 may still be compiling after the warm-up: measure windows
            // until one is clean, within a deadline. A per-event allocation never gets clean.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            StringBuilder seen = new StringBuilder();
            long perRoundTrip;
            do {
                long before = loop.submit(() -> read(allocated)).get(5, TimeUnit.SECONDS);
                pingPong(client, poller, events, message, reply, ROUND_TRIPS);
                long after = loop.submit(() -> read(allocated)).get(5, TimeUnit.SECONDS);
                // The two submits themselves allocate a few hundred bytes; per event that rounds to 0.
                perRoundTrip = (after - before) / ROUND_TRIPS;
                seen.append(after - before).append(' ');
            } while (perRoundTrip != 0 && System.nanoTime() - deadline < 0);
            assertEquals(0, perRoundTrip, "bytes per window of " + ROUND_TRIPS + " round trips: " + seen);
        }
    }

    private static void pingPong(TcpStream client, Poller poller, Events events, MemorySegment message,
                                 MemorySegment reply, int rounds) throws Exception {
        for (int i = 0; i < rounds; i++) {
            assertEquals(64, client.write(message));
            long got = 0;
            while (got < 64) {
                assertTrue(poller.poll(events, 5_000_000_000L) > 0, "no echo within 5 s");
                long n = client.read(reply.asSlice(got));
                assertTrue(n >= 0, "server closed");
                got += n;
            }
        }
    }

    private static long read(MethodHandle counter) {
        try {
            return (long) counter.invokeExact();
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes, reflectively (tests are patched into this module). */
    private static MethodHandle allocationCounter() throws Exception {
        Object bean = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
        return MethodHandles.publicLookup().findVirtual(Class.forName("com.sun.management.ThreadMXBean"),
                "getCurrentThreadAllocatedBytes", MethodType.methodType(long.class)).bindTo(bean);
    }
}
