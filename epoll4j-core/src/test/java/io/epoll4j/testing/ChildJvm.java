package io.epoll4j.testing;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a test needs to start another JVM, or a tool of this JDK, on what this one runs: tests
 * that change a process-wide setting (an rlimit, a fault injected into libc, native access
 * withheld) do it in a child so the other tests never see it.
 *
 * {@snippet :
 * Process child = new ProcessBuilder(ChildJvm.java(), "--enable-native-access=ALL-UNNAMED",
 *         "-cp", ChildJvm.classPath(MyTest.class), MyTest.Child.class.getName()).start();
 * }
 */
public final class ChildJvm {
    private ChildJvm() {}

    /** This JVM's own launcher: the JDK the tests run on (25 while Maven may run on 17). */
    public static String java() {
        return ProcessHandle.current().info().command().orElse(tool("java"));
    }

    /** A tool of this JVM's JDK by name ({@code javac}, {@code javadoc}). */
    public static String tool(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name).toString();
    }

    /**
     * Everything this JVM was given (its module path, then its class path) as one class path,
     * behind the classes of {@code tests}: on the module path a module's test classes are
     * patched into it and on neither path, so the child would not find its main class.
     */
    public static String classPath(Class<?> tests) {
        try {
            return Path.of(tests.getProtectionDomain().getCodeSource().getLocation().toURI()) + File.pathSeparator
                    + classPath();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** This JVM's module path, then its class path, as one class path: what javac and javadoc compile against. */
    public static String classPath() {
        List<String> entries = new ArrayList<>();
        for (String property : List.of("jdk.module.path", "java.class.path")) {
            String value = System.getProperty(property);
            if (value != null && !value.isBlank()) {
                entries.add(value);
            }
        }
        return String.join(File.pathSeparator, entries);
    }
}
