package io.epoll4j.cli;

import io.epoll4j.fd.Kernel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code epoll4j limits}: the kernel, the /proc limits, RLIMIT_NOFILE, the epoll_event layout
 * and the epoll features this kernel has, as probed.
 *
 * {@snippet lang=sh :
 * ./epoll4j limits          # a table
 * ./epoll4j limits --json   # one JSON object
 * }
 */
@Command(name = "limits", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        synopsisHeading = "usage: ",
        description = {"kernel, /proc/sys/fs/epoll limits, RLIMIT_NOFILE, struct layout, features",
                "Each feature is probed by trying it, not guessed from the kernel version."})
final class LimitsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "one JSON object instead of a table")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        long[] nofile = Kernel.openFileLimit();
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("kernel", Kernel.release());
        facts.put("arch", System.getProperty("os.arch"));
        facts.put("max_user_watches", Kernel.maxUserWatches());
        facts.put("rlimit_nofile_soft", nofile[0]);
        facts.put("rlimit_nofile_hard", nofile[1]);
        facts.put("epoll_event_size", Kernel.epollEventSize());
        facts.put("epoll_event_data_offset", Kernel.epollEventDataOffset());
        facts.put("epoll_pwait2", Kernel.hasEpollPwait2());
        facts.put("epollexclusive", Kernel.hasEpollExclusive());
        facts.put("epiocsparams", Kernel.hasBusyPollParams());
        if (json) {
            out.println(Json.object(facts));
        } else {
            table(out, facts, nofile);
        }
        out.flush();
        return Main.OK;
    }

    private static void table(PrintWriter out, Map<String, Object> f, long[] nofile) {
        row(out, "kernel", f.get("kernel") + " (" + f.get("arch") + ")");
        row(out, "max_user_watches", f.get("max_user_watches")
                + "   registrations per user, /proc/sys/fs/epoll/max_user_watches");
        row(out, "RLIMIT_NOFILE", limit(nofile[0]) + " soft, " + limit(nofile[1]) + " hard");
        row(out, "struct epoll_event", f.get("epoll_event_size") + " bytes, data at offset "
                + f.get("epoll_event_data_offset")
                + ((long) f.get("epoll_event_size") == 12 ? " (packed, x86-64)" : " (naturally aligned)"));
        row(out, "epoll_pwait2", yes(f.get("epoll_pwait2")) + "   nanosecond waits, Linux 5.11");
        row(out, "EPOLLEXCLUSIVE", yes(f.get("epollexclusive")) + "   wake one of many waiters, Linux 4.5");
        row(out, "EPIOCSPARAMS", yes(f.get("epiocsparams")) + "   busy-poll ioctl, Linux 6.9");
    }

    private static void row(PrintWriter out, String key, String value) {
        out.printf("%-20s %s%n", key, value);
    }

    private static String yes(Object b) {
        return (boolean) b ? "yes" : "no ";
    }

    private static String limit(long v) {
        return v == -1 ? "unlimited" : Long.toString(v);
    }
}
