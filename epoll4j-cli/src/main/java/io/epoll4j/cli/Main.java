package io.epoll4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.util.concurrent.Callable;

/**
 * The {@code epoll4j} command, parsed with picocli: {@code --help} and {@code --version}
 * everywhere, one error style, and a bash completion script ({@code epoll4j completion}).
 *
 * {@snippet lang=sh :
 * ./epoll4j --help
 * ./epoll4j limits --json
 * ./epoll4j inspect 4242
 * source <(./epoll4j completion)
 * }
 *
 * <p>Exit codes: 0 success, 1 failure while running, 2 bad usage.
 */
@Command(name = "epoll4j", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        synopsisHeading = "usage: ", synopsisSubcommandLabel = "COMMAND",
        description = "All of Linux epoll for Java: an HTTP server, the kernel's epoll limits, "
                + "the epoll instances of a process, and the benchmark.",
        commandListHeading = "%nCommands:%n",
        footer = {"", "Run 'epoll4j COMMAND --help' for a command's options."},
        subcommands = {ServeCommand.class, LimitsCommand.class, InspectCommand.class, BenchCommand.class,
                CompletionCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    @Spec
    CommandSpec spec;

    Main() {}

    /**
     * Runs the command line and exits with its code.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** No command given: the usage, on stderr, is a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return USAGE;
    }

    /** Parses and runs {@code args}; what the command prints goes to {@code out} and {@code err}. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine line = commandLine(out, err);
        return line.execute(args);
    }

    /** The whole command tree, printing to {@code out} and {@code err}. */
    static CommandLine commandLine(PrintStream out, PrintStream err) {
        CommandLine line = new CommandLine(new Main());
        line.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        line.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        line.setParameterExceptionHandler(Main::badUsage);
        // An option given twice takes its last value, as Unix tools (and the hand parser before) do.
        line.setOverwrittenOptionsAllowed(true);
        line.getSubcommands().get("help").getCommandSpec().usageMessage()
                .description("the help of a command: epoll4j help serve");
        line.setExecutionExceptionHandler((e, failed, parsed) -> {
            failed.getErr().println(prefix(failed) + ": " + describe(e));
            return FAILED;
        });
        return line;
    }

    /** One style for every usage error: {@code epoll4j serve: --port needs a value (try epoll4j serve --help)}. */
    private static int badUsage(ParameterException e, String[] args) {
        CommandLine failed = e.getCommandLine();
        PrintWriter err = failed.getErr();
        String message = e.getMessage();
        boolean suggest = false;
        if (e instanceof UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
            String arg = unmatched.getUnmatched().getFirst();
            if (arg.startsWith("-")) {
                message = "unknown option " + arg;
            } else if (failed.getCommandSpec().parent() == null) {
                message = "unknown command '" + arg + "'";
            } else {
                message = "unexpected argument " + arg;
            }
            suggest = true;
        } else if (e instanceof MissingParameterException missing && !missing.getMissing().isEmpty()
                && missing.getMissing().getFirst() instanceof OptionSpec option) {
            message = option.longestName() + " needs a value";
        }
        err.println(prefix(failed) + ": " + message + " (try " + prefix(failed) + " --help)");
        if (suggest) {
            UnmatchedArgumentException.printSuggestions(e, err);   // "Did you mean: epoll4j serve?"
        }
        return USAGE;
    }

    private static String prefix(CommandLine command) {
        return command.getCommandSpec().qualifiedName();
    }

    /** What went wrong, in words: a path's exception says which path and why, not the path alone. */
    static String describe(Throwable e) {
        if (e instanceof AccessDeniedException denied) {
            return "permission denied (EACCES) reading " + denied.getFile();
        }
        if (e instanceof FileSystemException fs) {
            return fs.getFile() + ": " + (fs.getReason() != null ? fs.getReason() : fs.getClass().getSimpleName());
        }
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }

    /** The version of the jar: the module's version, set by the build. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"epoll4j " + version(),
                    "Java " + Runtime.version() + " (" + System.getProperty("java.vm.vendor") + "), "
                            + System.getProperty("os.name") + " " + System.getProperty("os.version")
                            + " " + System.getProperty("os.arch")};
        }

        static String version() {
            return Main.class.getModule().getDescriptor() != null
                    ? Main.class.getModule().getDescriptor().rawVersion().orElse("(unversioned build)")
                    : "(not run from its jar)";
        }
    }
}
