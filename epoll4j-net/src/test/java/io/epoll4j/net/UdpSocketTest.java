package io.epoll4j.net;

import io.epoll4j.poll.Interest;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import static io.epoll4j.net.SocketTesting.awaitReady;
import static io.epoll4j.net.SocketTesting.bytes;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
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
