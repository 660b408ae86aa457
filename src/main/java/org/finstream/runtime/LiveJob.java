package org.finstream.runtime;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.finstream.config.FinstreamConfig;
import org.finstream.ingest.InputSources;
import org.finstream.jobs.MarketPipeline;
import org.finstream.sinks.ResultSinks;

/**
 * The unbounded pipeline submitted without waiting for it ({@code flink run}'s cluster, or an
 * in-process MiniCluster), so that its caller can watch it, take savepoints and stop it.
 */
public final class LiveJob implements AutoCloseable {
    private final JobClient client;

    private LiveJob(JobClient client) {
        this.client = client;
    }

    /**
     * @param restoreFrom a savepoint (or retained checkpoint) to start from, or null for a fresh
     *                    start; the sources then continue at the offsets it holds
     */
    public static LiveJob start(FinstreamConfig config, InputSources sources, ResultSinks sinks, String restoreFrom,
                                String name) throws Exception {
        StreamExecutionEnvironment env = FlinkEnvironments.job(config.flink, restoreFrom);
        MarketPipeline.build(env, sources, sinks, config);
        return new LiveJob(env.executeAsync(name));
    }

    public JobID id() {
        return client.getJobID();
    }

    /**
     * Whether the job has ended (an in-process MiniCluster shuts down with its job, so this asks
     * the job's result rather than its status); throws the job's failure if it failed.
     */
    public boolean ended() throws Exception {
        CompletableFuture<JobExecutionResult> result = client.getJobExecutionResult();
        if (!result.isDone()) {
            return false;
        }
        result.get();
        return true;
    }

    /** A savepoint in canonical format under {@code dir}; the job goes on. Returns its path. */
    public String savepoint(Path dir) throws Exception {
        return client.triggerSavepoint(dir.toAbsolutePath().toUri().toString(), SavepointFormatType.CANONICAL).get();
    }

    /**
     * Stops the job with a savepoint in canonical format under {@code dir}, without draining (days
     * not closed yet stay open in the savepoint, so a job restored from it goes on with them), and
     * waits until the job has ended.
     */
    public String stopWithSavepoint(Path dir) throws Exception {
        String path = client.stopWithSavepoint(false, dir.toAbsolutePath().toUri().toString(),
                SavepointFormatType.CANONICAL).get();
        client.getJobExecutionResult().get();
        return path;
    }

    /** Cancels the job if it still runs. */
    @Override
    public void close() throws Exception {
        if (!client.getJobExecutionResult().isDone()) {
            client.cancel().get(60, TimeUnit.SECONDS);
        }
    }
}
