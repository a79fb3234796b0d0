package io.epoll4j.net;

import io.epoll4j.fd.ErrnoException;
import io.epoll4j.loop.EventLoop;
import io.epoll4j.loop.EventLoopGroup;
import io.epoll4j.testing.ChildJvm;
import io.epoll4j.testing.ProcFds;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A TcpServer's SO_REUSEPORT listeners share their port with each other only: a port that
 * another process listens on (even with SO_REUSEPORT) is EADDRINUSE, as without SO_REUSEPORT.
 */
class TcpServerPortTest {
    private static final InetAddress V4 = InetAddress.getLoopbackAddress();
    private EventLoopGroup loops;

    @BeforeEach
    void startLoops() throws Exception {
        loops = EventLoop.builder().name("server").daemon(true).startGroup(2);
    }

    @AfterEach
    void stopLoops() {
        loops.close();
    }

    @Test
    void aPortAnotherProcessListensOnWithReusePortIsAddressInUse() throws Exception {
        for (String holderAddress : new String[] {"127.0.0.1", "0.0.0.0"}) {
            Process holder = holder(holderAddress, 0);
            try {
                int port = port(holder);
                long fdsBefore = ProcFds.count();
                ErrnoException e = assertThrows(ErrnoException.class,
                        () -> TcpServer.start(loops, new InetSocketAddress(V4, port), () -> TcpServerTest.ECHO).close());
                assertEquals(ErrnoException.EADDRINUSE, e.errno(), e.getMessage());
                assertTrue(e.getMessage().contains("another process"), e.getMessage());
                assertEquals(fdsBefore, ProcFds.count(), "the refused server left fds open");
            } finally {
                stop(holder);
            }
        }
    }

    @Test
    void aReusePortListenerOfAnotherProcessOnAnotherAddressDoesNotHoldThePort() throws Exception {
        Process holder = holder("127.0.0.2", 0);
        try {
            int port = port(holder);
            try (TcpServer server = TcpServer.start(loops, new InetSocketAddress(V4, port), () -> TcpServerTest.ECHO)) {
                assertEquals(port, server.localAddress().getPort());
            }
        } finally {
            stop(holder);
        }
    }

    @Test
    void theLoopsOfOneServerAndTwoServersOfOneProcessShareAPort() throws Exception {
        try (TcpServer first = TcpServer.start(loops, new InetSocketAddress(V4, 0), () -> TcpServerTest.ECHO);
             TcpServer second = TcpServer.start(loops, first.localAddress(), () -> TcpServerTest.ECHO)) {
            assertEquals(first.localAddress(), second.localAddress());
        }
    }

    @Test
    void procNetTcpAddressesDecodeToNetworkOrderBytes() {
        assertEquals(V4, inet(PortHolders.address("0100007F")));
        assertEquals(InetAddress.getLoopbackAddress().getHostAddress(), inet(PortHolders.address("0100007F")).getHostAddress());
        assertEquals("0:0:0:0:0:0:0:1", inet(PortHolders.address("00000000000000000000000001000000")).getHostAddress());
    }

    private static InetAddress inet(byte[] address) {
        try {
            return InetAddress.getByAddress(address);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static Process holder(String address, int port) throws Exception {
        return new ProcessBuilder(ChildJvm.java(), "--enable-native-access=ALL-UNNAMED", "-cp", ChildJvm.classPath(TcpServerPortTest.class),
                ReusePortHolder.class.getName(), address, Integer.toString(port))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static int port(Process holder) throws Exception {
        BufferedReader out = holder.inputReader(StandardCharsets.UTF_8);
        String line = out.readLine();
        assertTrue(line != null && line.startsWith("PORT "), "holder said " + line);
        return Integer.parseInt(line.substring(5));
    }

    private static void stop(Process holder) throws Exception {
        holder.getOutputStream().close();
        if (!holder.waitFor(10, TimeUnit.SECONDS)) {
            holder.destroyForcibly();
        }
    }

}
