package org.finstream.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.finstream.config.FinstreamConfig;
import org.finstream.ingest.Replay;
import org.finstream.runtime.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Publish every input file of a folder to its Kafka topic in event-time order."})
final class ReplayCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, paramLabel = "DIR",
            description = "Folder of prices*.csv, corporate_actions*.csv, reference*.csv, trades*.csv, filings*.jsonl")
    Path data;

    @Option(names = "--rate", paramLabel = "N", defaultValue = "0",
            description = "Records per second (default: as fast as possible)")
    double rate;

    @Mixin
    ConfigOptions config;

    @Override
    public Integer call() throws Exception {
        if (rate < 0) {
            throw new IllegalArgumentException("--rate must be >= 0, got " + rate);
        }
        FinstreamConfig c = config.load();
        Topics.ensure(c.kafka);
        Replay.Summary s = Replay.run(data, c.kafka, rate, (sent, total, ms) -> System.err.printf(
                "  %,d / %,d records (%.0f%%), %,.0f records/s, ETA %.0f s%n", sent, total, 100.0 * sent / Math.max(1, total),
                sent * 1000.0 / Math.max(1, ms), sent == 0 ? 0 : (total - sent) * (ms / 1000.0) / sent));
        s.recordsPerTopic().forEach((t, n) -> System.out.printf("%-20s %,12d%n", t, n));
        System.out.printf("published %,d records in %.1f s%n", s.total(), s.elapsedMillis() / 1000.0);
        return 0;
    }
}
