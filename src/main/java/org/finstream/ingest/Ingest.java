package org.finstream.ingest;

import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.finstream.config.FinstreamConfig;
import org.finstream.records.DeadLetter;
import org.finstream.records.InputEvent;

/**
 * The ingest stage of one input topic: source with per-partition watermarks, parse and
 * validate, then keyed duplicate and lateness checks. Rejected records of every step are
 * added to {@code deadLetters}.
 */
public final class Ingest {
    private Ingest() {}

    /**
     * @param correctionWindow for records a later stage corrects closed results with, how much
     *                         further behind the watermark they are still accepted; null for others
     */
    public static <T extends InputEvent> DataStream<T> accepted(StreamExecutionEnvironment env, InputKind<T> kind,
            Source<Parsed<T>, ?, ?> source, FinstreamConfig.Ingest settings, Duration correctionWindow,
            List<DataStream<DeadLetter>> deadLetters) {
        String name = kind.defaultTopic();
        long lateness = settings.allowedLateness.toMillis();
        long flush = settings.idleFlush.toMillis();
        long idle = settings.idleTimeout.toMillis();
        WatermarkStrategy<Parsed<T>> watermarks = WatermarkStrategy
                .<Parsed<T>>forGenerator(ctx -> new LatenessWatermarks<>(lateness, flush, idle, kind.dated(),
                        ctx.getInputActivityClock()::relativeTimeMillis))
                .withTimestampAssigner((parsed, previous) -> parsed.eventTime());

        SingleOutputStreamOperator<T> valid = env.fromSource(source, watermarks, "source-" + name, kind.parsedType())
                .uid("source-" + name)
                .process(new SplitParsed<T>(name), kind.type())
                .name("parse-" + name)
                .uid("parse-" + name);
        SingleOutputStreamOperator<T> accepted = valid
                .keyBy(InputEvent::entityKey, Types.STRING)
                .process(new AcceptFunction<T>(name, settings.dedupRetention, settings.intradayDedupRetention,
                        correctionWindow), kind.type())
                .name("accept-" + name)
                .uid("accept-" + name);
        deadLetters.add(valid.getSideOutput(AcceptFunction.DEAD_LETTERS));
        deadLetters.add(accepted.getSideOutput(AcceptFunction.DEAD_LETTERS));
        return accepted;
    }
}
