package io.epoll4j.cli;

import java.util.List;
import java.util.Map;

/**
 * Just enough JSON output for the CLI's {@code --json} modes: objects, lists, strings,
 * numbers and booleans.
 *
 * {@snippet :
 * String s = Json.object(Map.of("kernel", "6.8.0", "epoll_pwait2", true)); // {"kernel":"6.8.0","epoll_pwait2":true}
 * }
 */
final class Json {
    private Json() {}

    static String object(Map<String, ?> map) {
        StringBuilder out = new StringBuilder("{");
        map.forEach((k, v) -> {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append(string(k)).append(':').append(value(v));
        });
        return out.append('}').toString();
    }

    @SuppressWarnings("unchecked")
    static String value(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        if (v instanceof Map<?, ?> m) {
            return object((Map<String, ?>) m);
        }
        if (v instanceof List<?> list) {
            StringBuilder out = new StringBuilder("[");
            for (Object item : list) {
                out.append(out.length() > 1 ? "," : "").append(value(item));
            }
            return out.append(']').toString();
        }
        return string(v.toString());
    }

    static String string(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
