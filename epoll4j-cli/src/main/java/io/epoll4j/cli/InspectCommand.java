package io.epoll4j.cli;

import io.epoll4j.fd.EpollFlags;
import io.epoll4j.fd.EpollInfo;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code epoll4j inspect PID}: every epoll instance of a process and its interest list, from
 * {@code /proc/PID/fdinfo}, with the registered files and masks decoded.
 *
 * {@snippet lang=sh :
 * ./epoll4j inspect $(pgrep -f 'epoll4j serve')
 * ./epoll4j inspect 4242 --json
 * }
 */
final class InspectCommand implements Main.Command {
    @Override
    public String summary() {
        return "the epoll instances of a process and what each watches (PID [--json])";
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        Long pid = null;
        boolean json = false;
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h")) {
                out.println("usage: epoll4j inspect PID [--json]");
                out.println("Lists the epoll fds of process PID and the fds each one watches, with their event masks.");
                return Main.OK;
            } else if (arg.equals("--json")) {
                json = true;
            } else if (arg.matches("\\d+") && pid == null) {
                pid = Long.parseLong(arg);
            } else {
                throw new Main.UsageException("unexpected argument " + arg + " (try --help)");
            }
        }
        if (pid == null) {
            throw new Main.UsageException("which process? usage: epoll4j inspect PID [--json]");
        }
        if (!Files.isDirectory(Path.of("/proc", pid.toString()))) {
            err.println("epoll4j inspect: no process " + pid);
            return Main.FAILED;
        }
        List<Object> instances = new ArrayList<>();
        for (int epfd : EpollInfo.epollFds(pid)) {
            EpollInfo info = EpollInfo.of(pid, epfd);
            if (!json) {
                out.println("epoll fd " + epfd + ": " + info.watches().size() + " watched");
            }
            List<Object> watches = new ArrayList<>();
            for (EpollInfo.Watch w : info.watches()) {
                String target = target(pid, w.fd());
                if (json) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("fd", w.fd());
                    m.put("file", target);
                    m.put("events", EpollFlags.toString(w.events()));
                    m.put("data", Long.toUnsignedString(w.data()));
                    watches.add(m);
                } else {
                    out.printf("  fd %-6d %-28s %-40s data %s%n", w.fd(), target,
                            EpollFlags.toString(w.events()), Long.toHexString(w.data()));
                }
            }
            instances.add(Map.of("epfd", epfd, "watches", watches));
        }
        if (json) {
            out.println(Json.object(Map.of("pid", pid, "instances", instances)));
        } else if (instances.isEmpty()) {
            out.println("process " + pid + " has no epoll instance");
        }
        return Main.OK;
    }

    private static String target(long pid, int fd) {
        try {
            return Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "fd", Integer.toString(fd))).toString();
        } catch (Exception e) {
            return "(closed)";
        }
    }
}
