package io.epoll4j.netty.testsuite;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.testsuite.transport.TestsuitePermutation;
import io.netty.testsuite.transport.socket.ServerSocketSuspendTest;

import java.util.List;

/** Netty's {@link ServerSocketSuspendTest} on epoll4j (the epoll4j and NIO servers). */
class Epoll4jServerSocketSuspendTest extends ServerSocketSuspendTest {
    @Override
    protected List<TestsuitePermutation.BootstrapFactory<ServerBootstrap>> newFactories() {
        return Epoll4jSocketTestPermutation.INSTANCE.serverSocket();
    }
}
