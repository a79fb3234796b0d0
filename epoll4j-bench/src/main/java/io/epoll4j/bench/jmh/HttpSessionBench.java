package io.epoll4j.bench.jmh;

import io.epoll4j.http.CannedResponse;
import io.epoll4j.http.DateCache;
import io.epoll4j.http.HttpOutput;
import io.epoll4j.http.HttpSession;
import io.epoll4j.http.ParserLimits;
import io.epoll4j.http.Router;
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
import org.openjdk.jmh.infra.Blackhole;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The user-space cost of one request in the HTTP layer, with no socket in the way:
 * {@link HttpSession#onRead} over a native segment, answered by the router the {@code serve}
 * command uses, into a sink that only counts bytes. {@code pipelined} reads {@value #DEPTH}
 * requests at once, as one read(2) of wrk's pipelined load delivers them; {@code single} one,
 * as a client that waits for each response sends them, so it pays alone what a batch shares
 * (borrowing the exchange, the Date, the parser's look for a next request). A session on its
 * own reads the clock for its Date once per read, which a server's loop does once per second:
 * some 20 ns of {@code single} that a server does not spend per request.
 *
 * <p>Scores are per request ({@link OperationsPerInvocation}); run with {@code -prof gc} to
 * see the bytes allocated per request, which must be 0:
 * {@snippet lang=sh :
 * java --enable-native-access=ALL-UNNAMED -cp 'epoll4j-bench/target/epoll4j-bench-0.1.0-SNAPSHOT.jar:epoll4j-bench/target/lib/*' \
 *     org.openjdk.jmh.Main HttpSessionBench -prof gc
 * }
 *
 * <p>{@code headers=wrk} is what wrk sends (Host only); {@code headers=browser} adds the
 * handful of fields a browser sends with every request, so the field scan is weighed too.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class HttpSessionBench {

    static final int DEPTH = 16;

    static final String WRK = "GET /plaintext HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n";
    static final String BROWSER = "GET /plaintext HTTP/1.1\r\n"
            + "Host: 127.0.0.1:8080\r\n"
            + "User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0\r\n"
            + "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\n"
            + "Accept-Language: en-US,en;q=0.5\r\n"
            + "Accept-Encoding: gzip, deflate, br, zstd\r\n"
            + "Connection: keep-alive\r\n"
            + "Cache-Control: max-age=0\r\n"
            + "\r\n";

    @Param({"wrk", "browser"})
    public String headers;

    private final Arena arena = Arena.ofAuto();
    private MemorySegment in;
    /** Length of one request of {@link #in}. */
    private long one;
    private MemorySegment out;
    private HttpSession session;
    private Sink sink;

    /** Counts what the session sends; the benchmark's only output. */
    static final class Sink implements HttpOutput {
        long bytes;

        @Override
        public void write(MemorySegment data, long offset, long length) {
            bytes += length;
        }

        @Override
        public void sendFile(io.epoll4j.fd.OwnedFd file, long offset, long length) {
            throw new AssertionError("no files here");
        }

        @Override
        public void flush() {
        }

        @Override
        public long pendingBytes() {
            return 0;
        }

        @Override
        public void close(boolean linger) {
            throw new AssertionError("the connection stays open");
        }
    }

    @Setup
    public void setUp() {
        String one = headers.equals("wrk") ? WRK : BROWSER;
        byte[] batch = one.repeat(DEPTH).getBytes(StandardCharsets.US_ASCII);
        this.one = one.length();
        in = arena.allocate(batch.length, 64);
        MemorySegment.copy(MemorySegment.ofArray(batch), 0, in, 0, batch.length);
        out = arena.allocate(64 * 1024, 64);
        Router router = new Router()
                .route("/plaintext", CannedResponse.PLAINTEXT)
                .route("/json", CannedResponse.JSON);
        session = new HttpSession(router, new DateCache(), ParserLimits.DEFAULT);
        sink = new Sink();
    }

    @Benchmark
    @OperationsPerInvocation(DEPTH)
    public void pipelined(Blackhole bh) throws IOException {
        boolean open = session.onRead(in, 0, in.byteSize(), out, sink);
        if (!open) {
            throw new AssertionError("closed");
        }
        bh.consume(sink.bytes);
    }

    /** One request per read. */
    @Benchmark
    public void single(Blackhole bh) throws IOException {
        boolean open = session.onRead(in, 0, one, out, sink);
        if (!open) {
            throw new AssertionError("closed");
        }
        bh.consume(sink.bytes);
    }
}
