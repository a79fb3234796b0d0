package io.epoll4j.testing;

import io.epoll4j.fd.ErrnoException;
import io.epoll4j.fd.OwnedFd;
import io.epoll4j.fd.StreamSocket;
import io.epoll4j.fd.TcpListener;
import io.epoll4j.fd.TcpStream;
import io.epoll4j.poll.Events;
import io.epoll4j.poll.Interest;
import io.epoll4j.poll.Poller;
import io.epoll4j.poll.Trigger;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * What the socket tests of every module share: waiting for readiness with a {@link Poller} and
 * a deadline (never with a sleep), whole writes and reads, a connected TCP pair.
 *
 * {@snippet :
 * try (TcpPair pair = SocketTesting.tcpPair(InetAddress.getLoopbackAddress()); Arena arena = Arena.ofConfined()) {
 *     SocketTesting.writeFully(pair.client(), SocketTesting.bytes(arena, "ping".getBytes(US_ASCII)));
 *     assertArrayEquals("ping".getBytes(US_ASCII), SocketTesting.readExactly(pair.server(), 4));
 * }
 * }
 */
public final class SocketTesting {
    public static final long TIMEOUT_NANOS = 5_000_000_000L;

    private SocketTesting() {}

    /** A connected client and server-side pair over loopback, accepted from a throw-away listener. */
    public record TcpPair(TcpStream client, TcpStream server) implements AutoCloseable {
        @Override
        public void close() {
            client.close();
            server.close();
        }
    }

    /** A connected pair: {@code client} from connect(2), {@code server} from accept(2). */
    public static TcpPair tcpPair(InetAddress loopback) throws ErrnoException {
        try (TcpListener listener = TcpListener.listen(new InetSocketAddress(loopback, 0))) {
            TcpStream client = TcpStream.connect(listener.localAddress());
            awaitReady(listener, Interest.READABLE);
            TcpStream server = listener.accept();
            assertNotNull(server, "listener readable but nothing to accept");
            awaitReady(client, Interest.WRITABLE);
            assertTrue(client.finishConnect());
            return new TcpPair(client, server);
        }
    }

    /**
     * Waits until {@code fd} reports any of {@code interest} (or an error or hang-up), at most
     * {@link #TIMEOUT_NANOS}; returns the epoll mask seen.
     */
    public static int awaitReady(OwnedFd fd, Interest interest) throws ErrnoException {
        try (Poller poller = Poller.open(); Events events = Events.withCapacity(4)) {
            poller.register(fd, 1L, interest, Trigger.LEVEL);
            long deadline = System.nanoTime() + TIMEOUT_NANOS;
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return fail("no " + interest + " on " + fd + " within the deadline");
                }
                poller.poll(events, left);
                if (events.next()) {
                    return events.readyMask();
                }
            }
        }
    }

    /** Writes all of {@code src}, waiting for room when the socket would block. */
    public static void writeFully(StreamSocket socket, MemorySegment src) throws ErrnoException {
        long done = 0;
        while (done < src.byteSize()) {
            long n = socket.write(src.asSlice(done));
            if (n == 0) {
                awaitReady(socket, Interest.WRITABLE);
            }
            done += n;
        }
    }

    /** Reads exactly {@code count} bytes, waiting when the socket would block; fails at end of stream. */
    public static byte[] readExactly(StreamSocket socket, int count) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(Math.max(count, 1));
            long done = 0;
            while (done < count) {
                long n = socket.read(buf.asSlice(done, count - done));
                if (n < 0) {
                    fail("end of stream after " + done + " of " + count + " bytes");
                }
                if (n == 0) {
                    awaitReady(socket, Interest.READABLE);
                }
                done += n;
            }
            return buf.asSlice(0, count).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
        }
    }

    /** Reads until the socket would block or the stream ends: the last read's result (0 or -1). */
    public static long drain(StreamSocket socket, MemorySegment scratch) throws ErrnoException {
        long n;
        while ((n = socket.read(scratch)) > 0) {
            // discard
        }
        return n;
    }

    /** {@code data} copied into native memory of {@code arena}, exactly as long. */
    public static MemorySegment bytes(Arena arena, byte[] data) {
        MemorySegment segment = arena.allocate(Math.max(data.length, 1));
        MemorySegment.copy(data, 0, segment, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, data.length);
        return segment.asSlice(0, data.length);
    }
}
