package io.epoll4j.docs;

import io.epoll4j.testing.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every example a user can copy compiles: the README's Java blocks, and every Java
 * {@code {@snippet :}} in the javadoc of the library modules core, net, http and netty, and of
 * the examples and cli modules.
 *
 * <p>A README block is compiled exactly as written, as its own compilation unit (so it carries
 * its imports and its {@code throws}); a {@code module} block is compiled as a module-info.
 *
 * <p>A javadoc snippet is compiled in the package of the file it documents, with that file's
 * imports and the project's public packages imported, as the body of a method that declares
 * {@code throws Exception}; a snippet that declares members (methods, fields) is compiled as
 * the body of a class. It may use the variables every snippet in this project may assume
 * (declared as fields, so a snippet may shadow them): see {@link #CONTEXT}. Anything else it
 * uses, it declares.
 *
 * <p>The context is what a snippet's reader has at hand anyway; the test still checks every
 * type, method, argument and checked exception of the project's API that a snippet names.
 */
class SnippetsCompileTest {
    /**
     * What a javadoc snippet may use without declaring it: the objects an application has at
     * hand (by their usual names, simple type names so they resolve wherever they live), and
     * stand-ins for the application's own code ({@code handle(...)}, {@code consume(...)}).
     * Fields and methods of the class around the snippet, so a snippet may shadow any of them.
     */
    static final String CONTEXT = """
                Epoll epoll; OwnedFd fd; OwnedFd socket; OwnedFd job; Pipe pipe; Inotify inotify;
                SignalFd signals; TimerFd timer; Poller poller; Events events; EventLoop loop;
                FdHandler handler; TcpListener listener; TcpStream stream; Connection connection;
                HttpRequest request; HttpResponse response; Router router; RequestParser parser;
                ParserLimits limits; DateCache dates; Arena arena; MemorySegment buffer; MemorySegment buf;
                long length; long token; long pid; int port; Path root; Path path; Path dir; boolean running;
                ExecutorService executor;
                void handle(Object... what) {}
                void consume(Object... what) {}
                void serve(Object... what) {}
                void drain(Object... what) {}
                void changed(Object... what) {}
                void respond(Object... what) {}
                void fail(Object... what) {}
                void readAll(Object... what) {}
                void flush(Object... what) {}
                void peerDone(Object... what) {}
                void acceptAll(Object... what) {}
                void runSubmittedTasks() {}
                void rescanEverything() {}
                void read(Object... what) {}
                void write(Object... what) {}
            """;

    private static final Set<String> MODULES = Set.of("epoll4j-core", "epoll4j-net", "epoll4j-http",
            "epoll4j-cli", "epoll4j-examples", "epoll4j-netty");
    /**
     * The context of the Netty transport's snippets: a Netty application's objects. Netty
     * names some types as epoll4j does ({@code EventLoop}, {@code FileRegion}), so these
     * snippets see Netty's packages and, of the project, only those the transport's own
     * files do not clash with.
     */
    static final String NETTY_CONTEXT = """
                EventLoopGroup group; IoEventLoop loop; ChannelInitializer<Channel> initializer; Channel channel;
                ChannelHandlerContext ctx; Bootstrap bootstrap; ServerBootstrap serverBootstrap;
                IoRegistration registration; Epoll4jIoHandle handle; OwnedFd fd; ByteBuf buf;
                int size; String trailer; Path path;
                void handle(Object... what) {}
                void consume(Object... what) {}
                void flushOrFinishConnect() {}
                void readUntilWouldBlock() {}
                void peerWillSendNoMore() {}
            """;
    private static final List<String> NETTY_IMPORTS = List.of("io.netty.bootstrap", "io.netty.buffer",
            "io.netty.channel", "io.netty.channel.socket", "io.netty.channel.unix", "io.epoll4j.fd",
            "io.epoll4j.poll", "java.io", "java.net", "java.nio.file", "java.time", "java.util");
    private static final List<String> PROJECT_IMPORTS = List.of("io.epoll4j.fd", "io.epoll4j.poll",
            "io.epoll4j.loop", "io.epoll4j.net", "io.epoll4j.http", "java.io", "java.lang.foreign", "java.net",
            "java.nio.charset", "java.nio.file", "java.time", "java.util", "java.util.concurrent");
    private static final Pattern SNIPPET = Pattern.compile("\\{@snippet(?<attrs>[^:}]*):");
    private static final Pattern JAVA_BLOCK = Pattern.compile("(?ms)^```java\\n(.*?)^```");

    private final Path repo = Path.of("").toAbsolutePath().getParent();

    @Test
    void everyReadmeJavaBlockCompilesAsWritten(@TempDir Path tmp) throws Exception {
        String readme = Files.readString(repo.resolve("README.md"));
        Matcher m = JAVA_BLOCK.matcher(readme);
        List<Path> classes = new ArrayList<>();
        int n = 0;
        while (m.find()) {
            String block = m.group(1);
            Path dir = Files.createDirectories(tmp.resolve("readme-" + (n++)));
            if (block.strip().startsWith("module ")) {
                Path file = dir.resolve("module-info.java");
                Files.writeString(file, block);
                String errors = javac(tmp, List.of(file), true);
                assertEquals("", errors, "README block " + n + " (a module declaration) does not compile:\n" + block);
            } else {
                Matcher name = Pattern.compile("public (?:final )?(?:class|record|interface) (\\w+)").matcher(block);
                assertTrue(name.find(), "README block " + n + " declares no public class:\n" + block);
                Path file = dir.resolve(name.group(1) + ".java");
                Files.writeString(file, block);
                classes.add(file);
            }
        }
        assertTrue(n >= 3, "the README has " + n + " Java blocks: the extraction is broken");
        String errors = javac(tmp, classes, false);
        assertEquals("", errors, "README Java blocks do not compile as written");
    }

    @Test
    void everyJavadocSnippetCompiles(@TempDir Path tmp) throws Exception {
        Map<Path, Snippet> snippets = new LinkedHashMap<>();
        for (Path source : sources()) {
            int i = 0;
            for (Snippet s : snippets(source)) {
                String name = "Snippet_" + source.getFileName().toString().replace(".java", "").replace('-', '_') + "_" + (i++);
                Path file = Files.createDirectories(tmp.resolve("a").resolve(s.pkg.replace('.', '/')))
                        .resolve(name + ".java");
                snippets.put(file, s.named(name));
            }
        }
        assertTrue(snippets.size() > 50, "found " + snippets.size() + " snippets: the extraction is broken");
        // First as statements; what fails is tried again as members; what fails twice is wrong.
        for (Map.Entry<Path, Snippet> e : snippets.entrySet()) {
            Files.writeString(e.getKey(), e.getValue().asStatements());
        }
        Map<Path, String> asStatements = failing(tmp, snippets.keySet());
        Set<Path> failed = asStatements.keySet();
        List<String> wrong = new ArrayList<>();
        if (!failed.isEmpty()) {
            Map<Path, Snippet> again = new LinkedHashMap<>();
            for (Path p : failed) {
                Path file = Files.createDirectories(tmp.resolve("b").resolve(tmp.resolve("a").relativize(p.getParent())))
                        .resolve(p.getFileName());
                again.put(file, snippets.get(p));
                Files.writeString(file, snippets.get(p).asMembers());
            }
            Map<Path, String> errors = failing(tmp, again.keySet());
            errors.forEach((p, e) -> {
                Snippet s = again.get(p);
                Path first = tmp.resolve("a").resolve(tmp.resolve("b").relativize(p));
                wrong.add(s.source + ":" + s.line + ":\n" + s.body + "\nas statements:\n" + asStatements.get(first)
                        + "as members:\n" + e);
            });
        }
        assertTrue(wrong.isEmpty(), wrong.size() + " javadoc snippets do not compile:\n\n" + String.join("\n\n", wrong));
    }

    /** One inline snippet and where it is. */
    private record Snippet(Path source, int line, String pkg, List<String> imports, String body, String name) {
        Snippet named(String n) {
            return new Snippet(source, line, pkg, imports, body, n);
        }

        private String head() {
            boolean netty = pkg.startsWith("io.epoll4j.netty");
            StringBuilder s = new StringBuilder("package " + pkg + ";\n");
            for (String p : netty ? NETTY_IMPORTS : PROJECT_IMPORTS) {
                s.append("import ").append(p).append(".*;\n");
            }
            imports.forEach(i -> s.append(i).append('\n'));
            // The context lives in a superclass: a snippet's own fields then hide, not clash with, it.
            return s.append("@SuppressWarnings(\"all\")\nabstract class ").append(name).append("Context {\n")
                    .append(netty ? NETTY_CONTEXT : CONTEXT).append("}\n")
                    .append("@SuppressWarnings(\"all\")\nabstract class ").append(name).append(" extends ")
                    .append(name).append("Context {\n").toString();
        }

        String asStatements() {
            return head() + "    void snippet() throws Exception {\n" + body + "\n    }\n}\n";
        }

        String asMembers() {
            return head() + body + "\n}\n";
        }
    }

    private List<Path> sources() throws IOException {
        List<Path> all = new ArrayList<>();
        for (String module : MODULES) {
            try (Stream<Path> files = Files.walk(repo.resolve(module).resolve("src/main/java"))) {
                files.filter(p -> p.toString().endsWith(".java") && !p.endsWith("module-info.java")).sorted()
                        .forEach(all::add);
            }
        }
        return all;
    }

    /** The Java inline snippets of a file (not lang=sh and the like), with the file's package and imports. */
    static List<Snippet> snippets(Path source) throws IOException {
        List<String> lines = Files.readAllLines(source);
        String pkg = null;
        List<String> imports = new ArrayList<>();
        for (String l : lines) {
            if (l.startsWith("package ")) {
                pkg = l.substring(8, l.indexOf(';')).trim();
            } else if (l.startsWith("import ")) {
                imports.add(l);
            }
        }
        List<Snippet> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = SNIPPET.matcher(lines.get(i));
            if (!m.find()) {
                continue;
            }
            String attrs = m.group("attrs");
            Matcher lang = Pattern.compile("lang\\s*=\\s*\"?(\\w+)").matcher(attrs);
            boolean java = !lang.find() || lang.group(1).equals("java");
            // The body: comment lines until the brace that closes {@snippet, counted over the text.
            StringBuilder body = new StringBuilder();
            int depth = 1;
            int j = i + 1;
            for (; j < lines.size() && depth > 0; j++) {
                String text = lines.get(j).replaceFirst("^\\s*\\*( |$)", "");
                int end = -1;
                for (int k = 0; k < text.length(); k++) {
                    char c = text.charAt(k);
                    if (c == '{') {
                        depth++;
                    } else if (c == '}' && --depth == 0) {
                        end = k;
                        break;
                    }
                }
                body.append(end < 0 ? text : text.substring(0, end)).append('\n');
            }
            if (java) {
                out.add(new Snippet(source, i + 1, pkg, imports, body.toString()
                        .replace("&#64;", "@").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"), null));
            }
            i = j - 1;
        }
        return out;
    }

    /**
     * The files among {@code files} that do not compile, with their errors. javac reports no
     * type errors while any file has a syntax error, so the failing files are taken out and
     * the rest compiled again, until the rest compiles.
     */
    private static Map<Path, String> failing(Path tmp, Set<Path> files) throws Exception {
        Map<Path, String> failed = new LinkedHashMap<>();
        List<Path> rest = new ArrayList<>(files);
        while (!rest.isEmpty()) {
            String errors = javac(tmp, rest, false);
            if (errors.isEmpty()) {
                break;
            }
            int before = failed.size();
            for (Path p : List.copyOf(rest)) {
                if (errors.contains(p + ":")) {
                    failed.put(p, errorsOf(errors, p));
                    rest.remove(p);
                }
            }
            if (failed.size() == before) {
                throw new AssertionError("javac failed on no snippet in particular:\n" + errors);
            }
        }
        return failed;
    }

    private static String errorsOf(String errors, Path file) {
        StringBuilder out = new StringBuilder();
        boolean in = false;
        for (String line : errors.split("\n")) {
            if (line.startsWith("/")) {
                in = line.startsWith(file + ":");
            }
            if (in) {
                out.append("    ").append(line).append('\n');
            }
        }
        return out.toString();
    }

    /**
     * Runs javac (this JDK's) on {@code files} against the project's modules; returns its
     * error output, empty when they compile. Classes are compiled on the class path (the
     * snippets of package-private types need their package), module-infos on the module path.
     */
    private static String javac(Path tmp, List<Path> files, boolean asModule) throws Exception {
        List<String> command = new ArrayList<>(List.of(ChildJvm.tool("javac"), "-d",
                Files.createTempDirectory(tmp, "classes").toString(), "-proc:none", "-nowarn", "-Xmaxerrs", "10000",
                "-encoding", "UTF-8", asModule ? "--module-path" : "-cp", ChildJvm.classPath()));
        files.forEach(f -> command.add(f.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "javac did not finish");
        return p.exitValue() == 0 ? "" : out;
    }

}
