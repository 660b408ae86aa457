package org.finstream.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.finstream.config.FinstreamConfig;
import org.finstream.ingest.DeadLetterFilter;
import org.finstream.ingest.DeadLetterLog;
import org.finstream.ingest.DeadLetterReplay;
import org.finstream.ingest.ReplayLog;
import org.finstream.runtime.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Publish the selected dead letters' raw records, with their original keys, back to their source"
                + " topic (or --to-topic) for the job to process again, with a header finstream.replay.of, and record"
                + " each replay in the dead-letter-replays topic, all in one Kafka transaction. Dead letters already"
                + " replayed are skipped unless --force. Select with IDs, filters (both must hold) or --all."})
final class DlqReplayCommand extends DlqSubcommand {
    @Parameters(paramLabel = "ID", arity = "0..*", converter = DlqConverters.Id.class,
            description = "Dead letters to replay, <partition>:<offset> as `dlq list` shows them")
    List<String> ids = new ArrayList<>();

    @Mixin
    DlqFilterOptions filters;

    @Option(names = "--all", description = "Every dead letter (not replayed yet, unless --force)")
    boolean all;

    @Option(names = "--dry-run", description = "Print what would be replayed; publish nothing")
    boolean dryRun;

    @Option(names = "--force", description = "Replay dead letters that were already replayed, again")
    boolean force;

    @Option(names = "--to-topic", paramLabel = "T", description = "Publish to this topic instead of the source topics")
    String toTopic;

    @Override
    public Integer call() throws Exception {
        DeadLetterFilter filter = filters.filter();
        boolean selected = !ids.isEmpty() || !filter.isEmpty();
        if (all == selected) {
            throw usage(all
                    ? "--all replays every dead letter: give it without IDs or filters"
                    : "say what to replay: IDs, a filter (--topic, --code, --from, --to, --key) or --all");
        }
        FinstreamConfig c = config.load();
        List<DeadLetterLog.Entry> chosen = ids.isEmpty() ? DeadLetterLog.read(c.kafka, filter)
                : DeadLetterLog.byIds(c.kafka, ids).stream().filter(filter).toList();
        PrintWriter out = out();
        if (dryRun) {
            DeadLetterReplay.Plan plan = DeadLetterReplay.plan(chosen, ReplayLog.read(c.kafka), force, toTopic);
            plan.replay().forEach(e -> out.println("would replay " + e.id() + " (" + e.errorCode() + ", key "
                    + e.key() + ", from " + e.source() + ") to " + plan.target(e)));
            report(out, plan, "would replay", "would skip");
            return 0;
        }
        Topics.ensure(c.kafka);
        try (DeadLetterReplay replay = DeadLetterReplay.open(c.kafka)) {
            DeadLetterReplay.Plan plan = DeadLetterReplay.plan(chosen, replay.log(), force, toTopic);
            replay.execute(plan);
            report(out, plan, "replayed", "skipped");
        }
        return 0;
    }

    private static void report(PrintWriter out, DeadLetterReplay.Plan plan, String replayed, String skipped) {
        Map<String, Long> perTopic = plan.replay().stream()
                .collect(Collectors.groupingBy(plan::target, TreeMap::new, Collectors.counting()));
        out.println(replayed + " " + deadLetters(plan.replay().size()));
        TextTable table = new TextTable(1);
        perTopic.forEach((topic, n) -> table.row("  " + topic, n));
        table.print(out);
        out.println(skipped + " " + plan.skipped().size() + " already replayed"
                + (plan.skipped().isEmpty() ? "" : " (--force replays them again)"));
    }
}
