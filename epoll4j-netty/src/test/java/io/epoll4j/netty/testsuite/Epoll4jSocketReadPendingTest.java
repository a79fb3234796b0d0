package io.epoll4j.netty.testsuite;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.testsuite.transport.TestsuitePermutation;
import io.netty.testsuite.transport.socket.SocketReadPendingTest;

import java.util.List;

/** Netty's {@link SocketReadPendingTest} on epoll4j (epoll4j and NIO servers and clients). */
class Epoll4jSocketReadPendingTest extends SocketReadPendingTest {
    @Override
    protected List<TestsuitePermutation.BootstrapComboFactory<ServerBootstrap, Bootstrap>> newFactories() {
        return Epoll4jSocketTestPermutation.INSTANCE.socket();
    }
}
