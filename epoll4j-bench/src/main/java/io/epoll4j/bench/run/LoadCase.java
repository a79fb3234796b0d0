package io.epoll4j.bench.run;

import java.util.List;

/**
 * One load shape: how many keep-alive connections wrk holds and how many requests it
 * pipelines per write (1 = not pipelined).
 *
 * @param name        stable name: {@code c256}, {@code p16-c256}
 * @param connections concurrent connections
 * @param depth       requests per write
 */
public record LoadCase(String name, int connections, int depth) {

    /** The cases of a full run, in the order they run. */
    public static final List<LoadCase> ALL = List.of(
            new LoadCase("c64", 64, 1),
            new LoadCase("c256", 256, 1),
            new LoadCase("c1024", 1024, 1),
            new LoadCase("p16-c256", 256, 16));

    /** The cases of a {@code --quick} run. */
    public static final List<LoadCase> QUICK = List.of(ALL.get(1), ALL.get(3));

    /** Whether requests are pipelined. */
    public boolean pipelined() {
        return depth > 1;
    }

    /** Human label. */
    public String label() {
        return pipelined() ? "pipelined " + depth + ", " + connections + " conns"
                : connections + " conns";
    }

    /** Looks a case up by name. */
    public static LoadCase named(String name) {
        return ALL.stream().filter(c -> c.name.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown case " + name
                        + "; known: " + ALL.stream().map(LoadCase::name).toList()));
    }
}
