package org.finstream.cli;

import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.client.JobStatusMessage;
import picocli.CommandLine.Option;

/** {@code --rest-url} and {@code --job}: which running job {@code savepoint}, {@code stop} and {@code status} act on. */
public class JobOptions {
    @Option(names = "--rest-url", paramLabel = "URL", defaultValue = "http://localhost:8081",
            description = "REST endpoint of the Flink cluster or of `finstream run` (default: ${DEFAULT-VALUE})")
    URI restUrl;

    @Option(names = "--job", paramLabel = "ID", description = "Job id (default: the one running job)")
    String jobId;

    RestClusterClient<String> connect() throws Exception {
        if (restUrl.getHost() == null || restUrl.getPort() < 0) {
            throw new IllegalArgumentException("--rest-url must be http://HOST:PORT, got " + restUrl);
        }
        Configuration conf = new Configuration();
        conf.set(RestOptions.ADDRESS, restUrl.getHost());
        conf.set(RestOptions.PORT, restUrl.getPort());
        conf.set(RestOptions.RETRY_MAX_ATTEMPTS, 2); // fail in seconds when nothing listens, not after a minute
        conf.set(RestOptions.RETRY_DELAY, Duration.ofMillis(500));
        return new RestClusterClient<>(conf, "finstream");
    }

    /** The given job, or the only running one. */
    JobID job(RestClusterClient<String> client) throws Exception {
        if (jobId != null) {
            try {
                return JobID.fromHexString(jobId);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--job: '" + jobId + "' is not a Flink job id (32 hex digits)");
            }
        }
        Collection<JobStatusMessage> jobs = client.listJobs().get();
        List<JobStatusMessage> running = jobs.stream().filter(j -> !j.getJobState().isGloballyTerminalState()).toList();
        if (running.size() != 1) {
            throw new IllegalArgumentException((running.isEmpty() ? "no running job" : running.size() + " running jobs")
                    + " at " + restUrl + "; pick one with --job: " + jobs.stream()
                    .map(j -> j.getJobId() + " " + j.getJobName() + " " + j.getJobState()).toList());
        }
        return running.get(0).getJobId();
    }
}
