package org.finstream.cli;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.finstream.ingest.DeadLetterFilter;
import org.finstream.records.ErrorCode;
import picocli.CommandLine.Option;

/** The dead-letter filters of {@code dlq list}, {@code stats} and {@code replay}; given filters must all hold. */
public class DlqFilterOptions {
    @Option(names = "--topic", paramLabel = "SRC", description = "Only dead letters from this source topic")
    String topic;

    @Option(names = "--code", paramLabel = "CODE",
            description = "Only this error code (repeatable, any of them): ${COMPLETION-CANDIDATES}")
    List<ErrorCode> codes = new ArrayList<>();

    @Option(names = "--from", paramLabel = "TIME", converter = DlqConverters.Time.class,
            description = "Only dead letters rejected at or after TIME: an ISO instant (2024-03-04T14:30:00Z) or an"
                    + " ISO date (2024-03-04: the start of that day in UTC)")
    Instant from;

    @Option(names = "--to", paramLabel = "TIME", converter = DlqConverters.Time.class,
            description = "Only dead letters rejected before TIME (same forms as --from)")
    Instant to;

    @Option(names = "--key", paramLabel = "KEY", description = "Only dead letters with this record key")
    String key;

    DeadLetterFilter filter() {
        return new DeadLetterFilter(topic, new HashSet<>(codes), from, to, key);
    }
}
