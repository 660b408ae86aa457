package org.finstream.runtime;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.finstream.config.FinstreamConfig;

/**
 * Flink environments with finstream's required settings: RocksDB with incremental
 * checkpoints, exactly-once checkpointing, explicit uids enforced and no Kryo.
 */
public final class FlinkEnvironments {
    private FlinkEnvironments() {}

    /** The settings every finstream job needs, on a MiniCluster or a real cluster alike. */
    public static Map<String, String> jobSettings(FinstreamConfig.Flink flink) {
        if (!List.of("rocksdb", "hashmap").contains(flink.stateBackend)) {
            throw new IllegalArgumentException("flink.state-backend must be rocksdb or hashmap, got '"
                    + flink.stateBackend + "'");
        }
        Map<String, String> m = new HashMap<>();
        m.put("state.backend.type", flink.stateBackend);
        m.put("execution.checkpointing.incremental", "true");
        m.put("execution.checkpointing.interval", flink.checkpointInterval.toMillis() + " ms");
        m.put("execution.checkpointing.mode", "EXACTLY_ONCE");
        m.put("pipeline.auto-generate-uids", "false");
        m.put("pipeline.generic-types", "false");
        m.put("parallelism.default", Integer.toString(flink.parallelism));
        return m;
    }

    /**
     * An in-process MiniCluster keeping checkpoints and savepoints under {@code stateDir}.
     * No restart strategy: a local run fails loudly instead of restarting forever.
     */
    public static StreamExecutionEnvironment local(FinstreamConfig.Flink flink, Path stateDir) {
        Map<String, String> m = jobSettings(flink);
        m.put("execution.checkpointing.dir", stateDir.resolve("checkpoints").toUri().toString());
        m.put("execution.checkpointing.savepoint-dir", stateDir.resolve("savepoints").toUri().toString());
        m.put("restart-strategy.type", "none");
        return StreamExecutionEnvironment.createLocalEnvironment(Configuration.fromMap(m));
    }

    /** The environment of whatever launched us ({@code flink run} on a cluster), with our job settings. */
    public static StreamExecutionEnvironment cluster(FinstreamConfig.Flink flink) {
        return StreamExecutionEnvironment.getExecutionEnvironment(Configuration.fromMap(jobSettings(flink)));
    }
}
