package io.epoll4j.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code epoll4j} command.
 *
 * {@snippet lang=sh :
 * ./epoll4j limits --json
 * ./epoll4j inspect 4242
 * }
 *
 * <p>Exit codes: 0 success, 1 failure while running, 2 bad usage.
 */
public final class Main {
    /** A subcommand: runs with its own arguments and returns the exit code. */
    interface Command {
        int run(String[] args, PrintStream out, PrintStream err) throws Exception;

        String summary();
    }

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private static final Map<String, Command> COMMANDS = new TreeMap<>(Map.of(
            "limits", new LimitsCommand(),
            "inspect", new InspectCommand()));

    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            usage(args.length == 0 ? err : out);
            return args.length == 0 ? USAGE : OK;
        }
        Command command = COMMANDS.get(args[0]);
        if (command == null) {
            err.println("epoll4j: unknown command '" + args[0] + "'");
            usage(err);
            return USAGE;
        }
        try {
            return command.run(Arrays.copyOfRange(args, 1, args.length), out, err);
        } catch (UsageException e) {
            err.println("epoll4j " + args[0] + ": " + e.getMessage());
            return USAGE;
        } catch (Exception e) {
            err.println("epoll4j " + args[0] + ": " + e.getMessage());
            return FAILED;
        }
    }

    private static void usage(PrintStream out) {
        out.println("usage: epoll4j <command> [options]   (epoll4j <command> --help for more)");
        out.println();
        COMMANDS.forEach((name, c) -> out.printf("  %-8s %s%n", name, c.summary()));
    }

    /** Bad arguments: exit code 2. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
