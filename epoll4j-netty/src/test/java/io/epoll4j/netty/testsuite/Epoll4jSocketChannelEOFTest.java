package io.epoll4j.netty.testsuite;

import io.netty.bootstrap.Bootstrap;
import io.netty.testsuite.transport.TestsuitePermutation;
import io.netty.testsuite.transport.socket.SocketChannelEOFTest;

import java.util.List;

/** Netty's {@link SocketChannelEOFTest} on epoll4j (the epoll4j and NIO clients). */
class Epoll4jSocketChannelEOFTest extends SocketChannelEOFTest {
    @Override
    protected List<TestsuitePermutation.BootstrapFactory<Bootstrap>> newFactories() {
        return Epoll4jSocketTestPermutation.INSTANCE.clientSocket();
    }
}
