package io.epoll4j.net;

import io.epoll4j.fd.ErrnoException;
import io.epoll4j.fd.Kernel;
import io.epoll4j.fd.OwnedFd;
import io.epoll4j.loop.EventLoop;
import io.epoll4j.loop.EventLoopGroup;
import io.epoll4j.testing.ProcFds;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The child JVM of {@link FdLimitTest}: an echo server that, on the command {@code limit},
 * lowers its own RLIMIT_NOFILE so that exactly {@code args[0]} more fds can be opened.
 * On {@code hog} it opens fds until none is left and lowers the soft limit below every fd it
 * holds, so that not even a freed number can be opened again; {@code release} undoes both.
 * Commands on stdin, answers on stdout; it ends when stdin closes.
 */
public final class FdLimitServer {
    private static List<OwnedFd> hogged = List.of();

    private FdLimitServer() {}

    public static void main(String[] args) throws Exception {
        int headroom = Integer.parseInt(args[0]);
        try (EventLoopGroup group = EventLoop.builder().name("limited").daemon(true).startGroup(1);
             TcpServer server = TcpServer.start(group, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                     () -> TcpServerTest.ECHO)) {
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
            System.out.println("PORT " + server.localAddress().getPort());
            System.out.flush();
            for (String line; (line = in.readLine()) != null; ) {
                switch (line) {
                    case "limit" -> {
                        // Load the classes an EMFILE needs while classes can still be opened.
                        new ErrnoException("class loading before the limit", ErrnoException.EMFILE).getMessage();
                        long limit = limitLeaving(headroom);
                        int r = setOpenFileLimit(limit);
                        System.out.println("LIMIT " + limit + " " + r + " " + freeFds());
                    }
                    case "stats" -> System.out.println("STATS " + server.acceptedConnections() + " "
                            + server.shedConnections() + " " + server.openConnections() + " "
                            + server.listenQueueResets());
                    case "hog" -> {
                        hogged = hog();
                        int r = setOpenFileLimit(3);
                        System.out.println("HOG " + hogged.size() + " " + r);
                    }
                    case "release" -> {
                        hogged.forEach(OwnedFd::close);
                        hogged = List.of();
                        int r = setOpenFileLimit(Kernel.openFileLimit()[1]);
                        System.out.println("RELEASE " + r);
                    }
                    case "pid" -> System.out.println("PID " + ProcessHandle.current().pid());
                    default -> System.out.println("ERROR unknown command " + line);
                }
                System.out.flush();
            }
        }
    }

    /** setrlimit(RLIMIT_NOFILE) of the soft limit, the hard one kept: 0 or -errno. */
    private static int setOpenFileLimit(long soft) {
        try {
            Kernel.setOpenFileLimit(soft, Kernel.openFileLimit()[1]);
            return 0;
        } catch (ErrnoException e) {
            return -e.errno();
        }
    }

    /** How many fds can be opened now: opens /dev/null until EMFILE, then closes them all. */
    private static int freeFds() {
        List<OwnedFd> opened = hog();
        opened.forEach(OwnedFd::close);
        return opened.size();
    }

    /** Opens /dev/null until EMFILE (at most 10,000 times) and returns what it opened. */
    private static List<OwnedFd> hog() {
        List<OwnedFd> opened = new ArrayList<>();
        try {
            while (opened.size() < 10_000) {
                opened.add(OwnedFd.open(Path.of("/dev/null")));
            }
        } catch (ErrnoException e) {
            // EMFILE: that is all of them
        }
        return opened;
    }

    /** The limit below which exactly {@code headroom} fd numbers are free (new fds take the lowest free). */
    private static long limitLeaving(int headroom) throws Exception {
        Set<Integer> open = ProcFds.targets().keySet();
        int limit = 0;
        for (int free = 0; free < headroom; limit++) {
            if (!open.contains(limit)) {
                free++;
            }
        }
        return limit;
    }
}
