package io.epoll4j.fd;

import io.epoll4j.sys.SocketCalls;

/**
 * A socket option of setsockopt(2) and getsockopt(2), with the Java type of its value.
 *
 * {@snippet :
 * stream.setOption(SockOpt.TCP_NODELAY, true);
 * stream.setOption(SockOpt.SO_KEEPALIVE, true);
 * stream.setOption(SockOpt.TCP_KEEPIDLE, 30);          // seconds idle before the first probe
 * int granted = stream.getOption(SockOpt.SO_RCVBUF);   // the kernel doubles what was asked
 * }
 *
 * <p>Each constant carries the level and number of {@code <sys/socket.h>},
 * {@code <netinet/tcp.h>} and {@code <netinet/in.h>}; the sections of socket(7), tcp(7), ip(7)
 * and ipv6(7) that define them are the reference. Boolean options read back as {@code true} for
 * any non-zero value. {@link #SO_LINGER} maps {@code struct linger} to one integer: the
 * linger time in seconds, or {@code -1} when lingering is off. {@link #SO_ERROR} is read-only
 * and reading it clears it.
 *
 * @param <T> the value type: {@link Boolean} or {@link Integer}
 */
public final class SockOpt<T> {
    enum Kind { BOOLEAN, INT, LINGER }

    /** {@code SO_REUSEADDR}: bind to a port with connections in TIME_WAIT; set before bind. */
    public static final SockOpt<Boolean> SO_REUSEADDR = bool("SO_REUSEADDR", SocketCalls.SOL_SOCKET, SocketCalls.SO_REUSEADDR);
    /** {@code SO_REUSEPORT}: several sockets bind one port; the kernel spreads connections (Linux 3.9). */
    public static final SockOpt<Boolean> SO_REUSEPORT = bool("SO_REUSEPORT", SocketCalls.SOL_SOCKET, SocketCalls.SO_REUSEPORT);
    /** {@code SO_KEEPALIVE}: send keep-alive probes on an idle connection. */
    public static final SockOpt<Boolean> SO_KEEPALIVE = bool("SO_KEEPALIVE", SocketCalls.SOL_SOCKET, SocketCalls.SO_KEEPALIVE);
    /** {@code SO_RCVBUF}: receive buffer in bytes; the kernel doubles the value set, for its bookkeeping. */
    public static final SockOpt<Integer> SO_RCVBUF = integer("SO_RCVBUF", SocketCalls.SOL_SOCKET, SocketCalls.SO_RCVBUF);
    /** {@code SO_SNDBUF}: send buffer in bytes; doubled like {@link #SO_RCVBUF}. */
    public static final SockOpt<Integer> SO_SNDBUF = integer("SO_SNDBUF", SocketCalls.SOL_SOCKET, SocketCalls.SO_SNDBUF);
    /**
     * {@code SO_LINGER}: seconds close(2) may spend sending queued data, {@code -1} for off (the
     * default). {@code 0} makes close reset the connection (RST) and drop unsent data.
     */
    public static final SockOpt<Integer> SO_LINGER = new SockOpt<>("SO_LINGER", SocketCalls.SOL_SOCKET,
            SocketCalls.SO_LINGER, Kind.LINGER, false);
    /** {@code SO_BUSY_POLL}: microseconds to busy-poll the device on a blocking receive (Linux 3.11). */
    public static final SockOpt<Integer> SO_BUSY_POLL = integer("SO_BUSY_POLL", SocketCalls.SOL_SOCKET, SocketCalls.SO_BUSY_POLL);
    /** {@code SO_ERROR}: the pending error, as an errno number (0: none); read-only, reading clears it. */
    public static final SockOpt<Integer> SO_ERROR = new SockOpt<>("SO_ERROR", SocketCalls.SOL_SOCKET,
            SocketCalls.SO_ERROR, Kind.INT, true);
    /** {@code TCP_NODELAY}: send small segments at once instead of waiting (no Nagle). */
    public static final SockOpt<Boolean> TCP_NODELAY = bool("TCP_NODELAY", SocketCalls.IPPROTO_TCP, SocketCalls.TCP_NODELAY);
    /** {@code TCP_KEEPIDLE}: seconds idle before the first keep-alive probe. */
    public static final SockOpt<Integer> TCP_KEEPIDLE = integer("TCP_KEEPIDLE", SocketCalls.IPPROTO_TCP, SocketCalls.TCP_KEEPIDLE);
    /** {@code TCP_KEEPINTVL}: seconds between keep-alive probes. */
    public static final SockOpt<Integer> TCP_KEEPINTVL = integer("TCP_KEEPINTVL", SocketCalls.IPPROTO_TCP, SocketCalls.TCP_KEEPINTVL);
    /** {@code TCP_KEEPCNT}: unanswered probes before the connection is dropped. */
    public static final SockOpt<Integer> TCP_KEEPCNT = integer("TCP_KEEPCNT", SocketCalls.IPPROTO_TCP, SocketCalls.TCP_KEEPCNT);
    /**
     * {@code TCP_QUICKACK}: acknowledge at once rather than delay. Not permanent: the kernel
     * may leave quick-ack mode on its own, so set it again where it matters.
     */
    public static final SockOpt<Boolean> TCP_QUICKACK = bool("TCP_QUICKACK", SocketCalls.IPPROTO_TCP, SocketCalls.TCP_QUICKACK);
    /** {@code TCP_FASTOPEN}: on a listener, the queue length of pending TFO requests (Linux 3.7). */
    public static final SockOpt<Integer> TCP_FASTOPEN = integer("TCP_FASTOPEN", SocketCalls.IPPROTO_TCP, SocketCalls.TCP_FASTOPEN);
    /**
     * {@code TCP_FASTOPEN_CONNECT}: on a client, connect(2) returns at once and the SYN leaves
     * with the first write, carrying its data when a Fast Open cookie for the server is known
     * (Linux 4.11).
     */
    public static final SockOpt<Boolean> TCP_FASTOPEN_CONNECT = bool("TCP_FASTOPEN_CONNECT", SocketCalls.IPPROTO_TCP,
            SocketCalls.TCP_FASTOPEN_CONNECT);
    /**
     * {@code TCP_CORK}: hold back partial segments until uncorked (or 200 ms pass), so that a
     * header and a body written apart leave in full segments.
     */
    public static final SockOpt<Boolean> TCP_CORK = bool("TCP_CORK", SocketCalls.IPPROTO_TCP, SocketCalls.TCP_CORK);
    /** {@code TCP_USER_TIMEOUT}: milliseconds sent data may stay unacknowledged before the connection drops. */
    public static final SockOpt<Integer> TCP_USER_TIMEOUT = integer("TCP_USER_TIMEOUT", SocketCalls.IPPROTO_TCP,
            SocketCalls.TCP_USER_TIMEOUT);
    /** {@code SO_BROADCAST}: a UDP socket may send to a broadcast address. */
    public static final SockOpt<Boolean> SO_BROADCAST = bool("SO_BROADCAST", SocketCalls.SOL_SOCKET, SocketCalls.SO_BROADCAST);
    /** {@code IP_TOS}: the IPv4 type-of-service byte (DSCP and ECN) of outgoing packets (ip(7)). */
    public static final SockOpt<Integer> IP_TOS = integer("IP_TOS", SocketCalls.IPPROTO_IP, SocketCalls.IP_TOS);
    /** {@code IP_MULTICAST_TTL}: the time to live of outgoing IPv4 multicast datagrams (default 1). */
    public static final SockOpt<Integer> IP_MULTICAST_TTL = integer("IP_MULTICAST_TTL", SocketCalls.IPPROTO_IP,
            SocketCalls.IP_MULTICAST_TTL);
    /** {@code IP_MULTICAST_LOOP}: whether IPv4 multicast sent here loops back to local listeners (default on). */
    public static final SockOpt<Boolean> IP_MULTICAST_LOOP = bool("IP_MULTICAST_LOOP", SocketCalls.IPPROTO_IP,
            SocketCalls.IP_MULTICAST_LOOP);
    /** {@code IPV6_V6ONLY}: an IPv6 socket accepts IPv6 only, not IPv4-mapped; set before bind. */
    public static final SockOpt<Boolean> IPV6_V6ONLY = bool("IPV6_V6ONLY", SocketCalls.IPPROTO_IPV6, SocketCalls.IPV6_V6ONLY);
    /** {@code IPV6_TCLASS}: the IPv6 traffic class of outgoing packets (ipv6(7)), the IPv6 {@link #IP_TOS}. */
    public static final SockOpt<Integer> IPV6_TCLASS = integer("IPV6_TCLASS", SocketCalls.IPPROTO_IPV6,
            SocketCalls.IPV6_TCLASS);
    /** {@code IPV6_MULTICAST_HOPS}: the hop limit of outgoing IPv6 multicast datagrams. */
    public static final SockOpt<Integer> IPV6_MULTICAST_HOPS = integer("IPV6_MULTICAST_HOPS", SocketCalls.IPPROTO_IPV6,
            SocketCalls.IPV6_MULTICAST_HOPS);
    /** {@code IPV6_MULTICAST_LOOP}: whether IPv6 multicast sent here loops back to local listeners. */
    public static final SockOpt<Boolean> IPV6_MULTICAST_LOOP = bool("IPV6_MULTICAST_LOOP", SocketCalls.IPPROTO_IPV6,
            SocketCalls.IPV6_MULTICAST_LOOP);

