package io.epoll4j.fd;

import org.junit.jupiter.api.Test;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** How error messages print addresses: as one would type them, with no stray slash. */
class AddressesTest {
    private static String v6(String literal) throws Exception {
        return Addresses.compress((Inet6Address) InetAddress.getByName(literal));
    }

    @Test
    void ipv6IsWrittenTheShortWay() throws Exception {
        assertEquals("::1", v6("::1"));
        assertEquals("::", v6("::"));
        assertEquals("2001:db8::1:0:0:1", v6("2001:db8:0:0:1:0:0:1"));   // the first of two equal runs
        assertEquals("2001:db8:0:1:1:1:1:1", v6("2001:db8:0:1:1:1:1:1")); // one zero group stays
        assertEquals("fe80::1", v6("fe80:0:0:0:0:0:0:1"));
    }

    @Test
    void socketAddressesPrintWithoutALeadingSlash() throws Exception {
        assertEquals("127.0.0.1:8091", Addresses.describe(new InetSocketAddress("127.0.0.1", 8091)));
        assertEquals("[::1]:8091", Addresses.describe(new InetSocketAddress("::1", 8091)));
        assertEquals("localhost/127.0.0.1:80",
                Addresses.describe(new InetSocketAddress(InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1}), 80)));
        assertEquals("/run/app.sock", Addresses.describe(UnixDomainSocketAddress.of("/run/app.sock")));
        assertEquals("@app", Addresses.describe(UnixAbstractAddress.of("app")));
    }
}
