package io.epoll4j.examples;

import io.epoll4j.loop.EventLoopGroup;
import io.epoll4j.net.Connection;
import io.epoll4j.net.ConnectionHandler;
import io.epoll4j.net.TcpClient;
import io.epoll4j.net.TcpServer;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * A TCP proxy: every accepted connection gets a connection of its own to the backend, on the
 * same event loop, and bytes are relayed both ways.
 *
 * {@snippet lang=sh :
 * epoll4j-examples/run echo 7007 &                    # a backend
 * epoll4j-examples/run proxy 7008 127.0.0.1:7007      # then: nc 127.0.0.1 7008
 * }
 *
 * <p>What a relay must get right, and how this one does it:
 * <ul>
 * <li>Back-pressure: when one side's pending output passes its high water mark, the other
 *     side stops reading ({@link Connection#pauseReading()}) until it drains, so a slow reader
 *     never makes the proxy buffer without bound.
 * <li>Half-close: a peer that shuts down its output has the other side's output shut down
 *     in turn; the pair closes once both directions are done.
 * <li>The client's bytes wait in the kernel until the backend connection is up: reading the
 *     client starts only then.
 * <li>Both connections live on one loop, so neither needs a lock.
 * </ul>
 */
public final class TcpProxy {
    private TcpProxy() {}

    /** One direction of the relay: reads from its own connection, writes to the peer. */
    private static final class Side implements ConnectionHandler {
        private Connection self;
        private Connection peer;
        private boolean inputDone;
        private Side other;

        @Override
        public void onOpen(Connection connection) {
            self = connection;
        }

        @Override
        public void onRead(Connection connection, MemorySegment buffer, long length) {
            peer.write(buffer, 0, length);   // copied: the loop's buffer is reused by the next read
        }

        @Override
        public void onWritabilityChanged(Connection connection, boolean writable) {
            // Our output is backed up: stop reading the side that produces it.
            if (writable) {
                peer.resumeReading();
            } else {
                peer.pauseReading();
            }
        }

        @Override
        public void onInputClosed(Connection connection) {
            inputDone = true;
            if (peer == null) {
                connection.close();          // the client left before the backend answered
                return;
            }
            if (peer.isOpen()) {
                peer.shutdownOutput();       // the peer sees end of stream after what we relayed
            }
            if (other.inputDone) {
                connection.close();
                peer.close();
            }
        }

        @Override
        public void onClosed(Connection connection) {
            if (peer != null && peer.isOpen()) {
                peer.close();                // its pending output is written first
            }
        }
    }

    /** The client's side: connects to the backend when the client connection opens. */
    private static final class ClientSide implements ConnectionHandler {
        private final InetSocketAddress backend;
        private final Side client = new Side();
        private final Side server = new Side();

        ClientSide(InetSocketAddress backend) {
            this.backend = backend;
            client.other = server;
            server.other = client;
        }

        @Override
        public void onOpen(Connection connection) throws IOException {
            client.onOpen(connection);
            connection.pauseReading();       // until the backend answers the connect
            server.peer = connection;
            connection.handler(client);
            TcpClient.connect(connection.loop(), backend, new ConnectionHandler() {
                @Override
                public void onOpen(Connection backendConnection) {
                    if (!connection.isOpen()) {
                        backendConnection.close();   // the client left while we connected
                        return;
                    }
                    server.onOpen(backendConnection);
                    client.peer = backendConnection;
                    backendConnection.handler(server);
                    connection.resumeReading();
                }

                @Override
                public void onRead(Connection c, MemorySegment buffer, long length) {
                    throw new IllegalStateException("reads before open");
                }

                @Override
                public void onError(Connection c, Throwable error) {
                    System.err.println("proxy: backend " + backend + ": " + error.getMessage());
                }

                @Override
                public void onClosed(Connection c) {
                    connection.close();      // the connect failed: give up on the client too
                }
            });
        }

        @Override
        public void onRead(Connection connection, MemorySegment buffer, long length) {
            throw new IllegalStateException("reads before the handler is replaced");
        }
    }

    /** Starts a proxy listening on {@code listen} that relays to {@code backend}. */
    public static TcpServer start(EventLoopGroup loops, InetSocketAddress listen, InetSocketAddress backend)
            throws IOException {
        return TcpServer.start(loops, listen, () -> new ClientSide(backend));
    }

    /**
     * Runs the proxy until Ctrl-C.
     *
     * @param args the port to listen on (on 127.0.0.1) and the backend as {@code HOST:PORT}
     * @throws Exception if the proxy cannot start
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 2 || !args[1].contains(":")) {
            System.err.println("usage: epoll4j-examples/run proxy PORT BACKEND_HOST:BACKEND_PORT");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        String host = args[1].substring(0, args[1].lastIndexOf(':'));
        int backendPort = Integer.parseInt(args[1].substring(args[1].lastIndexOf(':') + 1));
        EventLoopGroup loops = EventLoopGroup.start(Runtime.getRuntime().availableProcessors(), "proxy");
        TcpServer server = start(loops, new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                new InetSocketAddress(host, backendPort));
        System.out.println("proxy on 127.0.0.1:" + server.localAddress().getPort() + " to " + args[1] + "; Ctrl-C to stop");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            loops.close();
        }));
        loops.awaitTermination(Duration.ofDays(365));   // the loops end when the hook closes them
    }
}
