package io.epoll4j.bench.report;

import io.epoll4j.bench.run.IdleResult;
import io.epoll4j.bench.run.LoadCase;
import io.epoll4j.bench.run.Sample;
import java.util.List;
import java.util.Map;

/**
 * Everything one benchmark run produced, handed to the report writers.
 *
 * @param startedAt   ISO-8601 start time
 * @param quick       whether it was a --quick run
 * @param settings    rounds, durations and the like, for the reader
 * @param machine     what it ran on
 * @param peers       peer name → description, for the peers that ran
 * @param skipped     peer name → why it did not run
 * @param failures    runs that failed, one line each
 * @param cases       the load cases
 * @param samples     every measured run
 * @param summaries   medians per peer and case
 * @param targets     DESIGN.md's targets, checked
 * @param idle        idle-scale results
 */
public record Results(String startedAt, boolean quick, Map<String, String> settings,
                      Map<String, String> machine, Map<String, String> peers,
                      Map<String, String> skipped, List<String> failures, List<LoadCase> cases,
                      List<Sample> samples, List<CaseSummary> summaries, List<Target> targets,
                      List<IdleResult> idle) {}
