package io.epoll4j.netty.testsuite;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.testsuite.transport.TestsuitePermutation;
import io.netty.testsuite.transport.socket.SocketEchoTest;

import java.util.List;

/** Netty's {@link SocketEchoTest} on epoll4j (epoll4j and NIO servers and clients, with and without TCP Fast Open). */
class Epoll4jSocketEchoTest extends SocketEchoTest {
    @Override
    protected List<TestsuitePermutation.BootstrapComboFactory<ServerBootstrap, Bootstrap>> newFactories() {
        return Epoll4jSocketTestPermutation.INSTANCE.socketWithFastOpen();
    }
}
