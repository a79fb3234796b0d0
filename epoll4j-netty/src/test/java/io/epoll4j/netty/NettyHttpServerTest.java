package io.epoll4j.netty;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpServerCodec;
import io.epoll4j.poll.Trigger;
import io.epoll4j.testing.Tools;
import io.epoll4j.testing.WrkPipeline;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetSocketAddress;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Netty HTTP server (HttpServerCodec) on the epoll4j transport, served to real clients:
 * curl, and wrk with 16 requests pipelined per write, with every response 2xx and no socket
 * error; once level-triggered, once edge-triggered.
 */
class NettyHttpServerTest {
    @RegisterExtension
    static final Epoll4jGroup loops = new Epoll4jGroup(2);

    @BeforeAll
    static void start() throws Exception {
        Tools.require("curl", "wrk");
    }

    private static Channel serve(Trigger trigger) throws InterruptedException {
        return new ServerBootstrap()
                .group(loops.group())
                .channel(Epoll4jServerSocketChannel.class)
                .childOption(Epoll4jChannelOption.TRIGGER, trigger)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HelloHttpHandler());
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    }

    private static String url(Channel server) {
        return "http://127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort() + "/plaintext";
    }

    @ParameterizedTest
    @ValueSource(strings = {"LEVEL", "EDGE"})
    void curlGetsTheBodyOverKeepAliveAndWithConnectionClose(String mode) throws Exception {
        Channel server = serve(mode.equals("EDGE") ? Trigger.EDGE : Trigger.LEVEL);
        try {
            String u = url(server);
            // Two requests on one connection, then one that asks the server to close.
            Tools.Result r = Tools.run(Duration.ofSeconds(30), "curl", "-sS", "--max-time", "10",
                    "-w", " %{http_code} %{num_connects}\\n", u, u);
            r.requireSuccess("curl");
            assertEquals("Hello, World! 200 1\nHello, World! 200 0\n", r.out(), r.err());
            Tools.Result close = Tools.run(Duration.ofSeconds(30), "curl", "-sS", "-i", "--max-time", "10",
                    "-H", "Connection: close", u);
            close.requireSuccess("curl");
            assertTrue(close.out().startsWith("HTTP/1.1 200 OK"), close.out());
            assertTrue(close.out().toLowerCase().contains("connection: close"), close.out());
            assertTrue(close.out().endsWith("Hello, World!"), close.out());
        } finally {
            server.close().sync();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"LEVEL", "EDGE"})
    void wrkPipelining16DeepGetsOnly2xxAndNoSocketErrors(String mode) throws Exception {
        Channel server = serve(mode.equals("EDGE") ? Trigger.EDGE : Trigger.LEVEL);
        try {
            WrkPipeline.run(url(server), 2, 64, Duration.ofSeconds(5), 16).requireClean();
        } finally {
            server.close().sync();
        }
    }
}
