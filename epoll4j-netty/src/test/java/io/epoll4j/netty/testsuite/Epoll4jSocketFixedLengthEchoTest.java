package io.epoll4j.netty.testsuite;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.testsuite.transport.TestsuitePermutation;
import io.netty.testsuite.transport.socket.SocketFixedLengthEchoTest;

import java.util.List;

/** Netty's {@link SocketFixedLengthEchoTest} on epoll4j (epoll4j and NIO servers and clients). */
class Epoll4jSocketFixedLengthEchoTest extends SocketFixedLengthEchoTest {
    @Override
    protected List<TestsuitePermutation.BootstrapComboFactory<ServerBootstrap, Bootstrap>> newFactories() {
        return Epoll4jSocketTestPermutation.INSTANCE.socket();
    }
}
