package io.epoll4j.bench.server;

/**
 * The minimal Netty peers: GET /plaintext ({@link NettyPlaintextHandler}) with Netty's epoll
 * transport (its JNI library) ({@code --transport epoll}), its NIO transport
 * ({@code --transport nio}) or epoll4j's ({@code --transport epoll4j}), on the
 * {@link NettyServer} all Netty peers share.
 */
public final class NettyPlaintextServer {

    private NettyPlaintextServer() {}

    /** Runs until killed. */
    public static void main(String[] argv) throws Exception {
        NettyServer.run(argv, "netty", pipeline -> pipeline.addLast(new NettyPlaintextHandler()));
    }
}
