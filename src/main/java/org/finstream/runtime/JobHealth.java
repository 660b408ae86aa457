package org.finstream.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Health and readiness of a running job, read from Flink's REST API (the same endpoints a
 * person would curl): the job's state and tasks, its restarts and its checkpoints.
 *
 * <ul>
 *   <li>ready: the job is RUNNING and every task is running (or finished, for a bounded source);</li>
 *   <li>healthy: ready, and a checkpoint completed within {@code maxCheckpointAge} (a job younger
 *       than that may not have one yet): a job that stopped checkpointing cannot commit its
 *       exactly-once output, so it is stalled even when its tasks run.</li>
 * </ul>
 *
 * @param lastCheckpointAgeMillis -1 when no checkpoint has completed
 */
public record JobHealth(String jobId, String name, String state, long uptimeMillis, int tasksRunning,
                        int tasksFinished, int tasksTotal, long restarts, long checkpointsCompleted,
                        long checkpointsFailed, long checkpointsInProgress, long lastCheckpointId,
                        long lastCheckpointAgeMillis, long lastCheckpointSize, long lastCheckpointDurationMillis,
                        List<String> problems) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    public boolean ready() {
        return "RUNNING".equals(state) && tasksRunning + tasksFinished == tasksTotal;
    }

    public boolean healthy() {
        return problems.isEmpty();
    }

    /** Reads the job's state from the REST endpoint {@code restUrl} (e.g. http://localhost:8081). */
    public static JobHealth fetch(URI restUrl, String jobId, Duration maxCheckpointAge) throws IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        JsonNode job = get(http, restUrl, "/jobs/" + jobId);
        JsonNode tasks = null;
        for (JsonNode j : get(http, restUrl, "/jobs/overview").path("jobs")) {
            if (jobId.equals(j.path("jid").asText())) {
                tasks = j.path("tasks");
            }
        }
        if (tasks == null) {
            throw new IOException("job " + jobId + " is not in " + restUrl.resolve("/jobs/overview"));
        }
        JsonNode checkpoints = get(http, restUrl, "/jobs/" + jobId + "/checkpoints");
        JsonNode metrics = get(http, restUrl, "/jobs/" + jobId + "/metrics?get=numRestarts");
        long now = job.path("now").asLong(System.currentTimeMillis());
        JsonNode counts = checkpoints.path("counts");
        JsonNode last = checkpoints.path("latest").path("completed");
        boolean hasLast = last.isObject();
        long restarts = metrics.isArray() && !metrics.isEmpty() ? metrics.get(0).path("value").asLong() : 0;
        int total = tasks.path("total").asInt();
        long uptime = job.path("duration").asLong();
        long age = hasLast ? Math.max(0, now - last.path("latest_ack_timestamp").asLong()) : -1;

        String state = job.path("state").asText();
        int running = tasks.path("running").asInt();
        int finished = tasks.path("finished").asInt();
        List<String> problems = new ArrayList<>();
        if (!"RUNNING".equals(state)) {
            problems.add("job is " + state);
        } else if (running + finished != total) {
            problems.add("not ready: " + running + " of " + total + " tasks running");
        } else if (hasLast ? age > maxCheckpointAge.toMillis() : uptime > maxCheckpointAge.toMillis()) {
            problems.add((hasLast ? "last checkpoint " + age / 1000 + " s ago" : "no checkpoint after " + uptime / 1000
                    + " s") + ", more than " + maxCheckpointAge.toSeconds() + " s (--max-checkpoint-age)");
        }
        return new JobHealth(jobId, job.path("name").asText(), state, uptime, running, finished, total, restarts,
                counts.path("completed").asLong(), counts.path("failed").asLong(), counts.path("in_progress").asLong(),
                hasLast ? last.path("id").asLong() : -1, age, hasLast ? last.path("state_size").asLong() : 0,
                hasLast ? last.path("end_to_end_duration").asLong() : 0, List.copyOf(problems));
    }

    private static JsonNode get(HttpClient http, URI base, String path) throws IOException {
        URI uri = base.resolve(path);
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException("GET " + uri + ": HTTP " + response.statusCode() + " " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading " + uri, e);
        }
    }
}
