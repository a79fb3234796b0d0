package io.epoll4j.netty.testsuite;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.testsuite.transport.TestsuitePermutation;
import io.netty.testsuite.transport.socket.SocketSpdyEchoTest;

import java.util.List;

/** Netty's {@link SocketSpdyEchoTest} on epoll4j (epoll4j and NIO servers and clients). */
class Epoll4jSocketSpdyEchoTest extends SocketSpdyEchoTest {
    @Override
    protected List<TestsuitePermutation.BootstrapComboFactory<ServerBootstrap, Bootstrap>> newFactories() {
        return Epoll4jSocketTestPermutation.INSTANCE.socket();
    }
}
