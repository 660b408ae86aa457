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
        m.put("execution.buffer-timeout.interval", flink.bufferTimeout.toMillis() + " ms");
        // state size per operator and state (RocksDB column family); cheap property reads per report
        m.put("state.backend.rocksdb.metrics.estimate-num-keys", "true");
        m.put("state.backend.rocksdb.metrics.estimate-live-data-size", "true");
        m.put("state.backend.rocksdb.metrics.total-sst-files-size", "true");
        if (flink.restartAttempts < 0) {
            throw new IllegalArgumentException("flink.restart-attempts must be >= 0, got " + flink.restartAttempts);
        }
        if (flink.restartAttempts == 0) {
            m.put("restart-strategy.type", "none");
        } else {
            m.put("restart-strategy.type", "fixed-delay");
            m.put("restart-strategy.fixed-delay.attempts", Integer.toString(flink.restartAttempts));
            m.put("restart-strategy.fixed-delay.delay", flink.restartDelay.toMillis() + " ms");
        }
        return m;
    }

    /** An in-process MiniCluster keeping checkpoints and savepoints under {@code stateDir}. */
    public static StreamExecutionEnvironment local(FinstreamConfig.Flink flink, Path stateDir) {
        Map<String, String> m = jobSettings(flink);
        m.put("execution.checkpointing.dir", stateDir.resolve("checkpoints").toUri().toString());
        m.put("execution.checkpointing.savepoint-dir", stateDir.resolve("savepoints").toUri().toString());
        inProcess(flink, m);
        return StreamExecutionEnvironment.createLocalEnvironment(Configuration.fromMap(m));
    }

    /**
     * The environment of whatever launched us ({@code flink run} on a cluster, else an in-process
     * MiniCluster whose REST endpoint listens on {@code flink.rest-port}), with our job settings,
     * checkpoints and savepoints under {@code flink.state-dir} when it is set, and restored from
     * {@code restoreFrom} (a savepoint or retained checkpoint path) when it is not null.
     */
    public static StreamExecutionEnvironment job(FinstreamConfig.Flink flink, String restoreFrom) {
        Map<String, String> m = jobSettings(flink);
        if (flink.stateDir != null && !flink.stateDir.isBlank()) {
            Path dir = Path.of(flink.stateDir).toAbsolutePath();
            m.put("execution.checkpointing.dir", dir.resolve("checkpoints").toUri().toString());
            m.put("execution.checkpointing.savepoint-dir", dir.resolve("savepoints").toUri().toString());
        }
        if (restoreFrom != null) {
            m.put("execution.state-recovery.path", restoreFrom);
        }
        m.put("rest.bind-port", Integer.toString(flink.restPort));
        inProcess(flink, m); // ignored by a cluster, which has its own
        m.put("rest.port", Integer.toString(flink.restPort));
        return StreamExecutionEnvironment.getExecutionEnvironment(Configuration.fromMap(m));
    }

    /** Settings of an in-process MiniCluster: managed memory and the Prometheus reporter. */
    private static void inProcess(FinstreamConfig.Flink flink, Map<String, String> m) {
        m.put("taskmanager.memory.managed.size", flink.managedMemory);
        if (flink.metricsPort != null && !flink.metricsPort.isBlank()) {
            m.put("metrics.reporter.prom.factory.class", "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
            m.put("metrics.reporter.prom.port", flink.metricsPort);
        }
    }
}
