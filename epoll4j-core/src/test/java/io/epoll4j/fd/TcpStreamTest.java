package io.epoll4j.fd;

import io.epoll4j.poll.Interest;
import io.epoll4j.sys.Errno;
import io.epoll4j.testing.SocketTesting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static io.epoll4j.testing.SocketTesting.awaitReady;
import static io.epoll4j.testing.SocketTesting.bytes;
import static io.epoll4j.testing.SocketTesting.drain;
import static io.epoll4j.testing.SocketTesting.readExactly;
import static io.epoll4j.testing.SocketTesting.tcpPair;
import static io.epoll4j.testing.SocketTesting.writeFully;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class TcpStreamTest {
    private static final InetAddress V4 = InetAddress.getLoopbackAddress();
    private static final InetAddress V6 = v6();

    private static InetAddress v6() {
        try {
            return InetAddress.getByName("::1");
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void echoesOverIpv4() throws Exception {
        echo(V4);
    }

    @Test
    void echoesOverIpv6() throws Exception {
        echo(V6);
    }

    private static void echo(InetAddress loopback) throws Exception {
        try (var pair = tcpPair(loopback); Arena arena = Arena.ofConfined()) {
            assertEquals(loopback, pair.client().localAddress().getAddress());
            assertEquals(pair.client().localAddress(), pair.server().peerAddress());
            assertEquals(pair.server().localAddress(), pair.client().peerAddress());
            byte[] message = "hello over loopback".getBytes(StandardCharsets.US_ASCII);
            writeFully(pair.client(), bytes(arena, message));
            byte[] got = readExactly(pair.server(), message.length);
            writeFully(pair.server(), bytes(arena, got));
            assertArrayEquals(message, readExactly(pair.client(), message.length));
        }
    }

    @Test
    void readOfAnEmptySocketReturnsZeroNotAnException() throws Exception {
        try (var pair = tcpPair(V4); Arena arena = Arena.ofConfined()) {
            assertEquals(0, pair.server().read(arena.allocate(16)));
        }
    }

    @Test
    void nonBlockingConnectCompletesOnWritable() throws Exception {
        try (TcpListener listener = TcpListener.listen(new InetSocketAddress(V4, 0));
             TcpStream client = TcpStream.connect(listener.localAddress())) {
            int mask = awaitReady(client, Interest.WRITABLE);
            assertTrue((mask & EpollFlags.EPOLLOUT) != 0, EpollFlags.toString(mask));
            assertTrue(client.finishConnect());
            assertFalse(client.isConnectPending());
            assertEquals(listener.localAddress(), client.peerAddress());
        }
    }

    @Test
    void refusedConnectReportsEconnrefusedWithTheAddress() throws Exception {
        InetSocketAddress closed;
        try (TcpListener listener = TcpListener.listen(new InetSocketAddress(V4, 0))) {
            closed = listener.localAddress();
        }
        ErrnoException e;
        try (TcpStream client = TcpStream.connect(closed)) {
            // A non-blocking connect on loopback is refused asynchronously: EPOLLOUT|EPOLLERR, then SO_ERROR.
            assertTrue(client.isConnectPending());
            int mask = awaitReady(client, Interest.WRITABLE);
            assertTrue((mask & EpollFlags.EPOLLERR) != 0, EpollFlags.toString(mask));
            e = assertThrows(ErrnoException.class, client::finishConnect);
            // The failure is remembered: asking again does not turn into "still connecting".
            assertEquals(Errno.ECONNREFUSED, assertThrows(ErrnoException.class, client::finishConnect).errno());
        }
        assertEquals(ErrnoException.ECONNREFUSED, e.errno());
        assertTrue(e.getMessage().contains("connect(127.0.0.1:" + closed.getPort() + ")"), e.getMessage());
    }

    @Test
    void shutdownOutputGivesThePeerEndOfStreamAndRdhup() throws Exception {
        try (var pair = tcpPair(V4); Arena arena = Arena.ofConfined()) {
            pair.client().shutdownOutput();
            int mask = awaitReady(pair.server(), Interest.READ_CLOSED);
            assertTrue((mask & EpollFlags.EPOLLRDHUP) != 0, EpollFlags.toString(mask));
            assertEquals(-1, pair.server().read(arena.allocate(16)));
            // The other direction still works.
            writeFully(pair.server(), bytes(arena, new byte[] {1, 2, 3}));
            assertArrayEquals(new byte[] {1, 2, 3}, readExactly(pair.client(), 3));
        }
    }

    @Test
    void shutdownOutputOfTheServerGivesTheClientEndOfStream() throws Exception {
        try (var pair = tcpPair(V6); Arena arena = Arena.ofConfined()) {
            writeFully(pair.server(), bytes(arena, new byte[] {9}));
            pair.server().shutdownOutput();
            assertArrayEquals(new byte[] {9}, readExactly(pair.client(), 1));
            awaitReady(pair.client(), Interest.READ_CLOSED);
            assertEquals(-1, pair.client().read(arena.allocate(16)));
            writeFully(pair.client(), bytes(arena, new byte[] {7}));
            assertArrayEquals(new byte[] {7}, readExactly(pair.server(), 1));
        }
    }

    @Test
    void shutdownInputMakesLocalReadsEndOfStream() throws Exception {
        try (var pair = tcpPair(V4); Arena arena = Arena.ofConfined()) {
            pair.server().shutdownInput();
            assertEquals(-1, pair.server().read(arena.allocate(16)));
        }
    }

    @Test
    void peerResetWithLingerZeroIsEconnreset() throws Exception {
        try (var pair = tcpPair(V4); Arena arena = Arena.ofConfined()) {
            pair.server().setOption(SockOpt.SO_LINGER, 0);
            pair.server().close();      // linger 0: RST instead of FIN
            int mask = awaitReady(pair.client(), Interest.READABLE);
            assertTrue((mask & (EpollFlags.EPOLLERR | EpollFlags.EPOLLHUP)) != 0, EpollFlags.toString(mask));
            ErrnoException e = assertThrows(ErrnoException.class, () -> pair.client().read(arena.allocate(16)));
            assertEquals(ErrnoException.ECONNRESET, e.errno());
            assertTrue(e.getMessage().startsWith("recv("), e.getMessage());
        }
    }

    @Test
    void writingToAClosedPeerIsEpipeOrEconnresetAndNoSignal() throws Exception {
        try (var pair = tcpPair(V4); Arena arena = Arena.ofConfined()) {
            MemorySegment chunk = arena.allocate(64 * 1024);
            pair.server().close();
            awaitReady(pair.client(), Interest.READ_CLOSED);
            ErrnoException e = null;
            // The first write after the FIN may be accepted (and answered with RST); a few more must fail.
            for (int i = 0; i < 100 && e == null; i++) {
                try {
                    if (pair.client().write(chunk) == 0) {
                        awaitReady(pair.client(), Interest.WRITABLE);
                    }
                } catch (ErrnoException thrown) {
                    e = thrown;
                }
            }
            if (e == null) {
                fail("100 writes to a closed peer all succeeded");
            }
            assertTrue(e.errno() == ErrnoException.EPIPE || e.errno() == ErrnoException.ECONNRESET, e.getMessage());
            // Still here: MSG_NOSIGNAL kept SIGPIPE away. Once reset, further writes are EPIPE.
            assertEquals(ErrnoException.EPIPE, assertThrows(ErrnoException.class,
                    () -> pair.client().write(chunk)).errno());
        }
    }

    @Test
    void writevGathersAndReadvScatters() throws Exception {
        try (var pair = tcpPair(V4); Arena arena = Arena.ofConfined()) {
            MemorySegment a = bytes(arena, "head-".getBytes(StandardCharsets.US_ASCII));
            MemorySegment b = bytes(arena, "body-".getBytes(StandardCharsets.US_ASCII));
            MemorySegment c = bytes(arena, "tail".getBytes(StandardCharsets.US_ASCII));
            assertEquals(14, pair.client().writev(a, b, c));
            awaitReady(pair.server(), Interest.READABLE);
            MemorySegment x = arena.allocate(3);
            MemorySegment y = arena.allocate(11);
            long n = 0;
            while (n < 14) {
                long r = pair.server().readv(x.asSlice(Math.min(n, 3)), y.asSlice(Math.max(n - 3, 0)));
                assertTrue(r >= 0, "unexpected end of stream");
                if (r == 0) {
                    awaitReady(pair.server(), Interest.READABLE);
                }
                n += r;
            }
            assertEquals("hea", new String(x.toArray(JAVA_BYTE), StandardCharsets.US_ASCII));
            assertEquals("d-body-tail", new String(y.toArray(JAVA_BYTE), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void writeOfAPrefixSendsExactlyThoseBytesAndRefusesALengthPastTheSegment() throws Exception {
        try (var pair = tcpPair(V4); Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = bytes(arena, "prefix|never sent".getBytes(StandardCharsets.US_ASCII));
            assertEquals(7, pair.client().write(buffer, 7));
            assertEquals(0, pair.client().write(buffer, 0));
            assertThrows(IndexOutOfBoundsException.class, () -> pair.client().write(buffer, buffer.byteSize() + 1));
            pair.client().shutdownOutput();
            assertEquals("prefix|", new String(readExactly(pair.server(), 7), StandardCharsets.US_ASCII));
            awaitReady(pair.server(), Interest.READABLE);
            assertEquals(-1, pair.server().read(arena.allocate(8)), "nothing after the prefix");
        }
    }

    @Test
    void directByteBuffersAreReadAndWrittenInPlaceAndAdvance() throws Exception {
        try (var pair = tcpPair(V4)) {
            ByteBuffer out = ByteBuffer.allocateDirect(32).put("0123456789".getBytes(StandardCharsets.US_ASCII)).flip();
            out.position(2);
            assertEquals(8, pair.client().write(out));
            assertEquals(10, out.position());
            ByteBuffer head = ByteBuffer.allocateDirect(3);
            ByteBuffer rest = ByteBuffer.allocateDirect(16);
            long n = 0;
            while (n < 8) {
                awaitReady(pair.server(), Interest.READABLE);
                n += pair.server().readv(head, rest);
            }
            assertEquals(3, head.position());
            assertEquals(5, rest.position());
            assertEquals("234", new String(bytesOf(head.flip()), StandardCharsets.US_ASCII));
            assertEquals("56789", new String(bytesOf(rest.flip()), StandardCharsets.US_ASCII));

            ByteBuffer one = ByteBuffer.allocateDirect(2).put((byte) 'a').put((byte) 'b').flip();
            ByteBuffer two = ByteBuffer.allocateDirect(1).put((byte) 'c').flip();
            assertEquals(3, pair.server().writev(one, two));
            assertFalse(one.hasRemaining() || two.hasRemaining());
            ByteBuffer in = ByteBuffer.allocateDirect(8);
            while (in.position() < 3) {
                awaitReady(pair.client(), Interest.READABLE);
                pair.client().read(in);
            }
            assertEquals("abc", new String(bytesOf(in.flip()), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void heapBuffersAreRefused() throws Exception {
        try (var pair = tcpPair(V4)) {
            assertThrows(IllegalArgumentException.class, () -> pair.client().write(ByteBuffer.allocate(4)));
        }
    }

    @Test
    void sendfileCopiesAFileRangeByteExact(@TempDir Path dir) throws Exception {
        byte[] content = new byte[3 * 1024 * 1024 + 17];
        new Random(42).nextBytes(content);
        Path file = dir.resolve("payload.bin");
        Files.write(file, content);
        long offset = 1000;
        int count = content.length - 1000 - 5;
        try (var pair = tcpPair(V4); OwnedFd in = OwnedFd.open(file); Arena arena = Arena.ofConfined()) {
            MemorySegment received = arena.allocate(count);
            long sent = 0;
            long got = 0;
            long deadline = System.nanoTime() + SocketTesting.TIMEOUT_NANOS;
            while (got < count) {
                assertTrue(System.nanoTime() < deadline, "sendfile transfer timed out");
                boolean progress = false;
                if (sent < count) {
                    long n = pair.client().sendfile(in, offset + sent, count - sent);
                    assertTrue(n >= 0, "end of file before the range ended");
                    sent += n;
                    progress = n > 0;
                }
                long r = pair.server().read(received.asSlice(got));
                if (r > 0) {
                    got += r;
                    progress = true;
                }
                if (!progress) {
                    awaitReady(pair.server(), Interest.READABLE);
                }
            }
            assertArrayEquals(Arrays.copyOfRange(content, (int) offset, (int) offset + count), received.toArray(JAVA_BYTE));
            assertEquals(-1, pair.client().sendfile(in, content.length, 10), "offset at the end of the file");
            assertEquals(0, drain(pair.server(), arena.allocate(64)));
        }
    }

    @Test
    void connectToAnUnresolvedAddressIsRefusedBeforeAnySyscall() {
        assertThrows(IllegalArgumentException.class,
                () -> TcpStream.connect(InetSocketAddress.createUnresolved("localhost", 80)));
    }

    @Test
    void closedStreamRefusesUse() throws Exception {
        var pair = tcpPair(V4);
        pair.close();
        assertThrows(IllegalStateException.class, () -> pair.client().write(MemorySegment.NULL));
        assertNotEquals(null, pair.client().toString());
    }

    private static byte[] bytesOf(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.get(out);
        return out;
    }
}
