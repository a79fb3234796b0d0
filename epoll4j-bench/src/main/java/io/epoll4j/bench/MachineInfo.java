package io.epoll4j.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the numbers were measured on: CPU, cores, kernel, JDK and the tools' versions. */
final class MachineInfo {

    private MachineInfo() {}

    /** Ordered name → value pairs for the report. */
    static Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("cpu", cpuModel());
        m.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        m.put("kernel", read("/proc/sys/kernel/osrelease") + " (" + System.getProperty("os.arch") + ")");
        m.put("jdk", System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version"));
        m.put("wrk", firstLine("wrk", "-v"));
        m.put("nginx", firstLine("/usr/sbin/nginx", "-v"));
        m.put("gcc", firstLine("gcc", "--version"));
        return m;
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                // x86 says "model name"; many aarch64 kernels only give "CPU part".
                if (line.startsWith("model name") || line.startsWith("Model")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (Exception ignored) {
            // fall through
        }
        return firstLine("uname", "-m");
    }

    private static String read(String path) {
        try {
            return Files.readString(Path.of(path)).trim();
        } catch (Exception e) {
            return "?";
        }
    }

    private static String firstLine(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            p.waitFor();
            return out.isEmpty() ? "?" : out.lines().findFirst().orElse("?");
        } catch (Exception e) {
            return "not installed";
        }
    }
}
