package org.finstream.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.finstream.config.FinstreamConfig;
import org.finstream.ingest.DeadLetterLog;
import org.finstream.ingest.ReplayLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "stats", mixinStandardHelpOptions = true,
        description = {"Dead letters counted by error code (rows) and source topic (columns), with totals and how"
                + " many of each code were already replayed."})
final class DlqStatsCommand extends DlqSubcommand {
    @Mixin
    DlqFilterOptions filters;

    @Override
    public Integer call() {
        FinstreamConfig c = config.load();
        List<DeadLetterLog.Entry> entries = DeadLetterLog.read(c.kafka, filters.filter());
        Set<String> replayed = ReplayLog.read(c.kafka).keySet();
        Set<String> topics = new TreeSet<>();
        Map<String, List<DeadLetterLog.Entry>> byCode = new TreeMap<>();
        for (DeadLetterLog.Entry e : entries) {
            topics.add(String.valueOf(e.sourceTopic()));
            byCode.computeIfAbsent(String.valueOf(e.errorCode()), k -> new ArrayList<>()).add(e);
        }
        List<Object> header = new ArrayList<>(List.of("code"));
        header.addAll(topics);
        header.addAll(List.of("total", "replayed"));
        TextTable table = new TextTable(1).row(header.toArray());
        byCode.forEach((code, ofCode) -> table.row(row(code, ofCode, topics, replayed)));
        table.row(row("total", entries, topics, replayed));
        table.print(out());
        return 0;
    }

    /** A label, the count per topic ("-" for none), the total and the replayed count. */
    private static Object[] row(String label, List<DeadLetterLog.Entry> entries, Set<String> topics, Set<String> replayed) {
        List<Object> cells = new ArrayList<>(List.of(label));
        for (String topic : topics) {
            long n = count(entries, e -> topic.equals(String.valueOf(e.sourceTopic())));
            cells.add(n == 0 ? "-" : n);
        }
        cells.add(entries.size());
        cells.add(count(entries, e -> replayed.contains(e.id())));
        return cells.toArray();
    }

    private static long count(List<DeadLetterLog.Entry> entries, Predicate<DeadLetterLog.Entry> p) {
        return entries.stream().filter(p).count();
    }
}
