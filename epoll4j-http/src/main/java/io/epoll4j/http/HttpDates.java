package io.epoll4j.http;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * IMF-fixdate, the one HTTP date format a server sends (RFC 9110 §5.6.7):
 * {@code Sun, 06 Nov 1994 08:49:37 GMT}, always 29 bytes.
 *
 * {@snippet :
 * byte[] date = new byte[HttpDates.LENGTH];
 * HttpDates.format(784111777L, date, 0);          // "Sun, 06 Nov 1994 08:49:37 GMT"
 * long seconds = HttpDates.parse("Sun, 06 Nov 1994 08:49:37 GMT"); // 784111777
 * }
 */
public final class HttpDates {

    /** Length of an IMF-fixdate in bytes. */
    public static final int LENGTH = 29;

    private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul",
        "Aug", "Sep", "Oct", "Nov", "Dec"};

    private HttpDates() {
    }

    /** Writes the IMF-fixdate of {@code epochSecond} into {@code out[at, at + 29)}. */
    public static void format(long epochSecond, byte[] out, int at) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC);
        int year = t.getYear();
        if (year < 0 || year > 9999) {
            throw new IllegalArgumentException("year outside 0..9999: " + year);
        }
        String day = DAYS[t.getDayOfWeek().getValue() - 1];
        String month = MONTHS[t.getMonthValue() - 1];
        int i = at;
        i = text(day, out, i);
        out[i++] = ',';
        out[i++] = ' ';
        i = digits(t.getDayOfMonth(), 2, out, i);
        out[i++] = ' ';
        i = text(month, out, i);
        out[i++] = ' ';
        i = digits(year, 4, out, i);
        out[i++] = ' ';
        i = digits(t.getHour(), 2, out, i);
        out[i++] = ':';
        i = digits(t.getMinute(), 2, out, i);
        out[i++] = ':';
        i = digits(t.getSecond(), 2, out, i);
        text(" GMT", out, i);
    }

    /** The IMF-fixdate of {@code epochSecond} as a String. */
    public static String format(long epochSecond) {
        byte[] b = new byte[LENGTH];
        format(epochSecond, b, 0);
        return new String(b, java.nio.charset.StandardCharsets.US_ASCII);
    }

    /**
     * Epoch seconds of an IMF-fixdate, or -1 if {@code text} is not one. The obsolete RFC 850
     * and asctime forms are not accepted: a conditional header in them is simply ignored,
     * which costs a full response instead of a 304, never a wrong answer.
     */
    public static long parse(String text) {
        if (text == null || text.length() != LENGTH || text.charAt(3) != ',' || text.charAt(4) != ' '
                || text.charAt(7) != ' ' || text.charAt(11) != ' ' || text.charAt(16) != ' '
                || text.charAt(19) != ':' || text.charAt(22) != ':' || !text.endsWith(" GMT")) {
            return -1;
        }
        int month = java.util.Arrays.asList(MONTHS).indexOf(text.substring(8, 11)) + 1;
        int day = number(text, 5, 7);
        int year = number(text, 12, 16);
        int hour = number(text, 17, 19);
        int minute = number(text, 20, 22);
        int second = number(text, 23, 25);
        if (month == 0 || day < 1 || year < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 60 || !java.util.Arrays.asList(DAYS).contains(text.substring(0, 3))) {
            return -1;
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, Math.min(second, 59))
                    .toEpochSecond(ZoneOffset.UTC);
        } catch (java.time.DateTimeException e) {
            return -1;
        }
    }

    private static int number(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static int text(String s, byte[] out, int at) {
        for (int k = 0; k < s.length(); k++) {
            out[at++] = (byte) s.charAt(k);
        }
        return at;
    }

    private static int digits(int value, int width, byte[] out, int at) {
        for (int k = width - 1; k >= 0; k--) {
            out[at + k] = (byte) ('0' + value % 10);
            value /= 10;
        }
        return at + width;
    }
}
