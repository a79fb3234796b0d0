package io.epoll4j.cli;

import io.epoll4j.testing.ChildJvm;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The CLI as a child process, run the way {@code ./epoll4j} runs it: this JVM's java binary,
 * native access granted to the core, the module path this test JVM has (the cli module's
 * classes, the core, net and http modules of the reactor, picocli).
 */
final class CliProcess {
    private CliProcess() {}

    /** The command line that runs {@code epoll4j args...}. */
    static List<String> command(List<String> modulePath, String... args) {
        List<String> command = new ArrayList<>(List.of(ChildJvm.java(), "--enable-native-access=io.epoll4j.core",
                "-p", String.join(File.pathSeparator, modulePath), "-m", "io.epoll4j.cli/io.epoll4j.cli.Main"));
        command.addAll(List.of(args));
        return command;
    }

    /** This JVM's module path. */
    static List<String> modulePath() {
        String path = System.getProperty("jdk.module.path");
        if (path == null) {
            throw new AssertionError("the tests do not run on the module path");
        }
        return List.of(path.split(File.pathSeparator));
    }

    /**
     * The module path copied under {@code dir}, readable by every user: the Maven cache under
     * /root is not, and a test that runs the CLI as another user needs to load it.
     */
    static List<String> modulePathReadableByAll(Path dir) throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> copies = new ArrayList<>();
        int i = 0;
        for (String entry : modulePath()) {
            Path source = Path.of(entry);
            Path target = dir.resolve((i++) + "-" + source.getFileName());
            try (Stream<Path> files = Files.walk(source)) {
                files.forEach(p -> copy(p, target.resolve(source.relativize(p).toString())));
            }
            copies.add(target.toString());
        }
        return copies;
    }

    private static void copy(Path from, Path to) {
        try {
            if (Files.isDirectory(from)) {
                Files.createDirectories(to);
                Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rwxr-xr-x"));
            } else {
                Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
                Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rw-r--r--"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
