package org.finstream.cli;

import java.io.PrintWriter;
import org.apache.kafka.common.errors.ProducerFencedException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code finstream} command line. */
@Command(name = "finstream", mixinStandardHelpOptions = true, version = "finstream 0.1.0",
        description = "Streaming market, fundamentals and portfolio analytics on Apache Flink.",
        subcommands = {DemoCommand.class, LocalCommand.class, GenerateCommand.class, ReplayCommand.class,
            RunCommand.class, BackfillCommand.class, SavepointCommand.class, StopCommand.class, StatusCommand.class,
            ImportEdgarCommand.class, DlqCommand.class, ReportCommand.class, ServeCommand.class, BenchCommand.class,
            FetchCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code (0 ok, 1 failed, 2 usage error). */
    public static int execute(String... args) {
        return execute(new CommandLine(new Main()), args);
    }

    /** The same, with the output and errors of commands that write to picocli's writers ({@code dlq}, {@code status}) going to these. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        return execute(new CommandLine(new Main()).setOut(out).setErr(err), args);
    }

    private static int execute(CommandLine cli, String... args) {
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            for (Throwable c = e; c != null; c = c.getCause()) {
                if (c instanceof ProducerFencedException) {
                    cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": stopped: another instance with the"
                            + " same transactional id has started and taken over (" + c.getMessage() + ")");
                    return 1;
                }
            }
            Throwable cause = e;
            while (cause.getCause() != null && !(cause instanceof IllegalArgumentException)) {
                cause = cause.getCause();
            }
            cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + (cause instanceof IllegalArgumentException
                    ? cause.getMessage() : e.toString()));
            if (!(cause instanceof IllegalArgumentException)) {
                e.printStackTrace(cmd.getErr());
            }
            return 1;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        throw missing("command", spec);
    }

    /** The usage error of a command run without one of its subcommands. */
    static CommandLine.ParameterException missing(String what, CommandLine.Model.CommandSpec spec) {
        return new CommandLine.ParameterException(spec.commandLine(), "missing " + what + ": pick one of "
                + String.join(", ", spec.subcommands().keySet()));
    }
}
