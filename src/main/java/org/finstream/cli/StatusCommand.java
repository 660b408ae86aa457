package org.finstream.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.finstream.runtime.JobHealth;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Health and readiness of the running job (of `finstream run` or on a Flink cluster): state,"
                + " tasks, restarts, checkpoints. Exit code 0 when healthy, 1 when not (or unreachable): usable as a"
                + " liveness or readiness probe."})
final class StatusCommand implements Callable<Integer> {
    @Mixin
    JobOptions job;

    @Option(names = "--max-checkpoint-age", paramLabel = "DURATION", defaultValue = "PT5M",
            description = "Unhealthy when the last completed checkpoint is older (ISO-8601, default ${DEFAULT-VALUE})")
    Duration maxCheckpointAge;

    @Option(names = "--json", description = "Print one JSON object")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        JobHealth h;
        try (RestClusterClient<String> client = job.connect()) {
            h = JobHealth.fetch(job.restUrl, job.job(client).toHexString(), maxCheckpointAge);
        } catch (IOException | ExecutionException e) {
            spec.commandLine().getErr().println("finstream status: " + (unreachable(e) ? "cannot reach " + job.restUrl + " (no Flink REST"
                    + " endpoint listens there: is the job running?)" : e.getMessage()));
            return 1;
        }
        if (json) {
            ObjectMapper mapper = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
            var node = mapper.valueToTree(h);
            ((ObjectNode) node).put("ready", h.ready()).put("healthy", h.healthy());
            out.println(mapper.writeValueAsString(node));
        } else {
            print(h, out);
        }
        out.flush();
        return h.healthy() ? 0 : 1;
    }

    private static boolean unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }

    private static void print(JobHealth h, PrintWriter out) {
        out.printf("job          %s %s%n", h.jobId(), h.name());
        out.printf("state        %s for %s, %d/%d tasks running%s%n", h.state(), human(h.uptimeMillis()),
                h.tasksRunning(), h.tasksTotal(), h.tasksFinished() > 0 ? " (" + h.tasksFinished() + " finished)" : "");
        out.printf("restarts     %d%n", h.restarts());
        out.printf("checkpoints  %d completed, %d failed, %d in progress%s%n", h.checkpointsCompleted(),
                h.checkpointsFailed(), h.checkpointsInProgress(), h.lastCheckpointAgeMillis() < 0 ? "" : String.format(
                        "; last #%d %s ago, %,d bytes, took %d ms", h.lastCheckpointId(),
                        human(h.lastCheckpointAgeMillis()), h.lastCheckpointSize(), h.lastCheckpointDurationMillis()));
        out.printf("ready        %s%n", h.ready() ? "yes" : "no");
        out.printf("health       %s%n", h.healthy() ? "OK" : "FAILING: " + String.join("; ", h.problems()));
    }

    private static String human(long millis) {
        Duration d = Duration.ofMillis(millis);
        if (d.toHours() > 0) {
            return d.toHours() + "h " + d.toMinutesPart() + "m";
        }
        return d.toMinutes() > 0 ? d.toMinutes() + "m " + d.toSecondsPart() + "s"
                : String.format("%.1f s", millis / 1000.0);
    }
}
