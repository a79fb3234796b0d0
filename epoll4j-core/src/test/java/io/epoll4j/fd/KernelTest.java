package io.epoll4j.fd;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The kernel probes: they never throw, and agree with the release {@code uname -r} reports. */
class KernelTest {

    private static String unameR() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("uname", "-r").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        return out;
    }

    /** major * 1000 + minor of a release such as "6.8.0-45-generic". */
    private static int version(String release) {
        String[] parts = release.split("[.-]");
        return Integer.parseInt(parts[0]) * 1000 + Integer.parseInt(parts[1]);
    }

    @Test
    void releaseIsWhatUnamePrints() throws Exception {
        assertEquals(unameR(), Kernel.release());
    }

    @Test
    void probesAgreeWithTheKernelVersion() throws Exception {
        int v = version(unameR());
        assertEquals(v >= 4_005, Kernel.hasEpollExclusive(), "EPOLLEXCLUSIVE is Linux 4.5");
        assertEquals(v >= 6_009, Kernel.hasBusyPollParams(), "EPIOCSPARAMS is Linux 6.9");
        // epoll_pwait2 also needs the C library's wrapper (glibc 2.35).
        boolean libc = io.epoll4j.sys.EpollCalls.hasEpollPwait2Symbol();
        assertEquals(libc && v >= 5_011, Kernel.hasEpollPwait2(), "epoll_pwait2 is Linux 5.11");
        assertEquals(Kernel.hasEpollPwait2(), Epoll.hasNanosecondWait());
    }

    @Test
    void maxUserWatchesIsTheWholeNumberCatPrints() throws Exception {
        // A numeric sysctl answers only a read at offset 0: a reader that takes one byte first
        // gets "5" of "5490265". cat reads with a large buffer, as the kernel expects.
        Process cat = new ProcessBuilder("cat", "/proc/sys/fs/epoll/max_user_watches").start();
        String printed = new String(cat.getInputStream().readAllBytes()).trim();
        assertTrue(cat.waitFor(10, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(Long.parseLong(printed), Kernel.maxUserWatches());
    }

    @Test
    void limitsAreReadable() {
        assertTrue(Kernel.maxUserWatches() > 0);
        long[] nofile = Kernel.openFileLimit();
        assertEquals(2, nofile.length);
        assertTrue(nofile[0] > 0);
        assertTrue(nofile[1] == -1 || Long.compareUnsigned(nofile[0], nofile[1]) <= 0,
                "soft " + nofile[0] + " above hard " + nofile[1]);
    }

    @Test
    void eventStructSizeMatchesTheArchitecture() {
        boolean x86 = System.getProperty("os.arch").equals("amd64");
        assertEquals(x86 ? 12 : 16, Kernel.epollEventSize());
        assertEquals(x86 ? 4 : 8, Kernel.epollEventDataOffset());
    }
}
