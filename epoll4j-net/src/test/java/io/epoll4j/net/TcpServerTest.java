package io.epoll4j.net;

import io.epoll4j.fd.TcpStream;
import io.epoll4j.loop.EventLoop;
import io.epoll4j.loop.EventLoopGroup;
import io.epoll4j.poll.Interest;
import io.epoll4j.testing.ProcFds;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.CRC32;

import static io.epoll4j.testing.SocketTesting.awaitReady;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TcpServerTest {
    private static final InetSocketAddress ANY_PORT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    /** The server side of an echo: every byte read goes back. */
    static final ConnectionHandler ECHO = (c, buffer, length) -> c.write(buffer, 0, length);

    /** A client that writes on its own must keep reading while its output is backed up. */
    static final ConnectionOptions PRODUCER = ConnectionOptions.DEFAULTS.withPauseReadingWhenUnwritable(false);

    private EventLoopGroup serverLoops;
    private EventLoopGroup clientLoops;

    @BeforeEach
    void startLoops() throws Exception {
        serverLoops = EventLoop.builder().name("server").daemon(true).startGroup(2);
        clientLoops = EventLoop.builder().name("client").daemon(true).startGroup(1);
    }

    @AfterEach
    void stopLoops() {
        clientLoops.close();
        serverLoops.close();
    }

    @Test
    void echoesRandomPayloadsUpTo64MiBOver32ConnectionsByteExact() throws Exception {
        try (TcpServer server = TcpServer.start(serverLoops, ANY_PORT, () -> ECHO);
             Arena arena = Arena.ofShared()) {
            SplittableRandom random = new SplittableRandom(7);
            List<CompletableFuture<Long>> received = new ArrayList<>();
            List<Long> expected = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                long size = i == 0 ? 64L << 20 : random.nextLong(2L << 20);
                MemorySegment payload = randomPayload(arena, size, random.nextLong());
                expected.add(crc(payload));
                EchoClient client = new EchoClient(payload);
                TcpClient.connect(clientLoops.next(), server.localAddress(), PRODUCER, client);
                received.add(client.done);
            }
            for (int i = 0; i < received.size(); i++) {
                assertEquals(expected.get(i), received.get(i).get(60, TimeUnit.SECONDS), "checksum of connection " + i);
            }
        }
    }

    @Test
    void reusePortListenersOnTwoLoopsBothAccept() throws Exception {
        Set<String> loops = ConcurrentHashMap.newKeySet();
        CountDownLatch opened = new CountDownLatch(64);
        ConnectionHandler recordLoop = new ConnectionHandler() {
            @Override
            public void onOpen(Connection c) {
                loops.add(c.loop().name());
                opened.countDown();
            }

            @Override
            public void onRead(Connection c, MemorySegment buffer, long length) {}
        };
        try (TcpServer server = TcpServer.start(serverLoops, ANY_PORT,
                ServerOptions.DEFAULTS.withAcceptMode(AcceptMode.REUSEPORT), () -> recordLoop)) {
            List<TcpStream> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 64; i++) {
                    clients.add(TcpStream.connect(server.localAddress()));
                }
                assertTrue(opened.await(10, TimeUnit.SECONDS), "not all 64 connections were accepted");
            } finally {
                clients.forEach(TcpStream::close);
            }
            assertEquals(Set.of("server-0", "server-1"), loops);
            assertEquals(64, server.acceptedConnections());
        }
    }

    @Test
    void exclusiveSharedListenerAcceptsInSeveralLoops() throws Exception {
        Set<String> loops = ConcurrentHashMap.newKeySet();
        CountDownLatch opened = new CountDownLatch(40);
        ConnectionHandler busyOnOpen = new ConnectionHandler() {
            @Override
            public void onOpen(Connection c) {
                loops.add(c.loop().name());
                opened.countDown();
                // Keep this loop out of epoll_wait for a moment: the kernel then wakes another
                // exclusive waiter for the next connection (ep_poll_callback wakes on only if
                // nobody waits on this instance).
                long until = System.nanoTime() + 3_000_000;
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
            }

            @Override
            public void onRead(Connection c, MemorySegment buffer, long length) {}
        };
        ServerOptions options = ServerOptions.DEFAULTS.withAcceptMode(AcceptMode.EXCLUSIVE).withAcceptBatch(1);
        try (TcpServer server = TcpServer.start(serverLoops, ANY_PORT, options, () -> busyOnOpen)) {
            List<TcpStream> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 40; i++) {
                    clients.add(TcpStream.connect(server.localAddress()));
                }
                assertTrue(opened.await(10, TimeUnit.SECONDS), "not all 40 connections were accepted");
            } finally {
                clients.forEach(TcpStream::close);
            }
            assertEquals(Set.of("server-0", "server-1"), loops);
        }
    }

    @Test
    void thousandConnectCloseCyclesReturnFdsAndEpollEntriesToWhereTheyStarted() throws Exception {
        Semaphore closed = new Semaphore(0);
        ConnectionHandler countClosed = new ConnectionHandler() {
            @Override
            public void onRead(Connection c, MemorySegment buffer, long length) {}

            @Override
            public void onClosed(Connection c) {
                closed.release();
            }
        };
        try (TcpServer server = TcpServer.start(serverLoops, ANY_PORT, () -> countClosed)) {
            for (int i = 0; i < 10; i++) {
                cycle(server.localAddress());
            }
            assertTrue(closed.tryAcquire(10, 10, TimeUnit.SECONDS), "warm-up connections not closed");
            long fds = ProcFds.count();
            long epollEntries = epollEntries();
            for (int i = 0; i < 1000; i++) {
                cycle(server.localAddress());
            }
            assertTrue(closed.tryAcquire(1000, 20, TimeUnit.SECONDS),
                    "server closed only " + closed.availablePermits() + " of 1000");
            assertEquals(0, server.openConnections());
            assertEquals(1010, server.acceptedConnections());
            assertEquals(fds, ProcFds.count(), "open fds");
            assertEquals(epollEntries, epollEntries(), "tfd: lines of this process's epoll instances");
        }
    }

    private static void cycle(InetSocketAddress address) throws Exception {
        try (TcpStream client = TcpStream.connect(address)) {
            awaitReady(client, Interest.WRITABLE);
            assertTrue(client.finishConnect());
        }
    }

    /** The registrations of every epoll instance of this process: its "tfd:" lines in /proc/self/fdinfo. */
    static long epollEntries() {
        long total = 0;
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    if (Files.readSymbolicLink(fd).toString().equals("anon_inode:[eventpoll]")) {
                        total += Files.readAllLines(Path.of("/proc/self/fdinfo", fd.getFileName().toString()))
                                .stream().filter(l -> l.startsWith("tfd:")).count();
                    }
                } catch (IOException e) {
                    // closed while listing
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return total;
    }

    static MemorySegment randomPayload(Arena arena, long size, long seed) {
        MemorySegment payload = arena.allocate(size, 8);
        SplittableRandom random = new SplittableRandom(seed);
        long i = 0;
        for (; i + 8 <= size; i += 8) {
            payload.set(JAVA_LONG_UNALIGNED, i, random.nextLong());
        }
        for (; i < size; i++) {
            payload.set(java.lang.foreign.ValueLayout.JAVA_BYTE, i, (byte) random.nextInt());
        }
        return payload;
    }

    static long crc(MemorySegment data) {
        CRC32 crc = new CRC32();
        crc.update(data.asByteBuffer());
        return crc.getValue();
    }

    /** Sends a payload as fast as back-pressure allows and checksums what comes back. */
    static final class EchoClient implements ConnectionHandler {
        final CompletableFuture<Long> done = new CompletableFuture<>();
        private final MemorySegment payload;
        private final CRC32 crc = new CRC32();
        private long sent;
        private long received;

        EchoClient(MemorySegment payload) {
            this.payload = payload;
        }

        @Override
        public void onOpen(Connection c) {
            if (payload.byteSize() == 0) {
                done.complete(crc.getValue());
                c.close();
                return;
            }
            pump(c);
        }

        private void pump(Connection c) {
            while (sent < payload.byteSize() && c.isWritable() && c.isOpen()) {
                long n = Math.min(256 * 1024, payload.byteSize() - sent);
                c.write(payload, sent, n);
                sent += n;
                c.flush();
            }
        }

        @Override
        public void onWritabilityChanged(Connection c, boolean writable) {
            if (writable) {
                pump(c);
            }
        }

        @Override
        public void onWritable(Connection c) {
            pump(c);
        }

        @Override
        public void onRead(Connection c, MemorySegment buffer, long length) {
            crc.update(buffer.asSlice(0, length).asByteBuffer());
            received += length;
            if (received == payload.byteSize()) {
                done.complete(crc.getValue());
                c.close();
            }
        }

        @Override
        public void onError(Connection c, Throwable error) {
            done.completeExceptionally(error);
        }

        @Override
        public void onClosed(Connection c) {
            done.completeExceptionally(new IllegalStateException("closed after " + received + " of "
                    + payload.byteSize() + " bytes"));
        }
    }
}
