package org.finstream.cli;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.finstream.config.FinstreamConfig;
import org.finstream.ingest.Replay;
import org.finstream.runtime.Backfill;
import org.finstream.runtime.Schema;
import org.finstream.runtime.Topics;
import org.finstream.sinks.StoreSinks;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "backfill", mixinStandardHelpOptions = true,
        description = {"Re-run history: run the pipeline over the input topics from their beginning (after"
                + " publishing --data DIR to them, or as they are with --from-kafka), stop it with a savepoint"
                + " once it has caught up, and print the savepoint's path for `run --from-savepoint`. Results"
                + " are upserted over the tables' rows, so a corrected history needs no clean-up."})
final class BackfillCommand implements Callable<Integer> {
    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    static final class Input {
        @Option(names = "--data", paramLabel = "DIR", required = true,
                description = "Publish this folder's input files to the input topics, then backfill")
        Path data;

        @Option(names = "--from-kafka", required = true, description = "Backfill what the input topics hold")
        boolean fromKafka;
    }

    @Option(names = "--until", paramLabel = "TIME",
            description = "Only records published before this ISO-8601 instant, e.g. 2026-11-20T21:00:00Z"
                    + " (default: everything in the topics when the backfill starts)")
    Instant until;

    @Option(names = "--savepoint-dir", paramLabel = "DIR", required = true, description = "Where the savepoint goes")
    Path savepointDir;

    @Mixin
    ConfigOptions config;

    @Override
    public Integer call() throws Exception {
        FinstreamConfig c = config.load();
        if (input.data != null) {
            Replay.inputFiles(input.data); // a bad folder is reported before connecting to anything
        }
        Topics.ensure(c.kafka);
        Schema.apply(c);
        String path = Backfill.run(c, input.data, until, savepointDir, StoreSinks.forBackfill(c), System.err);
        System.out.println("savepoint: " + path);
        return 0;
    }
}
