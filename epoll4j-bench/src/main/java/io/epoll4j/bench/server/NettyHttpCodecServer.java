package io.epoll4j.bench.server;

import io.netty.handler.codec.http.HttpServerCodec;

/**
 * The Netty HTTP server a Netty user would write: {@link HttpServerCodec} and a handler that
 * answers GET /plaintext with a {@code FullHttpResponse} ({@link NettyHttpCodecHandler}), on
 * {@code --transport epoll} (JNI), {@code nio} or {@code epoll4j}: the same code on each, on
 * the {@link NettyServer} all Netty peers share.
 */
public final class NettyHttpCodecServer {

    private NettyHttpCodecServer() {}

    /** Runs until killed. */
    public static void main(String[] argv) throws Exception {
        NettyServer.run(argv, "netty-http",
                pipeline -> pipeline.addLast(new HttpServerCodec(), new NettyHttpCodecHandler()));
    }
}
