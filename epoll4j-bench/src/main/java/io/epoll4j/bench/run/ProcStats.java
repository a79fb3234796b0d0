package io.epoll4j.bench.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the kernel says a server's process tree used, read from {@code /proc} (proc(5)):
 * CPU time from {@code /proc/PID/stat} (utime and stime, which cover every thread of the
 * process), resident memory from {@code /proc/PID/status} ({@code VmRSS}, and the peak
 * {@code VmHWM}). Values are summed over the process and its descendants.
 */
public final class ProcStats {

    /** Clock ticks per second of utime/stime; 100 on every Linux this runs on. */
    private static final long CLK_TCK = clockTicks();

    private ProcStats() {}

    /** CPU time of the tree so far, user and system. */
    public static CpuTime cpu(ProcessHandle root) {
        long user = 0;
        long system = 0;
        for (long pid : tree(root)) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                // comm (field 2) may contain spaces and parentheses: split after the last ')'.
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                long utime = Long.parseLong(f[11]);   // field 14
                long stime = Long.parseLong(f[12]);   // field 15
                user += utime;
                system += stime;
            } catch (IOException | RuntimeException gone) {
                // the process ended between listing and reading; it no longer counts
            }
        }
        return new CpuTime(user * 1_000_000_000L / CLK_TCK, system * 1_000_000_000L / CLK_TCK);
    }

    /** Current resident set of the tree in KiB. */
    public static long rssKiB(ProcessHandle root) {
        return statusField(root, "VmRSS:");
    }

    /** Peak resident set of the tree in KiB since the last {@link #resetPeak}. */
    public static long peakRssKiB(ProcessHandle root) {
        return statusField(root, "VmHWM:");
    }

    /**
     * Resets VmHWM to the current RSS (writing 5 to {@code /proc/PID/clear_refs}, Linux 4.0+),
     * so a peak belongs to one measured run. Returns false where that is not permitted; the
     * peak is then the peak since the server started.
     */
    public static boolean resetPeak(ProcessHandle root) {
        boolean all = true;
        for (long pid : tree(root)) {
            try {
                Files.writeString(Path.of("/proc", Long.toString(pid), "clear_refs"), "5");
            } catch (IOException e) {
                all = false;
            }
        }
        return all;
    }

    private static long statusField(ProcessHandle root, String field) {
        long kib = 0;
        for (long pid : tree(root)) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                    if (line.startsWith(field)) {
                        kib += Long.parseLong(line.substring(field.length()).replace("kB", "").trim());
                    }
                }
            } catch (IOException | RuntimeException gone) {
                // ended meanwhile
            }
        }
        return kib;
    }

    private static List<Long> tree(ProcessHandle root) {
        List<Long> pids = new ArrayList<>();
        pids.add(root.pid());
        root.descendants().forEach(h -> pids.add(h.pid()));
        return pids;
    }

    private static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            return Long.parseLong(out);
        } catch (Exception e) {
            return 100;
        }
    }
}
