package io.epoll4j.http;

/**
 * The conditional request checks of RFC 9110 §13 that {@link StaticFiles} needs.
 *
 * {@snippet :
 * boolean send304 = Validators.noneMatchFails("W/\"abc\", \"def\"", "\"def\""); // true
 * }
 */
final class Validators {

    private Validators() {
    }

    /**
     * Whether If-None-Match {@code header} matches {@code etag} by weak comparison, i.e. the
     * condition is false and a GET or HEAD gets 304 (§13.1.2).
     */
    static boolean noneMatchFails(String header, String etag) {
        String opaque = strip(etag);
        for (String candidate : header.split(",")) {
            String tag = candidate.strip();
            if (tag.equals("*") || strip(tag).equals(opaque)) {
                return true;
            }
        }
        return false;
    }

    /** Whether If-Modified-Since {@code header} says the client's copy is current (§13.1.3). */
    static boolean notModifiedSince(String header, long modifiedSecond) {
        long since = HttpDates.parse(header);
        return since >= 0 && modifiedSecond <= since;
    }

    /**
     * Whether a Range may be honoured given If-Range {@code header} (§13.1.5): absent, or an
     * entity-tag equal by strong comparison, or exactly the Last-Modified date.
     */
    static boolean ifRangeAllows(String header, String etag, long modifiedSecond) {
        if (header == null) {
            return true;
        }
        String value = header.strip();
        if (value.startsWith("\"") || value.startsWith("W/")) {
            return value.equals(etag);
        }
        return HttpDates.parse(value) == modifiedSecond;
    }

    private static String strip(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }
}
