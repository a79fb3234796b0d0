package io.epoll4j.netty.testsuite;

import io.netty.bootstrap.Bootstrap;
import io.netty.testsuite.transport.TestsuitePermutation;
import io.netty.testsuite.transport.socket.SocketConnectionAttemptTest;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.util.List;

/**
 * Netty's {@link SocketConnectionAttemptTest} on the epoll4j and NIO clients, less the two
 * tests that connect to a non-loopback address (198.51.100.254, which must never be contacted
 * from these machines): they are overridden here, disabled, so they cannot run by accident.
 * Connect timeouts and cancellation are covered on loopback by Epoll4jConnectTimeoutTest.
 */
class Epoll4jSocketConnectionAttemptTest extends SocketConnectionAttemptTest {
    @Override
    protected List<TestsuitePermutation.BootstrapFactory<Bootstrap>> newFactories() {
        return Epoll4jSocketTestPermutation.INSTANCE.clientSocket();
    }

    @Test
    @Disabled("connects to 198.51.100.254, a non-loopback address that must never be contacted here")
    @Override
    public void testConnectTimeout(TestInfo testInfo) {
    }

    @Test
    @Disabled("connects to 198.51.100.254, a non-loopback address that must never be contacted here")
    @Override
    public void testConnectCancellation(TestInfo testInfo) {
    }
}
