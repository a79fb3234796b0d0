package io.epoll4j.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.epoll4j.bench.run.CpuTime;
import io.epoll4j.bench.run.LoadCase;
import io.epoll4j.bench.run.LoadRun;
import io.epoll4j.bench.run.Sample;
import io.epoll4j.bench.run.WrkResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TargetTest {

    /** One measured run: {@code requests} in one second, {@code cpuMicros} of server CPU per request. */
    private static Sample sample(String peer, int round, double cpuMicros, long p99) {
        long requests = 100_000;
        WrkResult wrk = new WrkResult(requests, 1.0, 100, p99, 2 * p99, 0, 0, 0, 0, 0);
        return new Sample(peer, "c256", round, new LoadRun(wrk, new CpuTime(0, (long) (cpuMicros * 1000 * requests))), 0, 130);
    }

    private static Target cpuAgainstFloor(List<Sample> samples) {
        List<Target> targets = Target.evaluate(CaseSummary.of(samples), samples, List.of(LoadCase.named("c256")));
        return targets.stream().filter(t -> t.description().equals("CPU/request ≤ 1.1 × c-floor")).findFirst()
                .orElseThrow();
    }

    @Test
    void eachRoundsRatioPairsTheTwoServersOfThatRound() {
        List<Sample> samples = List.of(
                sample("c-floor", 1, 6.0, 500), sample("epoll4j", 1, 6.0, 500),
                sample("c-floor", 2, 5.0, 500), sample("epoll4j", 2, 6.0, 500),
                sample("c-floor", 3, 8.0, 500), sample("epoll4j", 3, 6.0, 500));
        Target t = cpuAgainstFloor(samples);
        assertEquals(List.of(1.0, 1.2, 0.75), t.roundRatios());
        assertEquals(1.0, t.ratio(), 1e-9);   // medians 6.0 / 6.0
        assertEquals("met", t.status());
        assertEquals(2, t.roundsWithin());
        assertEquals(0.75, t.lowest(), 1e-9);
        assertEquals(1.2, t.highest(), 1e-9);
    }

    @Test
    void aRoundOnlyOneServerMeasuredGivesNoRatio() {
        List<Sample> samples = List.of(
                sample("c-floor", 1, 6.0, 500), sample("epoll4j", 1, 7.2, 500),
                sample("c-floor", 2, 6.0, 500));
        Target t = cpuAgainstFloor(samples);
        assertEquals(1, t.roundRatios().size());
        assertEquals(1.2, t.roundRatios().getFirst(), 1e-9);
        assertEquals("missed", t.status());
        assertEquals(0, t.roundsWithin());
    }

    @Test
    void aPercentileWrkCouldNotComputeIsLeftOutOfTheRounds() {
        List<Sample> samples = new ArrayList<>(List.of(
                sample("c-floor", 1, 6.0, 0), sample("epoll4j", 1, 6.0, 900),
                sample("c-floor", 2, 6.0, 500), sample("epoll4j", 2, 6.0, 900)));
        Target p99 = Target.evaluate(CaseSummary.of(samples), samples, List.of(LoadCase.named("c256"))).stream()
                .filter(t -> t.description().startsWith("p99")).findFirst().orElseThrow();
        assertEquals(List.of(1.8), p99.roundRatios());
    }

    @Test
    void aServerThatDidNotRunIsNotMeasured() {
        Target t = cpuAgainstFloor(List.of(sample("c-floor", 1, 6.0, 500)));
        assertEquals("not measured", t.status());
        assertTrue(t.roundRatios().isEmpty());
        assertTrue(Double.isNaN(t.lowest()));
    }

    @Test
    void thePipelinedCaseIsHeldToTheCpuTargetsToo() {
        List<String> pipelined = Target.evaluate(List.of(), List.of(), List.of(LoadCase.named("p16-c256"))).stream()
                .map(Target::description).toList();
        assertTrue(pipelined.contains("CPU/request ≤ 1.1 × c-floor"), pipelined.toString());
        assertTrue(pipelined.contains("CPU/request ≤ 1.0 × jdk-selector"), pipelined.toString());
        assertTrue(pipelined.contains("req/s ≥ 0.9 × c-floor"), pipelined.toString());
    }
}
