package io.epoll4j.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code inspect} of another user's process, as an unprivileged user: the message says it is
 * a permission problem and on which path, not the bare path. The CLI runs as {@code nobody}
 * (setpriv(1)) against this test JVM, which runs as root (as CI does; elsewhere the test is
 * skipped, since only root can switch users).
 */
class InspectPermissionTest {
    @Test
    void anotherUsersProcessIsAPermissionProblemNamingThePath(@TempDir Path tmp) throws Exception {
        assumeTrue(isRoot(), "needs root to run the CLI as nobody");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs setpriv (util-linux)");
        long pid = ProcessHandle.current().pid();
        List<String> command = new ArrayList<>(List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534",
                "--clear-groups"));
        command.addAll(CliProcess.command(CliProcess.modulePathReadableByAll(tmp), "inspect", Long.toString(pid)));
        Process p = new ProcessBuilder(command).directory(tmp.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "inspect did not finish");
        assertEquals(1, p.exitValue(), output);
        assertTrue(output.contains("permission denied (EACCES) reading /proc/" + pid + "/fd"), output);
        assertTrue(output.contains("run as that user or as root"), output);
    }

    private static boolean isRoot() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("Uid:")) {
                return line.split("\\s+")[2].equals("0");   // the effective uid
            }
        }
        return false;
    }
}
