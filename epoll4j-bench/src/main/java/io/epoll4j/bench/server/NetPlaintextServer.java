package io.epoll4j.bench.server;

import io.epoll4j.loop.EventLoopGroup;
import io.epoll4j.loop.LoopLocal;
import io.epoll4j.net.Connection;
import io.epoll4j.net.ConnectionHandler;
import io.epoll4j.net.TcpServer;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * The {@code epoll4j-net} peer: epoll4j's event loop and connection layer ({@link TcpServer},
 * {@link ConnectionHandler}) doing exactly the per-request work of the {@code jdk-selector} and
 * {@code netty-epoll} peers and of the C floor: count request heads with a
 * {@link RequestHeadCounter}, answer each with {@link PlaintextResponse}'s bytes. No HTTP
 * parsing, so beside {@code epoll4j} (the full server) it splits that server's cost into the
 * loop's and the HTTP layer's, and beside {@code jdk-selector} it compares the two I/O layers
 * on the same work.
 *
 * {@snippet lang = "shell" :
 * bench/run.sh --servers c-floor,epoll4j-net,epoll4j,jdk-selector --cases p16-c256
 * }
 */
public final class NetPlaintextServer {

    /**
     * Where one read callback's responses are put together: the connection sends it, without a
     * copy, when the callback returns, and the next callback on this loop reuses it.
     */
    private static final LoopLocal<Batch> BATCH = LoopLocal.withInitial(loop -> new Batch());

    private static final class Batch {
        MemorySegment out = Arena.ofAuto().allocate(64 * 1024);
    }

    private static final class Handler implements ConnectionHandler {
        private final RequestHeadCounter counter = new RequestHeadCounter();

        @Override
        public void onRead(Connection connection, MemorySegment buffer, long length) {
            int requests = 0;
            for (long i = 0; i < length; i++) {
                if (counter.accept(buffer.get(ValueLayout.JAVA_BYTE, i))) {
                    requests++;
                }
            }
            if (requests == 0) {
                return;
            }
            byte[] response = PlaintextResponse.at(System.currentTimeMillis());
            Batch batch = connection.loop().local(BATCH);
            long need = (long) requests * response.length;
            if (batch.out.byteSize() < need) {
                batch.out = Arena.ofAuto().allocate(Long.highestOneBit(need) << 1);
            }
            MemorySegment out = batch.out;
            for (int i = 0; i < requests; i++) {
                MemorySegment.copy(response, 0, out, ValueLayout.JAVA_BYTE, (long) i * response.length, response.length);
            }
            connection.write(out, 0, need);
        }
    }

    private NetPlaintextServer() {}

    /** Serves on {@code loops} at {@code address} (port 0: the kernel picks one). */
    static TcpServer start(EventLoopGroup loops, InetSocketAddress address) throws IOException {
        return TcpServer.start(loops, address, Handler::new);
    }

    public static void main(String[] argv) throws Exception {
        ServerArgs args = ServerArgs.parse(argv);
        EventLoopGroup loops = EventLoopGroup.start(args.threads(), "net");
        start(loops, new InetSocketAddress(args.host(), args.port()));
        System.err.println("epoll4j-net listening on " + args.host() + ":" + args.port());
        loops.awaitTermination(Duration.ofDays(365));   // killed by the harness after its runs
    }
}
