package io.epoll4j.cli;

import io.epoll4j.fd.EpollFlags;
import io.epoll4j.fd.EpollInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code epoll4j inspect PID}: every epoll instance of a process and its interest list, from
 * {@code /proc/PID/fdinfo}, with the registered files and masks decoded.
 *
 * {@snippet lang=sh :
 * ./epoll4j inspect $(pgrep -f 'epoll4j serve')
 * ./epoll4j inspect 4242 --json
 * }
 *
 * <p>Another user's process needs root (or CAP_SYS_PTRACE): {@code /proc/PID/fd} is readable
 * only by the process's owner, and the message says so.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        synopsisHeading = "usage: ",
        description = {"the epoll instances of a process and what each watches",
                "Lists the epoll fds of process PID and the fds each one watches, with their event masks.",
                "Another user's process needs root: /proc/PID/fd is readable by its owner only."})
final class InspectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PID", arity = "0..1", description = "the process to inspect")
    String pidText;

    @Option(names = "--json", description = "one JSON object instead of a table")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (pidText == null) {
            throw new ParameterException(spec.commandLine(), "which process? give its PID");
        }
        if (!pidText.matches("[0-9]{1,18}")) {
            throw new ParameterException(spec.commandLine(), "the PID must be a number: " + pidText);
        }
        long pid = Long.parseLong(pidText);
        if (!Files.isDirectory(Path.of("/proc", Long.toString(pid)))) {
            err.println("epoll4j inspect: no process " + pid);
            return Main.FAILED;
        }
        List<Integer> epollFds;
        try {
            epollFds = EpollInfo.epollFds(pid);
        } catch (AccessDeniedException e) {
            err.println("epoll4j inspect: permission denied (EACCES) reading " + e.getFile()
                    + ": process " + pid + " belongs to another user; run as that user or as root");
            return Main.FAILED;
        }
        List<Object> instances = new ArrayList<>();
        for (int epfd : epollFds) {
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
        out.flush();
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
