package io.epoll4j.cli;

import io.epoll4j.fd.Kernel;
import io.epoll4j.poll.Poller;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void noArgumentsPrintsUsageAndExitsTwo() {
        assertEquals(2, run());
        assertTrue(err().contains("usage: epoll4j"), err());
        assertTrue(err().contains("serve") && err().contains("limits") && err().contains("inspect"), err());
    }

    @Test
    void helpListsEveryCommandAndExitsZero() {
        assertEquals(0, run("--help"));
        for (String command : new String[] {"serve", "limits", "inspect", "bench", "completion", "help"}) {
            assertTrue(out().contains("\n  " + command + " "), command + " missing in\n" + out());
        }
    }

    @Test
    void versionPrintsTheVersionOfTheBuild() {
        assertEquals(0, run("--version"));
        assertTrue(out().startsWith("epoll4j "), out());
        assertTrue(out().contains("Java " + Runtime.version().feature()), out());
        out.reset();
        assertEquals(0, run("serve", "--version"), "every command takes --version");
        assertTrue(out().startsWith("epoll4j "), out());
    }

    @Test
    void aMistypedCommandGetsASuggestion() {
        assertEquals(2, run("serv"));
        assertTrue(err().contains("unknown command 'serv'"), err());
        assertTrue(err().contains("Did you mean: epoll4j serve?"), err());
    }

    @Test
    void benchHelpSaysHowLongARunTakesAndRunsNothing() {
        // No epoll4j.home here: if --help tried to run bench/run.sh, it would fail.
        assertEquals(0, run("bench", "--help"));
        assertTrue(out().startsWith("usage: epoll4j bench"), out());
        String text = out().replaceAll("\\s+", " "); // picocli wraps the description
        assertTrue(text.contains("about an hour") && text.contains("about 2.5 minutes"), out());
        assertTrue(out().contains("--quick") && out().contains("--servers"), out());
    }

    @Test
    void benchOutsideACheckoutSaysWhereItRuns() {
        assertEquals(1, run("bench", "--quick"));
        assertTrue(err().contains("runs from a checkout of epoll4j"), err());
    }

    @Test
    void completionScriptCompletesEveryCommand() {
        assertEquals(0, run("completion"));
        String script = out();
        assertTrue(script.startsWith("#!/usr/bin/env bash"), script);
        assertTrue(script.contains("complete -F _complete_epoll4j -o default epoll4j"), script);
        assertTrue(script.contains("complete -F _complete_epoll4j -o default ./epoll4j"), script);
        for (String word : new String[] {"serve", "limits", "inspect", "bench", "--access-log", "--json"}) {
            assertTrue(script.contains(word), word + " missing in the completion script");
        }
    }

    @Test
    void unknownCommandExitsTwoNamingIt() {
        assertEquals(2, run("frobnicate"));
        assertTrue(err().contains("unknown command 'frobnicate'"), err());
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : new String[] {"limits", "inspect", "serve", "bench", "completion"}) {
            out.reset();
            assertEquals(0, run(command, "--help"), command);
            assertTrue(out().startsWith("usage: epoll4j " + command), out());
        }
    }

    @Test
    void limitsPrintsWhatTheKernelSays() {
        assertEquals(0, run("limits"));
        assertTrue(out().contains(Kernel.release()), out());
        assertTrue(out().contains(Long.toString(Kernel.maxUserWatches())), out());
        assertTrue(out().contains("struct epoll_event   " + Kernel.epollEventSize() + " bytes"), out());
    }

    @Test
    void limitsJsonIsOneObjectWithEveryFact() {
        assertEquals(0, run("limits", "--json"));
        String json = out().trim();
        assertTrue(json.startsWith("{") && json.endsWith("}"), json);
        for (String key : new String[] {"kernel", "max_user_watches", "rlimit_nofile_soft", "rlimit_nofile_hard",
                "epoll_event_size", "epoll_event_data_offset", "epoll_pwait2", "epollexclusive", "epiocsparams"}) {
            assertTrue(json.contains("\"" + key + "\":"), key + " missing in " + json);
        }
        assertTrue(json.contains("\"epoll_pwait2\":" + Kernel.hasEpollPwait2()), json);
    }

    @Test
    void limitsRefusesAnUnknownOption() {
        assertEquals(2, run("limits", "--yaml"));
        assertTrue(err().contains("unknown option --yaml"), err());
    }

    @Test
    void inspectShowsThisProcessesPollerAndWhatItWatches() throws Exception {
        try (Poller poller = Poller.open(); io.epoll4j.poll.Waker waker = new io.epoll4j.poll.Waker(poller, 1L)) {
            assertEquals(0, run("inspect", Long.toString(ProcessHandle.current().pid())));
            String text = out();
            assertTrue(text.contains("epoll fd " + poller.fd() + ": 1 watched"), text);
            // The kernel keeps EPOLLERR|EPOLLHUP in the stored mask too: check the flags we asked for.
            assertTrue(text.contains("anon_inode:[eventfd]") && text.contains("EPOLLIN|") && text.contains("EPOLLET"), text);
        }
    }

    @Test
    void inspectWithoutPidIsAUsageError() {
        assertEquals(2, run("inspect"));
        assertTrue(err().contains("which process?"), err());
    }

    @Test
    void inspectSaysThePidMustBeANumber() {
        assertEquals(2, run("inspect", "abc"));
        assertTrue(err().contains("the PID must be a number: abc"), err());
    }

    @Test
    void inspectOfAMissingProcessFails() {
        assertEquals(1, run("inspect", "999999999"));
        assertTrue(err().contains("no process 999999999"), err());
    }

    @Test
    void serveRejectsABadPortBeforeBinding() {
        assertEquals(2, run("serve", "--port", "70000"));
        assertTrue(err().contains("--port must be between 0 and 65535"), err());
        err.reset();
        assertEquals(2, run("serve", "--threads", "two"));
        assertTrue(err().contains("--threads takes a number"), err());
        err.reset();
        assertEquals(2, run("serve", "--port"));
        assertTrue(err().contains("--port needs a value"), err());
    }

    @Test
    void serveNamesTheLargestBodyLimitItTakes() {
        long largest = io.epoll4j.http.ParserLimits.DEFAULT.largestMaxBody();
        assertEquals(2, run("serve", "--max-body", Integer.toString(Integer.MAX_VALUE)));
        assertTrue(err().contains("--max-body must be between 0 and " + largest), err());
    }

    @Test
    void serveRefusesARootThatIsNotADirectory() {
        assertEquals(1, run("serve", "--root", "/nonexistent/dir", "--port", "0"));
        assertTrue(err().contains("is not a directory"), err());
    }
}
