package io.epoll4j.examples;

import io.epoll4j.loop.EventLoopGroup;
import io.epoll4j.net.Connection;
import io.epoll4j.net.ConnectionHandler;
import io.epoll4j.net.TcpServer;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * A TCP echo server on epoll4j: one event loop per core, every byte sent back.
 *
 * {@snippet lang=sh :
 * epoll4j-examples/run echo 7007     # then: nc 127.0.0.1 7007
 * }
 *
 * <p>The handler writes the slice of the loop's read buffer it was given: no copy, unless the
 * peer reads slower than it sends, when the unwritten tail is queued and reading pauses past
 * the high water mark.
 */
public final class EchoServer {
    /** Echoes; the defaults close the connection when the peer half-closes or fails. */
    static final class Echo implements ConnectionHandler {
        @Override
        public void onRead(Connection connection, MemorySegment buffer, long length) {
            connection.write(buffer, 0, length);      // flushed when onRead returns
        }
    }

    private EchoServer() {}

    /**
     * Starts an echo server on {@code address} (port 0: any free port).
     *
     * @param loops   the loops that serve the connections
     * @param address where to listen
     * @return the running server; close it to stop listening
     * @throws IOException if the address cannot be bound
     */
    public static TcpServer start(EventLoopGroup loops, InetSocketAddress address) throws IOException {
        Echo echo = new Echo();                       // stateless: one for all connections
        return TcpServer.start(loops, address, () -> echo);
    }

    /**
     * Runs the server until Ctrl-C.
     *
     * @param args the port (default 7007), on 127.0.0.1
     * @throws Exception if the server cannot start
     */
    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 7007;
        EventLoopGroup loops = EventLoopGroup.start(Runtime.getRuntime().availableProcessors(), "echo");
        TcpServer server = start(loops, new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        System.out.println("echo server on 127.0.0.1:" + server.localAddress().getPort() + "; Ctrl-C to stop");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            loops.close();
        }));
        loops.awaitTermination(Duration.ofDays(365));   // the loops end when the hook closes them
    }
}
