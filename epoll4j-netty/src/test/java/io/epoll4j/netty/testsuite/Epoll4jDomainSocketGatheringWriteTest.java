package io.epoll4j.netty.testsuite;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.testsuite.transport.TestsuitePermutation;
import io.netty.testsuite.transport.socket.SocketGatheringWriteTest;

import java.net.SocketAddress;
import java.util.List;

/** Netty's {@link SocketGatheringWriteTest} over Unix domain stream sockets, epoll4j on both sides. */
class Epoll4jDomainSocketGatheringWriteTest extends SocketGatheringWriteTest {
    @Override
    protected List<TestsuitePermutation.BootstrapComboFactory<ServerBootstrap, Bootstrap>> newFactories() {
        return Epoll4jSocketTestPermutation.INSTANCE.domainSocket();
    }

    @Override
    protected SocketAddress newSocketAddress() {
        return Epoll4jSocketTestPermutation.newDomainSocketAddress();
    }
}
