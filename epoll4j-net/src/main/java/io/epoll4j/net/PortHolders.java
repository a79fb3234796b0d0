package io.epoll4j.net;

import io.epoll4j.fd.ErrnoException;
import io.epoll4j.fd.TcpListener;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Which other processes listen on a TCP port, read from {@code /proc/net/tcp} and
 * {@code /proc/net/tcp6} (proc(5)): what lets a server that sets {@code SO_REUSEPORT} refuse
 * to share its port with a process that is not itself.
 *
 * {@snippet :
 * void bound(List<TcpListener> listeners) throws ErrnoException {
 *     PortHolders.refuseForeign(listeners, new InetSocketAddress("127.0.0.1", 8080)); // EADDRINUSE if shared
 * }
 * }
 *
 * <p>Why: {@code SO_REUSEPORT} lets every socket of the same user bind a port that its
 * sockets hold, so a second server started by mistake would bind without an error and take
 * about half the connections. The kernel has no flag that admits a process's own sockets to
 * the group and refuses others, so after bind(2) the server looks for a listening socket on
 * its port, with an address that overlaps its own (equal, or either one the wildcard; same
 * family), whose inode is not one of this process's fds, and fails as a plain bind would:
 * EADDRINUSE.
 */
final class PortHolders {
    private static final String LISTEN = "0A";

    private PortHolders() {}

    /**
     * Throws EADDRINUSE if a socket of another process listens on {@code local}'s port at an
     * overlapping address; {@code listeners} are ours and only name the error.
     */
    static void refuseForeign(List<TcpListener> listeners, InetSocketAddress local) throws ErrnoException {
        List<Long> foreign = foreignListeners(local);
        if (!foreign.isEmpty()) {
            String host = local.getAddress().getHostAddress();
            String address = (v4(local) ? host : "[" + host + "]") + ":" + local.getPort();
            throw new ErrnoException("bind(fd " + listeners.getFirst().fd() + ", " + address
                    + "): another process listens on this port (socket inode " + foreign.getFirst()
                    + "); SO_REUSEPORT would share it", ErrnoException.EADDRINUSE);
        }
    }

    private static boolean v4(InetSocketAddress address) {
        return address.getAddress() instanceof Inet4Address;
    }

    /** The inodes of listening sockets on {@code local}'s port, at an overlapping address, held by other processes. */
    static List<Long> foreignListeners(InetSocketAddress local) {
        boolean v4 = local.getAddress() instanceof Inet4Address;
        List<Long> listening = listening(Path.of(v4 ? "/proc/net/tcp" : "/proc/net/tcp6"), local);
        if (listening.isEmpty()) {
            return listening;
        }
        Set<Long> own = ownSocketInodes();
        return listening.stream().filter(inode -> !own.contains(inode)).toList();
    }

    private static List<Long> listening(Path table, InetSocketAddress local) {
        byte[] ours = local.getAddress().getAddress();
        try (Stream<String> lines = Files.lines(table)) {
            return lines.skip(1).map(String::strip).map(l -> l.split("\\s+"))
                    .filter(f -> f.length > 9 && f[3].equals(LISTEN))
                    .filter(f -> {
                        int colon = f[1].indexOf(':');
                        return Integer.parseInt(f[1].substring(colon + 1), 16) == local.getPort()
                                && overlaps(address(f[1].substring(0, colon)), ours);
                    })
                    .map(f -> Long.parseLong(f[9])).toList();
        } catch (NoSuchFileException e) {
            return List.of();   // no IPv6 in this kernel: nobody listens there
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + table, e);
        }
    }

    /**
     * The address bytes of a {@code /proc/net/tcp} field: 32-bit words in hex, each printed
     * from the network-order bytes read as a host-order (little-endian here) integer.
     */
    static byte[] address(String hex) {
        byte[] bytes = new byte[hex.length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            int v = Integer.reverseBytes(Integer.parseUnsignedInt(hex, word * 8, word * 8 + 8, 16));
            if (java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.BIG_ENDIAN) {
                v = Integer.reverseBytes(v);
            }
            for (int b = 0; b < 4; b++) {
                bytes[word * 4 + b] = (byte) (v >>> (24 - 8 * b));
            }
        }
        return bytes;
    }

    private static boolean overlaps(byte[] theirs, byte[] ours) {
        return Arrays.equals(theirs, ours) || isWildcard(theirs) || isWildcard(ours);
    }

    private static boolean isWildcard(byte[] address) {
        for (byte b : address) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    /** The inodes of the sockets among this process's fds ({@code socket:[N]} in /proc/self/fd). */
    private static Set<Long> ownSocketInodes() {
        Set<Long> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                String target;
                try {
                    target = Files.readSymbolicLink(fd).toString();
                } catch (IOException e) {
                    continue;   // closed meanwhile (the directory's own fd, among others)
                }
                if (target.startsWith("socket:[")) {
                    inodes.add(Long.parseLong(target, 8, target.length() - 1, 10));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list /proc/self/fd", e);
        }
        return inodes;
    }
}
