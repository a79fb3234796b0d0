package io.epoll4j.netty.testsuite;

import io.netty.bootstrap.Bootstrap;
import io.netty.testsuite.transport.TestsuitePermutation;
import io.netty.testsuite.transport.socket.WriteBeforeRegisteredTest;

import java.util.List;

/** Netty's {@link WriteBeforeRegisteredTest} on epoll4j (the epoll4j and NIO clients). */
class Epoll4jWriteBeforeRegisteredTest extends WriteBeforeRegisteredTest {
    @Override
    protected List<TestsuitePermutation.BootstrapFactory<Bootstrap>> newFactories() {
        return Epoll4jSocketTestPermutation.INSTANCE.clientSocket();
    }
}
