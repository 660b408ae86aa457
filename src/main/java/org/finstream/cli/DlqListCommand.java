package org.finstream.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import org.finstream.config.FinstreamConfig;
import org.finstream.ingest.DeadLetterLog;
import org.finstream.ingest.ReplayLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"One line per dead letter, oldest rejection first: id (<partition>:<offset> in the dead-letter"
                + " topic), rejected at, error code, source topic/partition@offset, key, message, and whether it was"
                + " replayed."})
final class DlqListCommand extends DlqSubcommand {
    private static final int KEY_WIDTH = 20;
    private static final int MESSAGE_WIDTH = 60;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Mixin
    DlqFilterOptions filters;

    @Option(names = "--limit", paramLabel = "N", description = "Only the first (oldest) N")
    Integer limit;

    @Option(names = "--json", description = "One JSON object per line, with every field and the raw record")
    boolean json;

    @Override
    public Integer call() {
        if (limit != null && limit < 1) {
            throw usage("--limit must be at least 1, got " + limit);
        }
        FinstreamConfig c = config.load();
        List<DeadLetterLog.Entry> entries = DeadLetterLog.read(c.kafka, filters.filter());
        List<DeadLetterLog.Entry> shown = limit == null ? entries : entries.subList(0, Math.min(limit, entries.size()));
        Map<String, List<ReplayLog.Replay>> replays = ReplayLog.read(c.kafka);
        PrintWriter out = out();
        if (json) {
            shown.forEach(e -> out.println(json(e, replays.getOrDefault(e.id(), List.of()))));
            return 0;
        }
        TextTable table = new TextTable(7).row("id", "rejected_at", "code", "source", "key", "message", "replayed");
        for (DeadLetterLog.Entry e : shown) {
            table.row(e.id(), e.rejectedAt(), e.errorCode(), e.source(), shorten(e.key(), KEY_WIDTH),
                    shorten(e.message(), MESSAGE_WIDTH),
                    replays.containsKey(e.id()) ? "replayed" : "");
        }
        table.print(out);
        out.println(deadLetters(shown.size()) + (shown.size() < entries.size() ? " (of " + entries.size() + ")" : ""));
        return 0;
    }

    /** On one line, cut to {@code width} characters. */
    private static String shorten(String text, int width) {
        String oneLine = text == null ? null : text.replaceAll("\\s+", " ");
        return oneLine == null || oneLine.length() <= width ? oneLine : oneLine.substring(0, width - 3) + "...";
    }

    /** Every field; the raw record as {@code raw} (UTF-8 text) or, when it is not UTF-8, {@code raw_base64}. */
    private static String json(DeadLetterLog.Entry e, List<ReplayLog.Replay> replays) {
        ObjectNode node = JSON.createObjectNode()
                .put("id", e.id())
                .put("rejected_at", e.rejectedAt() == null ? null : e.rejectedAt().toString())
                .put("error_code", e.errorCode())
                .put("source_topic", e.sourceTopic())
                .put("source_partition", e.sourcePartition())
                .put("source_offset", e.sourceOffset())
                .put("key", e.key())
                .put("message", e.message())
                .put("operator", e.operator());
        String text = Payloads.utf8(e.raw());
        if (text == null) {
            node.put("raw_base64", e.raw());
        } else {
            node.put("raw", text);
        }
        node.put("replayed", !replays.isEmpty());
        replays.forEach(r -> node.withArray("replays").addObject()
                .put("replayed_at", r.replayedAt().toString()).put("target", r.target()));
        return node.toString();
    }
}
