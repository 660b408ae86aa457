package org.finstream.fetch;

import java.nio.charset.StandardCharsets;
import org.finstream.ingest.IngestDeserializer;
import org.finstream.ingest.InputKind;
import org.finstream.ingest.Parsed;
import org.finstream.records.DeadLetter;
import org.finstream.records.SourceRef;

/** Checks a record mapped from a response with the pipeline's own parser, so a fetcher never publishes what the pipeline would reject. */
final class Validation {
    private Validation() {}

    /**
     * The record to publish, or (in {@code rejected}) why not.
     *
     * @param request what it came from (method, masked URI, status), for the dead letter's message
     * @return true when the record is valid and was added to {@code out}
     */
    static boolean check(InputKind<?> kind, String key, String value, String request, FetchPublisher.Batch into) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        Parsed<?> parsed = IngestDeserializer.parse(kind, new SourceRef(kind.defaultTopic(), -1, -1, key, bytes));
        DeadLetter rejected = parsed.getDeadLetter();
        if (rejected == null) {
            into.records().add(new FetchPublisher.Out(kind.defaultTopic(), key, bytes));
            return true;
        }
        into.rejected().add(new FetchPublisher.Rejected(kind.defaultTopic(), key, bytes, rejected.getErrorCode(),
                request + ": " + rejected.getMessage()));
        return false;
    }
}
