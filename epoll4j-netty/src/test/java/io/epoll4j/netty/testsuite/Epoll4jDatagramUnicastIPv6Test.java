package io.epoll4j.netty.testsuite;

import io.netty.bootstrap.Bootstrap;
import io.netty.testsuite.transport.TestsuitePermutation;
import io.netty.testsuite.transport.socket.DatagramUnicastIPv6Test;

import java.util.List;

/** Netty's {@link DatagramUnicastIPv6Test} on epoll4j (epoll4j and NIO datagram channels). */
class Epoll4jDatagramUnicastIPv6Test extends DatagramUnicastIPv6Test {
    @Override
    protected List<TestsuitePermutation.BootstrapComboFactory<Bootstrap, Bootstrap>> newFactories() {
        return Epoll4jSocketTestPermutation.INSTANCE.datagram(socketProtocolFamily());
    }
}
