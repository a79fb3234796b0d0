package io.epoll4j.fd;

import io.epoll4j.poll.Interest;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import static io.epoll4j.testing.SocketTesting.awaitReady;
import static io.epoll4j.testing.SocketTesting.bytes;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UdpSocketTest {
    @Test
    void datagramsTravelBothWaysWithTheirSender() throws Exception {
        sendAndReply(InetAddress.getLoopbackAddress());
    }

    @Test
    void datagramsTravelOverIpv6() throws Exception {
        sendAndReply(InetAddress.getByName("::1"));
    }

    @Test
    void aReceiveIntoAPeerAddressNamesTheSenderWithoutAnObject() throws Exception {
        receiveIntoPeerAddress(InetAddress.getLoopbackAddress());
    }

    @Test
    void aReceiveIntoAPeerAddressWorksOverIpv6() throws Exception {
        receiveIntoPeerAddress(InetAddress.getByName("::1"));
    }

    private static void receiveIntoPeerAddress(InetAddress loopback) throws Exception {
        try (UdpSocket server = UdpSocket.bind(new InetSocketAddress(loopback, 0));
             UdpSocket client = UdpSocket.bind(new InetSocketAddress(loopback, 0));
             Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(1500);
            PeerAddress from = PeerAddress.allocate();
            assertTrue(from.isEmpty());
            assertEquals(-1, server.receive(buf, from), "nothing sent yet");
            assertTrue(from.isEmpty(), "a receive that would block leaves the holder alone");

            assertTrue(client.sendTo(bytes(arena, new byte[0]), server.localAddress()));
            awaitReady(server, Interest.READABLE);
            assertEquals(0, server.receive(buf, from), "an empty datagram is a real 0");
            assertTrue(from.matches(client.localAddress()));
            assertEquals(client.localAddress().getPort(), from.port());
            assertEquals(loopback instanceof java.net.Inet6Address, from.isInet6());
            assertEquals(client.localAddress(), from.toInetSocketAddress());

            assertTrue(server.sendTo(bytes(arena, "back".getBytes(StandardCharsets.US_ASCII)), from));
            awaitReady(client, Interest.READABLE);
            Datagram d = client.receive(buf);
            assertNotNull(d);
            assertEquals(4, d.length());
            assertEquals(server.localAddress(), d.sender());
        }
    }

    @Test
    void aConnectedSocketNamesItsPeerAndDisconnectHearsEveryoneAgain() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (UdpSocket socket = UdpSocket.bind(new InetSocketAddress(loopback, 0));
             UdpSocket peer = UdpSocket.bind(new InetSocketAddress(loopback, 0));
             UdpSocket stranger = UdpSocket.bind(new InetSocketAddress(loopback, 0));
             Arena arena = Arena.ofConfined()) {
            socket.connect(peer.localAddress());
            assertEquals(peer.localAddress(), socket.peerAddress());
            MemorySegment one = bytes(arena, new byte[] {1});
            assertTrue(stranger.sendTo(one, socket.localAddress()));   // filtered: not from the peer
            assertTrue(peer.sendTo(one, socket.localAddress()));
            awaitReady(socket, Interest.READABLE);
            MemorySegment buf = arena.allocate(16);
            PeerAddress from = PeerAddress.allocate();
            assertEquals(1, socket.receive(buf, from));
            assertTrue(from.matches(peer.localAddress()));
            assertEquals(-1, socket.receive(buf, from), "the stranger's datagram was not delivered");

            socket.disconnect();
            assertEquals(ErrnoException.ENOTCONN,
                    assertThrows(ErrnoException.class, socket::peerAddress).errno());
            // Unconnected again: it sends to anyone (from a new port: the kernel-chosen one went
            // with the association).
            assertTrue(socket.sendTo(one, stranger.localAddress()));
            awaitReady(stranger, Interest.READABLE);
            assertEquals(1, stranger.receive(buf, from));
            assertTrue(from.port() != 0);
        }
    }

    @Test
    void aSendToAnEmptyPeerAddressIsRefused() throws Exception {
        try (UdpSocket socket = UdpSocket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             Arena arena = Arena.ofConfined()) {
            assertThrows(IllegalArgumentException.class, () -> socket.sendTo(arena.allocate(1), PeerAddress.allocate()));
        }
    }

    private static void sendAndReply(InetAddress loopback) throws Exception {
        try (UdpSocket server = UdpSocket.bind(new InetSocketAddress(loopback, 0));
             UdpSocket client = UdpSocket.bind(new InetSocketAddress(loopback, 0));
             Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(1500);
            assertNull(server.receive(buf), "nothing sent yet");
            assertTrue(client.sendTo(bytes(arena, "ping".getBytes(StandardCharsets.US_ASCII)), server.localAddress()));
            awaitReady(server, Interest.READABLE);
            Datagram d = server.receive(buf);
            assertNotNull(d);
            assertEquals(4, d.length());
            assertEquals(client.localAddress(), d.sender());
            assertEquals("ping", new String(buf.asSlice(0, 4).toArray(JAVA_BYTE), StandardCharsets.US_ASCII));

            client.connect(server.localAddress());
            server.sendTo(bytes(arena, "pong!".getBytes(StandardCharsets.US_ASCII)), d.sender());
            awaitReady(client, Interest.READABLE);
            assertEquals(5, client.recv(buf));
            assertEquals(-1, client.recv(buf), "one datagram, one receive");
        }
    }
}