    private final String name;
    private final int level;
    private final int optname;
    private final Kind kind;
    private final boolean readOnly;

    private SockOpt(String name, int level, int optname, Kind kind, boolean readOnly) {
        this.name = name;
        this.level = level;
        this.optname = optname;
        this.kind = kind;
        this.readOnly = readOnly;
    }

    private static SockOpt<Boolean> bool(String name, int level, int optname) {
        return new SockOpt<>(name, level, optname, Kind.BOOLEAN, false);
    }

    private static SockOpt<Integer> integer(String name, int level, int optname) {
        return new SockOpt<>(name, level, optname, Kind.INT, false);
    }

    /** The C name, such as {@code "TCP_NODELAY"}. */
    public String name() {
        return name;
    }

    /** The protocol level: {@code SOL_SOCKET}, {@code IPPROTO_TCP}, {@code IPPROTO_IP} or {@code IPPROTO_IPV6}. */
    public int level() {
        return level;
    }

    /** The option number at its level. */
    public int optname() {
        return optname;
    }

    /** Whether the option can only be read ({@link #SO_ERROR}). */
    public boolean isReadOnly() {
        return readOnly;
    }

    /** The Java type of the value. */
    public Class<?> type() {
        return kind == Kind.BOOLEAN ? Boolean.class : Integer.class;
    }

    Kind kind() {
        return kind;
    }

    @Override
    public String toString() {
        return name;
    }
}
