package io.epoll4j.net;

import io.epoll4j.fd.TcpStream;
import io.epoll4j.loop.EventLoop;
import io.epoll4j.loop.EventLoopGroup;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingStream;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.epoll4j.testing.SocketTesting.awaitReady;
import static io.epoll4j.testing.SocketTesting.readExactly;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The connection events of the Flight Recorder: opened, back-pressure on and off, closed. */
class ConnectionFlightRecorderTest {
    private static final InetSocketAddress ANY_PORT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    private static final int HIGH = 64 * 1024;
    private static final int LOW = 16 * 1024;
    private static final int SENT = 4 << 20;

    @Test
    void aConnectionThatPushesBackIsRecordedFromOpenThroughBackPressureToClose() throws Exception {
        MemorySegment payload = Arena.ofAuto().allocate(SENT);
        ConnectionHandler flood = new ConnectionHandler() {
            @Override
            public void onOpen(Connection c) {
                c.write(payload);   // far past the high water mark: the client is not reading yet
            }

            @Override
            public void onRead(Connection c, MemorySegment buffer, long length) {
            }
        };
        ServerOptions options = ServerOptions.DEFAULTS.withConnection(ConnectionOptions.DEFAULTS.withWaterMarks(HIGH, LOW));
        // One queue per event type: the stream need not deliver different types in commit
        // order, and an event of one type must not be lost while waiting for another.
        Map<String, BlockingQueue<RecordedEvent>> seen = new ConcurrentHashMap<>();
        try (RecordingStream rs = new RecordingStream();
             EventLoopGroup loops = EventLoop.builder().name("jfr-conn").daemon(true).startGroup(1)) {
            for (String name : new String[] {"io.epoll4j.ConnectionOpened", "io.epoll4j.ConnectionClosed",
                    "io.epoll4j.BackPressure"}) {
                rs.enable(name);
                BlockingQueue<RecordedEvent> queue = new LinkedBlockingQueue<>();
                seen.put(name, queue);
                rs.onEvent(name, queue::add);
            }
            rs.startAsync();
            try (TcpServer server = TcpServer.start(loops, ANY_PORT, options, () -> flood)) {
                TcpStream client = TcpStream.connect(server.localAddress());
                awaitReady(client, io.epoll4j.poll.Interest.WRITABLE);
                assertTrue(client.finishConnect());
                String clientAddress = String.valueOf(client.localAddress());

                RecordedEvent opened = await(seen, "io.epoll4j.ConnectionOpened");
                assertTrue(opened.getString("peer").contains(clientAddress.replaceFirst("^/", "")),
                        opened.getString("peer") + " vs " + clientAddress);
                assertTrue(opened.getString("loop").startsWith("jfr-conn"), opened.toString());
                // Read only once the server has pushed back: a client reading while the server's
                // first send(2) runs can take all of it, and then there is no back-pressure.
                RecordedEvent on = await(seen, "io.epoll4j.BackPressure");
                assertTrue(on.getBoolean("on"), on.toString());
                assertTrue(on.getLong("pendingBytes") > HIGH, on.toString());
                readExactly(client, SENT);
                client.close();
                RecordedEvent off = await(seen, "io.epoll4j.BackPressure");
                assertTrue(!off.getBoolean("on") && off.getLong("pendingBytes") <= LOW, off.toString());
                RecordedEvent closed = await(seen, "io.epoll4j.ConnectionClosed");
                assertEquals(opened.getString("socket").replace(", closed", ""),
                        closed.getString("socket").replace(", closed", ""));
            }
        }
    }

    /** The next event of that name, in the order the stream delivered them. */
    private static RecordedEvent await(Map<String, BlockingQueue<RecordedEvent>> seen, String name)
            throws InterruptedException {
        RecordedEvent e = seen.get(name).poll(20, TimeUnit.SECONDS);
        if (e == null) {
            throw new AssertionError("no " + name + " within 20 s");
        }
        return e;
    }
}
