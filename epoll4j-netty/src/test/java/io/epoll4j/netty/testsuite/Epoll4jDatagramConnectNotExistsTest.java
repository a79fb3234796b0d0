package io.epoll4j.netty.testsuite;

import io.netty.bootstrap.Bootstrap;
import io.netty.testsuite.transport.TestsuitePermutation;
import io.netty.testsuite.transport.socket.DatagramConnectNotExistsTest;

import java.util.List;

/** Netty's {@link DatagramConnectNotExistsTest} on epoll4j (the epoll4j datagram channel). */
class Epoll4jDatagramConnectNotExistsTest extends DatagramConnectNotExistsTest {
    @Override
    protected List<TestsuitePermutation.BootstrapFactory<Bootstrap>> newFactories() {
        return Epoll4jSocketTestPermutation.INSTANCE.datagramSocket();
    }
}
