package org.finstream.cli;

import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.finstream.config.FinstreamConfig;
import org.finstream.ingest.KafkaInputSources;
import org.finstream.jobs.MarketPipeline;
import org.finstream.runtime.FlinkEnvironments;
import org.finstream.runtime.Schema;
import org.finstream.runtime.Topics;
import org.finstream.sinks.StoreSinks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run the live (unbounded) pipeline against the configured Kafka and PostgreSQL. Under"
                + " `flink run` it is submitted to that cluster; started directly it runs on an in-process"
                + " MiniCluster whose REST endpoint (flink.rest-port) takes `savepoint` and `stop`."})
final class RunCommand implements Callable<Integer> {
    @Option(names = "--no-init", description = "Do not create missing topics or apply sql/schema.sql first")
    boolean noInit;

    @Option(names = "--from-savepoint", paramLabel = "PATH",
            description = "Start from this savepoint (e.g. the one `backfill` printed): state and source offsets"
                    + " continue where it was taken")
    String fromSavepoint;

    @Mixin
    ConfigOptions config;

    @Override
    public Integer call() throws Exception {
        FinstreamConfig c = config.load();
        if (!noInit) {
            Topics.ensure(c.kafka);
            Schema.apply(c);
        }
        StreamExecutionEnvironment env = FlinkEnvironments.job(c.flink, fromSavepoint);
        MarketPipeline.build(env, new KafkaInputSources(c.kafka, false), new StoreSinks(c), c);
        env.execute("finstream");
        return 0;
    }
}
