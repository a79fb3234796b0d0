package io.epoll4j.netty.testsuite;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.testsuite.transport.TestsuitePermutation;
import io.netty.testsuite.transport.socket.SocketConnectTest;

import java.util.List;

/** Netty's {@link SocketConnectTest} on epoll4j (epoll4j and NIO servers and clients). */
class Epoll4jSocketConnectTest extends SocketConnectTest {
    @Override
    protected List<TestsuitePermutation.BootstrapComboFactory<ServerBootstrap, Bootstrap>> newFactories() {
        return Epoll4jSocketTestPermutation.INSTANCE.socket();
    }
}
