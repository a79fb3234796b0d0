package io.epoll4j.fd;

import io.epoll4j.poll.Interest;
import io.epoll4j.sys.Errno;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.Arena;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.epoll4j.testing.SocketTesting.awaitReady;
import static io.epoll4j.testing.SocketTesting.bytes;
import static io.epoll4j.testing.SocketTesting.readExactly;
import static io.epoll4j.testing.SocketTesting.writeFully;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UnixStreamTest {
    @Test
    void aListenerOpenedBoundAndListenedStepByStepAcceptsAStepByStepConnect(@TempDir Path dir) throws Exception {
        UnixDomainSocketAddress path = UnixDomainSocketAddress.of(dir.resolve("steps.sock"));
        try (UnixListener listener = UnixListener.open(); UnixStream client = UnixStream.open();
             Arena arena = Arena.ofConfined()) {
            listener.bind(path);
            listener.listen(8);
            assertEquals(path, listener.localAddress());
            assertTrue(client.startConnect(path), "a Unix connect completes at once");
            awaitReady(listener, Interest.READABLE);
            try (UnixStream server = listener.accept()) {
                assertNotNull(server);
                writeFully(client, bytes(arena, "hi".getBytes(StandardCharsets.US_ASCII)));
                assertArrayEquals("hi".getBytes(StandardCharsets.US_ASCII), readExactly(server, 2));
            }
        }
        try (UnixListener abstractListener = UnixListener.open(); UnixStream client = UnixStream.open()) {
            UnixAbstractAddress name = UnixAbstractAddress.of("epoll4j-steps-" + ProcessHandle.current().pid());
            abstractListener.bind(name);
            abstractListener.listen(8);
            assertTrue(client.startConnect(name));
            assertEquals(name, client.peerAddress());
            assertThrows(IllegalArgumentException.class,
                    () -> abstractListener.bind(new java.net.InetSocketAddress("127.0.0.1", 0)));
        }
    }

    @Test
    void echoesOverAPathSocket(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("echo.sock");
        try (UnixListener listener = UnixListener.listen(path)) {
            assertTrue(Files.exists(path), "bind creates the socket file");
            assertEquals(UnixDomainSocketAddress.of(path), listener.localAddress());
            echoThrough(listener, UnixStream.connect(path));
        }
    }

    @Test
    void echoesOverAnAbstractName() throws Exception {
        UnixAbstractAddress name = UnixAbstractAddress.of("epoll4j-test-" + ProcessHandle.current().pid());
        try (UnixListener listener = UnixListener.listen(name)) {
            assertEquals(name, listener.localAddress());
            echoThrough(listener, UnixStream.connect(name));
        }
        // The name is gone with its socket: nobody listens there any more.
        ErrnoException e = assertThrows(ErrnoException.class, () -> UnixStream.connect(name));
        assertEquals(ErrnoException.ECONNREFUSED, e.errno());
        assertTrue(e.getMessage().contains("@epoll4j-test-"), e.getMessage());
    }

    @Test
    void connectToAMissingPathIsEnoent(@TempDir Path dir) {
        ErrnoException e = assertThrows(ErrnoException.class, () -> UnixStream.connect(dir.resolve("none.sock")));
        assertEquals(Errno.ENOENT, e.errno());
    }

    @Test
    void socketPairEndsAreConnectedToEachOther() throws Exception {
        UnixStream[] pair = UnixStream.pair();
        try (UnixStream a = pair[0]; UnixStream b = pair[1]; Arena arena = Arena.ofConfined()) {
            writeFully(a, bytes(arena, new byte[] {4, 5, 6}));
            assertArrayEquals(new byte[] {4, 5, 6}, readExactly(b, 3));
            assertEquals(UnixDomainSocketAddress.of(""), a.localAddress(), "socketpair ends are unnamed");
            a.shutdownOutput();
            awaitReady(b, Interest.READ_CLOSED);
            assertEquals(-1, b.read(arena.allocate(8)));
        }
    }

    private static void echoThrough(UnixListener listener, UnixStream client) throws Exception {
        try (client; Arena arena = Arena.ofConfined()) {
            assertTrue(client.finishConnect());
            awaitReady(listener, Interest.READABLE);
            try (UnixStream server = listener.accept()) {
                assertNotNull(server);
                byte[] message = "over unix".getBytes(StandardCharsets.US_ASCII);
                writeFully(client, bytes(arena, message));
                writeFully(server, bytes(arena, readExactly(server, message.length)));
                assertArrayEquals(message, readExactly(client, message.length));
                SocketAddress peer = server.peerAddress();
                assertEquals(UnixDomainSocketAddress.of(""), peer, "the client did not bind a name");
            }
        }
    }
}
