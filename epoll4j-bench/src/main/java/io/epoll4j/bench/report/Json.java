package io.epoll4j.bench.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A minimal JSON writer for the results file: maps, lists, strings, numbers, booleans and
 * records given as ordered maps. Enough for one output format without a JSON library.
 */
final class Json {

    private Json() {}

    static String write(Object value) {
        StringBuilder b = new StringBuilder();
        write(b, value, "");
        return b.append('\n').toString();
    }

    private static void write(StringBuilder b, Object v, String indent) {
        switch (v) {
            case null -> b.append("null");
            case String s -> string(b, s);
            case Boolean x -> b.append(x);
            case Double d -> b.append(d.isNaN() || d.isInfinite() ? "null"
                    : String.format(Locale.ROOT, "%.3f", d));
            case Float f -> write(b, f.doubleValue(), indent);
            case Number n -> b.append(n);
            case Map<?, ?> m -> {
                b.append('{');
                String inner = indent + "  ";
                boolean first = true;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    b.append(first ? "\n" : ",\n").append(inner);
                    string(b, String.valueOf(e.getKey()));
                    b.append(": ");
                    write(b, e.getValue(), inner);
                    first = false;
                }
                b.append(first ? "}" : "\n" + indent + "}");
            }
            case List<?> l -> {
                b.append('[');
                String inner = indent + "  ";
                for (int i = 0; i < l.size(); i++) {
                    b.append(i == 0 ? "\n" : ",\n").append(inner);
                    write(b, l.get(i), inner);
                }
                b.append(l.isEmpty() ? "]" : "\n" + indent + "]");
            }
            default -> string(b, v.toString());
        }
    }

    private static void string(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }
}
