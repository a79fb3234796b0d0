package io.epoll4j.bench.run;

/**
 * CPU time a process tree has used, split as the kernel accounts it: in user space (the
 * server's own code and its libraries) and in the kernel on its behalf (system calls, and the
 * TCP work they do). Servers making the same system calls spend about the same system time,
 * so user time is where they differ.
 *
 * {@snippet :
 * CpuTime before = ProcStats.cpu(server);
 * // ... load ...
 * CpuTime used = ProcStats.cpu(server).minus(before);
 * long kernelNanos = used.systemNanos();
 * }
 *
 * @param userNanos   utime, in nanoseconds
 * @param systemNanos stime, in nanoseconds
 */
public record CpuTime(long userNanos, long systemNanos) {

    /** User plus system time. */
    public long totalNanos() {
        return userNanos + systemNanos;
    }

    /** The time used since {@code earlier}, a reading of the same tree. */
    public CpuTime minus(CpuTime earlier) {
        return new CpuTime(userNanos - earlier.userNanos, systemNanos - earlier.systemNanos);
    }
}
