package org.finstream.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code finstream} command line. */
@Command(name = "finstream", mixinStandardHelpOptions = true, version = "finstream 0.1.0",
        description = "Streaming market, fundamentals and portfolio analytics on Apache Flink.",
        subcommands = {DemoCommand.class, LocalCommand.class, GenerateCommand.class, ReplayCommand.class,
            RunCommand.class, BackfillCommand.class, SavepointCommand.class, StopCommand.class, StatusCommand.class,
            ImportEdgarCommand.class, ReportCommand.class, ServeCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code (0 ok, 1 failed, 2 usage error). */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            Throwable cause = e;
            while (cause.getCause() != null && !(cause instanceof IllegalArgumentException)) {
                cause = cause.getCause();
            }
            cmd.getErr().println("finstream " + cmd.getCommandName() + ": " + (cause instanceof IllegalArgumentException
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
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: pick one of "
                + String.join(", ", spec.subcommands().keySet()));
    }
}
