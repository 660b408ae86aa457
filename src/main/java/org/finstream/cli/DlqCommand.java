package org.finstream.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "dlq", mixinStandardHelpOptions = true,
        description = {"Inspect and replay dead letters: the dead-letter topic of the configured Kafka, read from its"
                + " beginning (read_committed), and the replay log in the dead-letter-replays topic."},
        subcommands = {DlqListCommand.class, DlqStatsCommand.class, DlqShowCommand.class, DlqReplayCommand.class})
final class DlqCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw Main.missing("subcommand", spec);
    }
}
