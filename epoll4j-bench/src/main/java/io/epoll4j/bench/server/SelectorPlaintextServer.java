package io.epoll4j.bench.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * The plain-JDK peer: {@link Selector} servers, one thread and one selector per
 * {@code --threads}, each with its own listening socket bound with {@code SO_REUSEPORT} so the
 * kernel spreads connections without a hand-off between threads.
 *
 * <p>Same work as the C floor: non-blocking sockets, request heads counted per read, every
 * response of a read batch written with one {@code write}; what the socket does not take waits
 * in the connection's own buffer with {@code OP_WRITE} set until it drains.
 */
public final class SelectorPlaintextServer implements Runnable {

    private final Selector selector;
    private final ServerSocketChannel listener;
    private final ByteBuffer in = ByteBuffer.allocateDirect(64 * 1024);
    private ByteBuffer out = ByteBuffer.allocateDirect(64 * 1024);

    /** Per-connection state, the key's attachment. */
    private static final class Conn {
        final RequestHeadCounter counter = new RequestHeadCounter();
        ByteBuffer pending; // null when everything was written
    }

    private SelectorPlaintextServer(ServerArgs args) throws IOException {
        selector = Selector.open();
        listener = ServerSocketChannel.open();
        listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        listener.setOption(StandardSocketOptions.SO_REUSEPORT, true);
        listener.bind(new InetSocketAddress(args.host(), args.port()), 4096);
        listener.configureBlocking(false);
        listener.register(selector, SelectionKey.OP_ACCEPT);
    }

    /** Runs until killed. */
    public static void main(String[] argv) throws Exception {
        ServerArgs args = ServerArgs.parse(argv);
        Thread[] loops = new Thread[args.threads()];
        for (int i = 0; i < loops.length; i++) {
            loops[i] = new Thread(new SelectorPlaintextServer(args), "selector-" + i);
            loops[i].start();
        }
        System.err.println("jdk-selector listening on " + args.host() + ":" + args.port());
        for (Thread t : loops) {
            t.join();
        }
    }

    @Override
    public void run() {
        try {
            while (true) {
                selector.select(this::dispatch);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void dispatch(SelectionKey key) {
        try {
            if (key.isAcceptable()) {
                accept();
                return;
            }
            if (key.isWritable()) {
                flushPending(key);
            }
            if (key.isValid() && key.isReadable()) {
                read(key);
            }
        } catch (IOException e) {
            close(key); // a reset by wrk at the end of a run is normal
        }
    }

    private void accept() throws IOException {
        SocketChannel ch;
        while ((ch = listener.accept()) != null) {
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ch.register(selector, SelectionKey.OP_READ, new Conn());
        }
    }

    private void read(SelectionKey key) throws IOException {
        SocketChannel ch = (SocketChannel) key.channel();
        Conn conn = (Conn) key.attachment();
        in.clear();
        int n = ch.read(in);
        if (n < 0) {
            close(key);
            return;
        }
        int requests = 0;
        for (int i = 0; i < n; i++) {
            if (conn.counter.accept(in.get(i))) {
                requests++;
            }
        }
        if (requests == 0) {
            return;
        }
        byte[] response = PlaintextResponse.at(System.currentTimeMillis());
        int need = requests * response.length;
        if (out.capacity() < need) {
            out = ByteBuffer.allocateDirect(Integer.highestOneBit(need) << 1);
        }
        out.clear();
        for (int i = 0; i < requests; i++) {
            out.put(response);
        }
        out.flip();
        if (conn.pending != null) {
            conn.pending = append(conn.pending, out); // keep the order behind what waits
            return;
        }
        ch.write(out);
        if (out.hasRemaining()) {
            conn.pending = append(null, out);
            key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        }
    }

    private void flushPending(SelectionKey key) throws IOException {
        Conn conn = (Conn) key.attachment();
        if (conn.pending == null) {
            return;
        }
        ((SocketChannel) key.channel()).write(conn.pending);
        if (!conn.pending.hasRemaining()) {
            conn.pending = null;
            key.interestOps(SelectionKey.OP_READ);
        }
    }

    private static ByteBuffer append(ByteBuffer pending, ByteBuffer more) {
        int have = pending == null ? 0 : pending.remaining();
        ByteBuffer b = ByteBuffer.allocate(have + more.remaining());
        if (pending != null) {
            b.put(pending);
        }
        b.put(more);
        return b.flip();
    }

    private static void close(SelectionKey key) {
        key.cancel();
        try {
            key.channel().close();
        } catch (IOException ignored) {
            // already broken; nothing more to release
        }
    }
}
