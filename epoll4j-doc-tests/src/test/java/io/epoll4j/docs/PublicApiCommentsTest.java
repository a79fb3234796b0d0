package io.epoll4j.docs;

import io.epoll4j.testing.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every public and protected type and member of every module has a doc comment: javadoc's
 * own check ({@code -Xdoclint:missing}) run over the sources, failing on each "no comment".
 * (The build's javadoc runs leave that group out: it also asks for an {@code @param} and an
 * {@code @return} on every method, which a one-line comment often says better.)
 */
class PublicApiCommentsTest {
    private static final List<String> MODULES = List.of("epoll4j-core", "epoll4j-net", "epoll4j-http",
            "epoll4j-netty", "epoll4j-cli", "epoll4j-examples");

    @Test
    void everyPublicTypeAndMemberHasADocComment(@TempDir Path tmp) throws Exception {
        Path repo = Path.of("").toAbsolutePath().getParent();
        List<String> command = new ArrayList<>(List.of(ChildJvm.tool("javadoc"),
                "-Xdoclint:missing", "-Xmaxwarns", "100000", "-quiet", "-protected", "-encoding", "UTF-8",
                "-d", tmp.resolve("apidocs").toString(), "-cp", ChildJvm.classPath()));
        for (String module : MODULES) {
            Path sources = repo.resolve(module).resolve("src/main/java");
            if (!Files.isDirectory(sources)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(sources)) {
                files.filter(p -> p.toString().endsWith(".java") && !p.endsWith("module-info.java")
                                && !p.toString().contains("/io/epoll4j/sys/"))   // internal: exported to no user
                        .forEach(p -> command.add(p.toString()));
            }
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "javadoc did not finish");
        List<String> missing = new ArrayList<>();
        String[] lines = out.split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].endsWith("warning: no comment")) {
                missing.add(lines[i].replace(repo + "/", "") + (i + 1 < lines.length ? "\n    " + lines[i + 1].strip() : ""));
            }
        }
        assertTrue(missing.isEmpty(), missing.size() + " public types and members have no doc comment:\n"
                + String.join("\n", missing));
        assertTrue(p.exitValue() == 0 || !out.contains("error:"), "javadoc failed:\n" + out);
    }

}
