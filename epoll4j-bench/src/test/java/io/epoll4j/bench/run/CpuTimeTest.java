package io.epoll4j.bench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CpuTimeTest {

    @Test
    void spinningInJavaIsChargedToUserTime() {
        ProcessHandle self = ProcessHandle.current();
        CpuTime before = ProcStats.cpu(self);
        long deadline = System.nanoTime() + 10_000_000_000L;
        CpuTime used;
        long sink = 0;
        do {
            for (int i = 0; i < 1_000_000; i++) {
                sink += i ^ sink >>> 3;   // no system call in the loop
            }
            used = ProcStats.cpu(self).minus(before);
        } while (used.userNanos() < 200_000_000L && System.nanoTime() < deadline);
        assertTrue(used.userNanos() >= 200_000_000L, "user time after 10 s of spinning: " + used + " " + sink);
        assertEquals(used.userNanos() + used.systemNanos(), used.totalNanos());
    }

    @Test
    void perRequestFiguresDivideTheRunsTimeByItsRequests() {
        WrkResult wrk = new WrkResult(1_000, 1.0, 100, 200, 400, 0, 0, 0, 0, 0);
        LoadRun run = new LoadRun(wrk, new CpuTime(1_000_000, 3_000_000));
        assertEquals(4.0, run.cpuMicrosPerRequest(), 1e-9);
        assertEquals(1.0, run.userMicrosPerRequest(), 1e-9);
        assertEquals(4_000_000, run.serverCpuNanos());
    }
}
