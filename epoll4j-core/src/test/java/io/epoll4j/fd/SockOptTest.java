package io.epoll4j.fd;

import io.epoll4j.sys.Errno;
import io.epoll4j.testing.SocketTesting;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SockOptTest {
    private static final InetAddress V4 = InetAddress.getLoopbackAddress();

    @Test
    void booleanOptionsRoundTrip() throws Exception {
        try (var pair = SocketTesting.tcpPair(V4)) {
            TcpStream s = pair.client();
            for (SockOpt<Boolean> option : java.util.List.of(SockOpt.TCP_NODELAY, SockOpt.SO_KEEPALIVE,
                    SockOpt.SO_REUSEADDR, SockOpt.SO_REUSEPORT)) {
                s.setOption(option, true);
                assertTrue(s.getOption(option), option.name());
                s.setOption(option, false);
                assertFalse(s.getOption(option), option.name());
            }
            s.setOption(SockOpt.TCP_QUICKACK, true);   // a one-time nudge; reading it back is not stable
        }
    }

    @Test
    void integerOptionsRoundTrip() throws Exception {
        try (var pair = SocketTesting.tcpPair(V4)) {
            TcpStream s = pair.client();
            s.setOption(SockOpt.TCP_KEEPIDLE, 30);
            s.setOption(SockOpt.TCP_KEEPINTVL, 7);
            s.setOption(SockOpt.TCP_KEEPCNT, 4);
            assertEquals(30, s.getOption(SockOpt.TCP_KEEPIDLE));
            assertEquals(7, s.getOption(SockOpt.TCP_KEEPINTVL));
            assertEquals(4, s.getOption(SockOpt.TCP_KEEPCNT));
            s.setOption(SockOpt.SO_RCVBUF, 64 * 1024);
            s.setOption(SockOpt.SO_SNDBUF, 64 * 1024);
            // socket(7): the kernel doubles the value to leave room for its bookkeeping.
            assertEquals(128 * 1024, s.getOption(SockOpt.SO_RCVBUF));
            assertEquals(128 * 1024, s.getOption(SockOpt.SO_SNDBUF));
            assertEquals(0, s.getOption(SockOpt.SO_ERROR));
            assertEquals(0, s.pendingError());
        }
    }

    @Test
    void lingerIsMinusOneWhenOffAndSecondsWhenOn() throws Exception {
        try (var pair = SocketTesting.tcpPair(V4)) {
            TcpStream s = pair.client();
            assertEquals(-1, s.getOption(SockOpt.SO_LINGER));
            s.setOption(SockOpt.SO_LINGER, 5);
            assertEquals(5, s.getOption(SockOpt.SO_LINGER));
            s.setOption(SockOpt.SO_LINGER, 0);
            assertEquals(0, s.getOption(SockOpt.SO_LINGER));
            s.setOption(SockOpt.SO_LINGER, -1);
            assertEquals(-1, s.getOption(SockOpt.SO_LINGER));
        }
    }

    @Test
    void listenerOptionsRoundTrip() throws Exception {
        try (TcpListener listener = TcpListener.listen(new InetSocketAddress(V4, 0))) {
            listener.setOption(SockOpt.TCP_FASTOPEN, 16);
            assertEquals(16, listener.getOption(SockOpt.TCP_FASTOPEN));
            try {
                listener.setOption(SockOpt.SO_BUSY_POLL, 50);
                assertEquals(50, listener.getOption(SockOpt.SO_BUSY_POLL));
            } catch (ErrnoException e) {
                // Raising it past net.core.busy_poll needs CAP_NET_ADMIN.
                assertEquals(Errno.EPERM, e.errno(), e.getMessage());
            }
        }
    }

    @Test
    void trafficClassOptionsRoundTripOnIpv4AndIpv6() throws Exception {
        try (var v4 = SocketTesting.tcpPair(V4); var v6 = SocketTesting.tcpPair(InetAddress.getByName("::1"))) {
            v4.client().setOption(SockOpt.IP_TOS, 0x10);              // IPTOS_LOWDELAY
            assertEquals(0x10, v4.client().getOption(SockOpt.IP_TOS));
            v6.client().setOption(SockOpt.IPV6_TCLASS, 0x20);
            assertEquals(0x20, v6.client().getOption(SockOpt.IPV6_TCLASS));
        }
    }

    @Test
    void tcpCorkAndUserTimeoutRoundTrip() throws Exception {
        try (var pair = SocketTesting.tcpPair(V4)) {
            TcpStream s = pair.client();
            s.setOption(SockOpt.TCP_CORK, true);
            assertTrue(s.getOption(SockOpt.TCP_CORK));
            s.setOption(SockOpt.TCP_CORK, false);
            assertFalse(s.getOption(SockOpt.TCP_CORK));
            s.setOption(SockOpt.TCP_USER_TIMEOUT, 3000);
            assertEquals(3000, s.getOption(SockOpt.TCP_USER_TIMEOUT));
        }
    }

    @Test
    void datagramOptionsRoundTrip() throws Exception {
        try (UdpSocket v4 = UdpSocket.bind(new InetSocketAddress(V4, 0));
             UdpSocket v6 = UdpSocket.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0))) {
            v4.setOption(SockOpt.SO_BROADCAST, true);
            assertTrue(v4.getOption(SockOpt.SO_BROADCAST));
            v4.setOption(SockOpt.IP_MULTICAST_TTL, 4);
            assertEquals(4, v4.getOption(SockOpt.IP_MULTICAST_TTL));
            v4.setOption(SockOpt.IP_MULTICAST_LOOP, false);
            assertFalse(v4.getOption(SockOpt.IP_MULTICAST_LOOP));
            v6.setOption(SockOpt.IPV6_MULTICAST_HOPS, 5);
            assertEquals(5, v6.getOption(SockOpt.IPV6_MULTICAST_HOPS));
            v6.setOption(SockOpt.IPV6_MULTICAST_LOOP, false);
            assertFalse(v6.getOption(SockOpt.IPV6_MULTICAST_LOOP));
        }
    }

    @Test
    void ipv6OptionOnAnIpv4SocketIsRefusedByTheKernel() throws Exception {
        try (TcpListener listener = TcpListener.listen(new InetSocketAddress(V4, 0))) {
            ErrnoException e = assertThrows(ErrnoException.class, () -> listener.getOption(SockOpt.IPV6_V6ONLY));
            assertTrue(e.errno() == Errno.ENOPROTOOPT || e.errno() == Errno.EOPNOTSUPP, e.getMessage());
        }
    }

    @Test
    void refusedOptionsNameTheAcceptedSocketAndItsPeer() throws Exception {
        try (var pair = SocketTesting.tcpPair(V4)) {
            TcpStream accepted = pair.server();
            int port = ((InetSocketAddress) pair.client().localAddress()).getPort();
            accepted.setOption(SockOpt.TCP_NODELAY, true);   // succeeds: nothing to name
            ErrnoException set = assertThrows(ErrnoException.class, () -> accepted.setOption(SockOpt.TCP_KEEPIDLE, 0));
            assertEquals(Errno.EINVAL, set.errno());
            assertTrue(set.getMessage().contains("peer 127.0.0.1:" + port) && set.getMessage().contains("TCP_KEEPIDLE, 0"),
                    set.getMessage());
            ErrnoException get = assertThrows(ErrnoException.class, () -> accepted.getOption(SockOpt.IPV6_V6ONLY));
            assertTrue(get.getMessage().startsWith("getsockopt(fd ") && get.getMessage().contains("peer 127.0.0.1:" + port),
                    get.getMessage());
        }
    }

    @Test
    void soErrorIsReadOnly() throws Exception {
        try (TcpListener listener = TcpListener.listen(new InetSocketAddress(V4, 0))) {
            assertThrows(IllegalArgumentException.class, () -> listener.setOption(SockOpt.SO_ERROR, 1));
        }
    }
}
