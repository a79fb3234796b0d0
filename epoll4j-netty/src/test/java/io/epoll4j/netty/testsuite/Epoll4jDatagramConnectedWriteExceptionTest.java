package io.epoll4j.netty.testsuite;

import io.netty.bootstrap.Bootstrap;
import io.netty.testsuite.transport.TestsuitePermutation;
import io.netty.testsuite.transport.socket.DatagramConnectedWriteExceptionTest;

import java.util.List;

/** Netty's {@link DatagramConnectedWriteExceptionTest} on epoll4j (the epoll4j datagram channel). */
class Epoll4jDatagramConnectedWriteExceptionTest extends DatagramConnectedWriteExceptionTest {
    @Override
    protected List<TestsuitePermutation.BootstrapFactory<Bootstrap>> newFactories() {
        return Epoll4jSocketTestPermutation.INSTANCE.datagramSocket();
    }
}
