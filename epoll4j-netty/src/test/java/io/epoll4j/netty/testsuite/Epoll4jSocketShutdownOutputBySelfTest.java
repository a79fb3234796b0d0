package io.epoll4j.netty.testsuite;

import io.netty.bootstrap.Bootstrap;
import io.netty.testsuite.transport.TestsuitePermutation;
import io.netty.testsuite.transport.socket.SocketShutdownOutputBySelfTest;

import java.util.List;

/** Netty's {@link SocketShutdownOutputBySelfTest} on epoll4j (the epoll4j and NIO clients). */
class Epoll4jSocketShutdownOutputBySelfTest extends SocketShutdownOutputBySelfTest {
    @Override
    protected List<TestsuitePermutation.BootstrapFactory<Bootstrap>> newFactories() {
        return Epoll4jSocketTestPermutation.INSTANCE.clientSocket();
    }
}
