package io.epoll4j.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * An HTML page listing a directory: names (HTML-escaped, links percent-encoded), sizes.
 * Entries whose real path leaves the served root (symbolic links pointing out) are left out,
 * so the listing says nothing about the outside.
 *
 * {@snippet :
 * byte[] html = DirectoryListing.render(root, root.resolve("docs"), "/docs/");
 * }
 */
final class DirectoryListing {

    private record Entry(String name, boolean directory, long size) {
    }

    private DirectoryListing() {
    }

    static byte[] render(Path root, Path directory, String urlPath) throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
            for (Path child : stream) {
                Path real;
                BasicFileAttributes attrs;
                try {
                    real = child.toRealPath();
                    attrs = Files.readAttributes(real, BasicFileAttributes.class);
                } catch (IOException e) {
                    continue;  // dangling link or vanished entry
                }
                if (!real.startsWith(root)) {
                    continue;
                }
                entries.add(new Entry(child.getFileName().toString(), attrs.isDirectory(), attrs.size()));
            }
        }
        entries.sort((x, y) -> x.name.compareTo(y.name));
        String title = "Index of " + escape(urlPath);
        StringBuilder html = new StringBuilder(256 + entries.size() * 96)
                .append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").append(title)
                .append("</title></head>\n<body><h1>").append(title).append("</h1>\n<table>\n");
        if (!urlPath.equals("/")) {
            html.append("<tr><td><a href=\"../\">../</a></td><td></td></tr>\n");
        }
        for (Entry e : entries) {
            String shown = e.name + (e.directory ? "/" : "");
            html.append("<tr><td><a href=\"").append(encode(e.name)).append(e.directory ? "/" : "")
                    .append("\">").append(escape(shown)).append("</a></td><td>")
                    .append(e.directory ? "-" : Long.toString(e.size)).append("</td></tr>\n");
        }
        html.append("</table></body></html>\n");
        return html.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Escapes text for HTML element content and double- or single-quoted attributes. */
    static String escape(String text) {
        StringBuilder b = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** Percent-encodes a file name for a relative link: everything but RFC 3986 unreserved. */
    static String encode(String name) {
        StringBuilder b = new StringBuilder(name.length() + 8);
        for (byte x : name.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return b.toString();
    }
}
