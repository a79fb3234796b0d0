package io.epoll4j.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * An HTML page listing a directory: names (HTML-escaped, links percent-encoded), sizes.
 * Entries whose real path leaves the served root (symbolic links pointing out) are left out,
 * so the listing says nothing about the outside; so are dotfiles unless the
 * {@link StaticFiles} allows them.
 *
 * {@snippet :
 * byte[] listing(StaticFiles files) throws IOException {
 *     return DirectoryListing.render(files, files.root().resolve("docs"), "/docs/");
 * }
 * }
 *
 * <h2>Bounded work</h2>
 * A listing is rendered on the event loop, so its cost is capped, whatever the directory
 * holds: at most {@link #MAX_SCANNED} names are read, and of those the first
 * {@link #MAX_LISTED} in name order are looked at (one lstat(2) each; realpath(3) only for a
 * symbolic link) and listed. The page says when it was cut short.
 */
final class DirectoryListing {
    /** Names read from the directory at most. */
    static final int MAX_SCANNED = 4_096;
    /** Entries shown at most. */
    static final int MAX_LISTED = 1_000;

    private record Entry(String name, boolean directory, long size) {
    }

    private DirectoryListing() {
    }

    static byte[] render(StaticFiles files, Path directory, String urlPath) throws IOException {
        List<String> names = new ArrayList<>();
        boolean cut = false;
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
            for (Path child : stream) {
                if (names.size() == MAX_SCANNED) {
                    cut = true;
                    break;
                }
                names.add(child.getFileName().toString());
            }
        }
        names.sort(null);
        List<Entry> entries = new ArrayList<>(Math.min(names.size(), MAX_LISTED));
        for (String name : names) {
            if (entries.size() == MAX_LISTED) {
                cut = true;
                break;
            }
            Entry e = entry(files, directory, name);
            if (e != null) {
                entries.add(e);
            }
        }
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
        html.append("</table>\n");
        if (cut) {
            html.append("<p>Listing cut short: at most ").append(MAX_LISTED).append(" of the first ")
                    .append(MAX_SCANNED).append(" names are shown.</p>\n");
        }
        html.append("</body></html>\n");
        return html.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The entry for {@code child}, or null when it is not to be shown (or vanished meanwhile). */
    private static Entry entry(StaticFiles files, Path directory, String name) {
        if (name.startsWith(".") && !files.visible(directory.resolve(name))) {
            return null;
        }
        Path child = directory.resolve(name);
        try {
            BasicFileAttributes attrs = Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (attrs.isSymbolicLink()) {
                Path real = child.toRealPath();
                if (!real.startsWith(files.root())) {
                    return null;
                }
                attrs = Files.readAttributes(real, BasicFileAttributes.class);
                child = real;
            }
            return files.visible(child) ? new Entry(name, attrs.isDirectory(), attrs.size()) : null;
        } catch (IOException e) {
            return null;  // dangling link or vanished entry
        }
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
