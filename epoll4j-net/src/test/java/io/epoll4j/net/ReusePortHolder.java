package io.epoll4j.net;

import io.epoll4j.fd.SockOpt;
import io.epoll4j.fd.TcpListener;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;

/**
 * The child JVM of {@link TcpServerPortTest}: listens on {@code args[0]}:{@code args[1]} with
 * {@code SO_REUSEPORT} set (port 0: the kernel picks one), prints {@code PORT n}, and holds the
 * port until its stdin closes: another process, as a second server started by mistake finds it.
 */
public final class ReusePortHolder {
    private ReusePortHolder() {}

    public static void main(String[] args) throws Exception {
        InetAddress host = InetAddress.getByName(args[0]);
        try (TcpListener listener = TcpListener.open(host.getAddress().length == 4
                ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6)) {
            listener.setOption(SockOpt.SO_REUSEADDR, true);
            listener.setOption(SockOpt.SO_REUSEPORT, true);
            listener.bind(new InetSocketAddress(host, Integer.parseInt(args[1])));
            listener.listen(16);
            System.out.println("PORT " + listener.localAddress().getPort());
            System.out.flush();
            while (System.in.read() >= 0) {
                // hold the port until the parent closes our stdin
            }
        }
    }
}
