package io.epoll4j.bench.jmh;

import io.epoll4j.http.ParserLimits;
import io.epoll4j.http.RequestParser;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The request parser alone, the larger part of {@link HttpSessionBench}: {@link RequestParser}
 * fed a native segment holding {@value HttpSessionBench#DEPTH} pipelined requests, as one
 * read(2) of wrk's pipelined load delivers them, and asked for every request in it.
 *
 * {@snippet lang=sh :
 * bench/jmh.sh --jmh 'RequestParserBench|HttpSessionBench' -p headers=wrk -prof gc
 * }
 *
 * <p>Scores are per request; {@code headers} as in {@link HttpSessionBench}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class RequestParserBench {

    @Param({"wrk", "browser"})
    public String headers;

    private MemorySegment in;
    private RequestParser parser;

    @Setup
    public void setUp() {
        String one = headers.equals("wrk") ? HttpSessionBench.WRK : HttpSessionBench.BROWSER;
        byte[] batch = one.repeat(HttpSessionBench.DEPTH).getBytes(StandardCharsets.US_ASCII);
        in = Arena.ofAuto().allocate(batch.length, 64);   // as the loop's read buffer
        MemorySegment.copy(MemorySegment.ofArray(batch), 0, in, 0, batch.length);
        parser = new RequestParser(ParserLimits.DEFAULT);
    }

    @Benchmark
    @OperationsPerInvocation(HttpSessionBench.DEPTH)
    public int parse() {
        parser.feed(in, 0, in.byteSize());
        int bytes = 0;
        RequestParser.Status status;
        while ((status = parser.next()) == RequestParser.Status.REQUEST) {
            bytes += parser.request().wireLength();
        }
        if (status != RequestParser.Status.NEED_MORE || bytes != in.byteSize()) {
            throw new AssertionError(status + " after " + bytes + " bytes");
        }
        return bytes;
    }
}
