package org.finstream.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Objects;
import org.finstream.config.FinstreamConfig;
import org.finstream.ingest.CsvLine;
import org.finstream.ingest.DeadLetterLog;
import org.finstream.ingest.InputKind;
import org.finstream.ingest.ReplayLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"Every field of one dead letter, its raw record (UTF-8 text, or a hex dump when it is not"
                + " UTF-8) with each CSV value next to its column name, and its replays."})
final class DlqShowCommand extends DlqSubcommand {
    @Parameters(paramLabel = "ID", converter = DlqConverters.Id.class,
            description = "The dead letter's <partition>:<offset>, as `dlq list` shows it")
    String id;

    @Override
    public Integer call() {
        FinstreamConfig c = config.load();
        DeadLetterLog.Entry e = DeadLetterLog.byIds(c.kafka, List.of(id)).get(0);
        List<ReplayLog.Replay> replays = ReplayLog.read(c.kafka).getOrDefault(id, List.of());
        PrintWriter out = out();
        new TextTable(2)
                .row("id", e.id() + " (" + c.kafka.topic("dead-letters") + "/" + e.id() + ")")
                .row("error code", e.errorCode())
                .row("message", e.message())
                .row("source", e.source())
                .row("key", e.key())
                .row("rejected at", e.rejectedAt())
                .row("operator", e.operator())
                .print(out);
        String text = Payloads.utf8(e.raw());
        out.println("raw (" + e.raw().length + " bytes" + (text == null ? ", not UTF-8):" : ", UTF-8):"));
        (text == null ? Payloads.hexDump(e.raw()) : text.lines().toList()).forEach(line -> out.println("  " + line));
        List<String> columns = columns(c, e.sourceTopic());
        if (text != null && columns != null && !text.strip().startsWith("{")) {
            printColumns(out, e.sourceTopic(), columns, CsvLine.split(text.strip()));
        }
        out.println("replays:" + (replays.isEmpty() ? " none" : ""));
        replays.forEach(r -> out.println("  " + r.replayedAt() + " -> " + r.target()));
        return 0;
    }

    /** Each CSV value next to its column name (values beyond the columns are "(extra)"). */
    private static void printColumns(PrintWriter out, String topic, List<String> columns, List<String> values) {
        if (values == null) {
            out.println("columns: none, a quote is not closed");
            return;
        }
        out.println("columns (" + topic + "):");
        TextTable table = new TextTable(2);
        for (int i = 0; i < values.size(); i++) {
            table.row("  " + (i < columns.size() ? columns.get(i) : "(extra)"), values.get(i));
        }
        table.print(out);
    }

    /** The canonical CSV columns of the input topic {@code topic}; null for a JSON-only or unknown topic. */
    private static List<String> columns(FinstreamConfig c, String topic) {
        return InputKind.ALL.stream().filter(k -> c.kafka.topic(k.defaultTopic()).equals(topic))
                .map(InputKind::columns).filter(Objects::nonNull).findFirst().orElse(null);
    }
}
