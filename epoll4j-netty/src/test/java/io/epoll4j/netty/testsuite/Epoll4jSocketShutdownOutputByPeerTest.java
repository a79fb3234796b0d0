package io.epoll4j.netty.testsuite;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.testsuite.transport.TestsuitePermutation;
import io.netty.testsuite.transport.socket.SocketShutdownOutputByPeerTest;

import java.util.List;

/** Netty's {@link SocketShutdownOutputByPeerTest} on epoll4j (the epoll4j and NIO servers). */
class Epoll4jSocketShutdownOutputByPeerTest extends SocketShutdownOutputByPeerTest {
    @Override
    protected List<TestsuitePermutation.BootstrapFactory<ServerBootstrap>> newFactories() {
        return Epoll4jSocketTestPermutation.INSTANCE.serverSocket();
    }
}
