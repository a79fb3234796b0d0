package io.epoll4j.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Exact-path routing with a fallback. */
class RouterTest {

    private final HttpResponse response = new HttpResponse();

    private HttpResponse route(Router router, String target) throws Exception {
        response.reset();
        router.handle(Wire.request("GET " + target + " HTTP/1.1\r\nHost: h\r\n\r\n"), response);
        return response;
    }

    @Test
    void exactPathIgnoringQueryPicksTheHandler() throws Exception {
        Router router = new Router().route("/plaintext", CannedResponse.PLAINTEXT).route("/json", CannedResponse.JSON);
        assertSame(CannedResponse.JSON, route(router, "/json?x=1").canned);
        assertSame(CannedResponse.PLAINTEXT, route(router, "/plaintext").canned);
        assertEquals(404, route(router, "/plaintext/").status());
        assertEquals(404, route(router, "/JSON").status());
    }

    @Test
    void fallbackTakesEverythingElse() throws Exception {
        Router router = new Router().route("/a", (q, r) -> r.status(204))
                .fallback((q, r) -> r.status(418 - 18).body(q.path()));
        assertEquals(204, route(router, "/a").status());
        assertEquals(400, route(router, "/b").status());
    }

    @Test
    void laterRouteForTheSamePathReplacesTheEarlier() throws Exception {
        Router router = new Router().route("/a", (q, r) -> r.status(201)).route("/a", (q, r) -> r.status(202));
        assertEquals(202, route(router, "/a").status());
    }

    @Test
    void pathThatCouldNeverMatchIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Router().route("a", CannedResponse.JSON));
        assertThrows(IllegalArgumentException.class, () -> new Router().route("/a b", CannedResponse.JSON));
    }
}
