package io.epoll4j.http;

import io.epoll4j.net.MemoryBudget;

/**
 * The state of one request/response exchange that an idle connection does not need: the
 * parser with its field table and its own buffer (for a request split across reads, allocated
 * at the first split), the response writer and the response the handler fills. Pooled per
 * loop ({@link HttpLoop}) and lent to a connection for each read, and past it while a request
 * is in progress.
 */
final class Exchange {
    final RequestParser parser;
    final ResponseWriter writer;
    final HttpResponse response = new HttpResponse();
    private final ParserLimits limits;
    private final MemoryBudget budget;
    private final DateCache dates;

    Exchange(HttpSession session) {
        this.limits = session.limits;
        this.budget = session.budget;
        this.dates = session.dates;
        this.parser = new RequestParser(limits, budget);
        this.writer = new ResponseWriter(dates);
    }

    /** Whether this exchange parses with {@code session}'s limits and budget. */
    boolean fits(HttpSession session) {
        return limits == session.limits && budget == session.budget && dates == session.dates;
    }
}
