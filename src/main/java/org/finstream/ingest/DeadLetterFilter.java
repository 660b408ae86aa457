package org.finstream.ingest;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.function.Predicate;
import org.finstream.records.ErrorCode;

/**
 * Which dead letters a {@code dlq} command works on: every given condition holds (null or empty:
 * any). Rejected at in {@code [from, to)}.
 */
public record DeadLetterFilter(String sourceTopic, Set<ErrorCode> codes, Instant from, Instant to, String key)
        implements Predicate<DeadLetterLog.Entry> {
    public static final DeadLetterFilter ALL = new DeadLetterFilter(null, Set.of(), null, null, null);

    public DeadLetterFilter {
        codes = Set.copyOf(codes);
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("--from " + from + " must be before --to " + to);
        }
    }

    /** Whether this filter selects every dead letter. */
    public boolean isEmpty() {
        return equals(ALL);
    }

    @Override
    public boolean test(DeadLetterLog.Entry e) {
        return (sourceTopic == null || sourceTopic.equals(e.sourceTopic()))
                && (codes.isEmpty() || codes.stream().anyMatch(c -> c.name().equals(e.errorCode())))
                && (from == null || e.rejectedAt() != null && !e.rejectedAt().isBefore(from))
                && (to == null || e.rejectedAt() != null && e.rejectedAt().isBefore(to))
                && (key == null || key.equals(e.key()));
    }

    /** An ISO-8601 instant ({@code 2024-03-04T14:30:00Z}) or an ISO date, meaning the start of that day in UTC. */
    public static Instant parseTime(String text) {
        String t = text.strip();
        try {
            return t.contains("T") ? Instant.parse(t) : LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is neither an ISO instant (2024-03-04T14:30:00Z) nor"
                    + " an ISO date (2024-03-04, the start of that day in UTC)");
        }
    }
}
