package io.epoll4j.fd;

import io.epoll4j.poll.Interest;
import io.epoll4j.sys.Errno;
import io.epoll4j.sys.Unistd;
import io.epoll4j.testing.ProcFds;
import io.epoll4j.testing.SocketTesting;
import org.junit.jupiter.api.Test;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;

import static io.epoll4j.testing.SocketTesting.awaitReady;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TcpListenerTest {
    private static final InetAddress V4 = InetAddress.getLoopbackAddress();

    @Test
    void acceptWithNothingQueuedReturnsNull() throws Exception {
        try (TcpListener listener = TcpListener.listen(new InetSocketAddress(V4, 0))) {
            assertNull(listener.accept());
        }
    }

    @Test
    void resetQueueEndsEveryQueuedConnectionWithAResetAndListensOnTheSamePort() throws Exception {
        for (boolean kernelChosenPort : new boolean[] {true, false}) {
            int port = 0;
            if (!kernelChosenPort) {
                try (TcpListener probe = TcpListener.listen(new InetSocketAddress(V4, 0))) {
                    port = probe.localAddress().getPort();
                }
            }
            try (TcpListener listener = TcpListener.open(StandardProtocolFamily.INET)) {
                listener.setOption(SockOpt.SO_REUSEADDR, true);
                listener.setOption(SockOpt.SO_REUSEPORT, true);
                listener.bind(new InetSocketAddress(V4, port));
                listener.listen(16);
                InetSocketAddress local = listener.localAddress();
                TcpStream[] queued = new TcpStream[3];
                for (int i = 0; i < queued.length; i++) {
                    queued[i] = TcpStream.connect(local);
                    awaitReady(queued[i], Interest.WRITABLE);
                    assertTrue(queued[i].finishConnect());
                }
                listener.resetQueue(16);
                assertEquals(local, listener.localAddress(), "port moved (kernel-chosen " + kernelChosenPort + ")");
                for (TcpStream client : queued) {
                    awaitReady(client, Interest.READABLE);
                    ErrnoException e = assertThrows(ErrnoException.class,
                            () -> client.read(java.lang.foreign.Arena.ofAuto().allocate(1)));
                    assertEquals(Errno.ECONNRESET, e.errno());
                    client.close();
                }
                assertNull(listener.accept(), "a reset connection is still queued");
                try (TcpStream again = TcpStream.connect(local)) {
                    awaitReady(listener, Interest.READABLE);
                    assertNotNull(listener.accept(), "not listening again after the reset");
                }
            }
        }
    }

    @Test
    void portZeroBindsAnEphemeralPortOnTheGivenAddress() throws Exception {
        try (TcpListener listener = TcpListener.listen(new InetSocketAddress(V4, 0))) {
            InetSocketAddress local = listener.localAddress();
            assertEquals(V4, local.getAddress());
            assertTrue(local.getPort() > 0);
            assertTrue(listener.getOption(SockOpt.SO_REUSEADDR));
        }
    }

    @Test
    void socketsAndAcceptedStreamsAreNonBlockingAndCloseOnExec() throws Exception {
        try (var pair = SocketTesting.tcpPair(V4)) {
            for (StreamSocket s : new StreamSocket[] {pair.client(), pair.server()}) {
                assertTrue((Unistd.fcntl(s.fd(), Unistd.F_GETFL, 0) & Unistd.O_NONBLOCK) != 0, s + " blocking");
                assertEquals(Unistd.FD_CLOEXEC, Unistd.fcntl(s.fd(), Unistd.F_GETFD, 0) & Unistd.FD_CLOEXEC,
                        s + " not close-on-exec");
            }
        }
    }

    @Test
    void ipv6OnlyListenerServesIpv6AndLeavesIpv4Free() throws Exception {
        InetAddress any6 = InetAddress.getByName("::");
        try (TcpListener v6 = TcpListener.open(StandardProtocolFamily.INET6)) {
            v6.setOption(SockOpt.IPV6_V6ONLY, true);
            v6.setOption(SockOpt.SO_REUSEADDR, true);
            v6.bind(new InetSocketAddress(any6, 0));
            v6.listen(16);
            assertTrue(v6.getOption(SockOpt.IPV6_V6ONLY));
            int port = v6.localAddress().getPort();
            // With V6ONLY the same port on IPv4 is still free to bind.
            try (TcpListener v4 = TcpListener.listen(new InetSocketAddress(V4, port));
                 TcpStream client = TcpStream.connect(new InetSocketAddress("::1", port))) {
                awaitReady(v6, Interest.READABLE);
                try (TcpStream accepted = v6.accept()) {
                    assertNotNull(accepted);
                    assertInstanceOf(Inet6Address.class, accepted.peerAddress().getAddress());
                }
                assertNull(v4.accept());
            }
        }
    }

    @Test
    void aBindErrorNamesAnIpv6AddressInBrackets() throws Exception {
        try (TcpListener first = TcpListener.listen(new InetSocketAddress("::1", 0))) {
            ErrnoException e = assertThrows(ErrnoException.class, () -> TcpListener.listen(first.localAddress()));
            assertTrue(e.getMessage().contains("[::1]:" + first.localAddress().getPort()), e.getMessage());
        }
    }

    @Test
    void secondBindOfABusyPortIsEaddrinuse() throws Exception {
        try (TcpListener first = TcpListener.listen(new InetSocketAddress(V4, 0))) {
            ErrnoException e = assertThrows(ErrnoException.class,
                    () -> TcpListener.listen(first.localAddress()));
            assertEquals(Errno.EADDRINUSE, e.errno());
            // The address as one would type it, without InetSocketAddress's leading slash.
            int port = first.localAddress().getPort();
            assertTrue(e.getMessage().contains(", 127.0.0.1:" + port + ")"), e.getMessage());
            assertFalse(e.getMessage().contains("/127.0.0.1"), e.getMessage());
        }
    }

    @Test
    void reusePortLetsTwoListenersShareAPort() throws Exception {
        try (TcpListener a = TcpListener.open(StandardProtocolFamily.INET);
             TcpListener b = TcpListener.open(StandardProtocolFamily.INET)) {
            a.setOption(SockOpt.SO_REUSEPORT, true);
            b.setOption(SockOpt.SO_REUSEPORT, true);
            a.bind(new InetSocketAddress(V4, 0));
            b.bind(a.localAddress());
            a.listen(64);
            b.listen(64);
            assertEquals(a.localAddress(), b.localAddress());
            // The kernel hashes each connection to one of them; over a few connections both see some.
            int accepted = 0;
            boolean sawA = false;
            boolean sawB = false;
            for (int i = 0; i < 64 && !(sawA && sawB); i++) {
                try (TcpStream client = TcpStream.connect(a.localAddress())) {
                    awaitReady(client, Interest.WRITABLE);
                    TcpStream fromA = a.accept();
                    TcpStream fromB = fromA == null ? b.accept() : null;
                    sawA |= fromA != null;
                    sawB |= fromB != null;
                    accepted += (fromA != null ? 1 : 0) + (fromB != null ? 1 : 0);
                    if (fromA != null) fromA.close();
                    if (fromB != null) fromB.close();
                }
            }
            assertTrue(sawA && sawB, "accepted " + accepted + ", A " + sawA + ", B " + sawB);
        }
    }

    @Test
    void thousandConnectAcceptCloseCyclesLeakNoFd() throws Exception {
        try (TcpListener listener = TcpListener.listen(new InetSocketAddress(V4, 0))) {
            InetSocketAddress address = listener.localAddress();
            // One warm-up cycle so that lazily opened JDK files do not count.
            cycle(listener, address);
            long before = ProcFds.count();
            for (int i = 0; i < 1000; i++) {
                cycle(listener, address);
            }
            assertEquals(before, ProcFds.count());
        }
    }

    private static void cycle(TcpListener listener, InetSocketAddress address) throws Exception {
        try (TcpStream client = TcpStream.connect(address)) {
            awaitReady(listener, Interest.READABLE);
            try (TcpStream server = listener.accept()) {
                assertNotNull(server);
                client.finishConnect();
            }
        }
    }
}
