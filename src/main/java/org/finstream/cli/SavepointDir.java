package org.finstream.cli;

import picocli.CommandLine.Option;

/** {@code --dir}: where {@code savepoint} and {@code stop} write the savepoint. */
public class SavepointDir {
    @Option(names = "--dir", paramLabel = "DIR",
            description = "Savepoint directory (default: the job's execution.checkpointing.savepoint-dir)")
    String dir;
}
