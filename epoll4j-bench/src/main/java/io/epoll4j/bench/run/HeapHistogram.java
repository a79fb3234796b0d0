package io.epoll4j.bench.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The live heap of a JVM by class, from {@code jcmd PID GC.class_histogram} (which runs a full
 * collection first, so only reachable objects count). Compared before and after idle
 * connections are opened, it says what each connection costs and which classes it holds.
 *
 * @param bytes   total live bytes
 * @param byClass live bytes per class name
 * @param counts  live instances per class name
 */
public record HeapHistogram(long bytes, Map<String, Long> byClass, Map<String, Long> counts) {

    /** The histogram of the JVM in {@code root}'s process tree; empty when there is none. */
    public static Optional<HeapHistogram> of(ProcessHandle root, Path jcmd) {
        Optional<ProcessHandle> jvm = javaProcess(root);
        if (jvm.isEmpty() || !Files.isExecutable(jcmd)) {
            return Optional.empty();
        }
        try {
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(jvm.get().pid()), "GC.class_histogram")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return Optional.empty();
            }
            return Optional.of(parse(out));
        } catch (IOException | InterruptedException e) {
            return Optional.empty();
        }
    }

    /**
     * Parses jcmd's table: {@code   1:   12345   678900  [B (java.base@25)} ... {@code Total  n
     * bytes}. G1's filler arrays ({@code jdk.internal.vm.FillerElement[]}: dead space it keeps
     * parseable inside regions, not objects anyone holds) are left out of the total.
     */
    static HeapHistogram parse(String out) {
        Map<String, Long> bytes = new HashMap<>();
        Map<String, Long> counts = new HashMap<>();
        long total = 0;
        long filler = 0;
        for (String line : out.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 4 && f[0].endsWith(":")) {
                String name = f[3];
                if (name.contains("jdk.internal.vm.FillerElement")) {
                    filler += Long.parseLong(f[2]);
                    continue;
                }
                bytes.merge(name, Long.parseLong(f[2]), Long::sum);
                counts.merge(name, Long.parseLong(f[1]), Long::sum);
            } else if (f.length >= 3 && f[0].equals("Total")) {
                total = Long.parseLong(f[2]);
            }
        }
        return new HeapHistogram(total - filler, bytes, counts);
    }

    /** The classes whose live bytes grew most from {@code before} to this, as "name +bytes (+count)". */
    public List<String> topGrowth(HeapHistogram before, int n) {
        List<Map.Entry<String, Long>> grown = new ArrayList<>();
        for (Map.Entry<String, Long> e : byClass.entrySet()) {
            long d = e.getValue() - before.byClass.getOrDefault(e.getKey(), 0L);
            if (d > 0) {
                grown.add(Map.entry(e.getKey(), d));
            }
        }
        grown.sort((a, b) -> Long.compare(b.getValue(), a.getValue()));
        List<String> top = new ArrayList<>();
        for (Map.Entry<String, Long> e : grown.subList(0, Math.min(n, grown.size()))) {
            long dc = counts.getOrDefault(e.getKey(), 0L) - before.counts.getOrDefault(e.getKey(), 0L);
            top.add(shortName(e.getKey()) + " +" + e.getValue() + " B (+" + dc + ")");
        }
        return top;
    }

    private static String shortName(String name) {
        return switch (name) {
            case "[B" -> "byte[]";
            case "[I" -> "int[]";
            case "[J" -> "long[]";
            case "[Z" -> "boolean[]";
            default -> name.startsWith("[L") ? name.substring(name.lastIndexOf('.') + 1).replace(";", "[]")
                    : name.substring(name.lastIndexOf('.') + 1);
        };
    }

    /** The java process of the tree: the root itself, or the descendant a launcher script started. */
    static Optional<ProcessHandle> javaProcess(ProcessHandle root) {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(root);
        root.descendants().forEach(all::add);
        return all.stream().filter(h -> h.info().command().map(c -> c.endsWith("/java")).orElse(false)).findFirst();
    }

    /** Open fds of the tree, from {@code /proc/PID/fd}. */
    public static long openFds(ProcessHandle root) {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(root);
        root.descendants().forEach(all::add);
        long n = 0;
        for (ProcessHandle h : all) {
            try (var s = Files.list(Path.of("/proc", Long.toString(h.pid()), "fd"))) {
                n += s.count();
            } catch (IOException | RuntimeException gone) {
                // ended meanwhile
            }
        }
        return n;
    }
}
