package io.epoll4j.netty.testsuite;

import io.netty.bootstrap.Bootstrap;
import io.netty.testsuite.transport.TestsuitePermutation;
import io.netty.testsuite.transport.socket.DatagramUnicastInetTest;

import java.util.List;

/** Netty's {@link DatagramUnicastInetTest} on epoll4j (epoll4j and NIO datagram channels). */
class Epoll4jDatagramUnicastInetTest extends DatagramUnicastInetTest {
    @Override
    protected List<TestsuitePermutation.BootstrapComboFactory<Bootstrap, Bootstrap>> newFactories() {
        return Epoll4jSocketTestPermutation.INSTANCE.datagram(socketProtocolFamily());
    }
}
