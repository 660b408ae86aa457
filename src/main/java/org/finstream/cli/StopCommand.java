package org.finstream.cli;

import java.util.concurrent.Callable;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.core.execution.SavepointFormatType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "stop", mixinStandardHelpOptions = true,
        description = {"Stop the running job with a savepoint (canonical format, not drained: open days stay open"
                + " for the job restarted from it) and print its path."})
final class StopCommand implements Callable<Integer> {
    @Option(names = "--savepoint", required = true,
            description = "Take the savepoint (required: finstream never stops a job without one)")
    boolean savepoint;

    @Mixin
    JobOptions job;

    @Mixin
    SavepointDir savepointDir;

    @Override
    public Integer call() throws Exception {
        try (RestClusterClient<String> client = job.connect()) {
            System.out.println("savepoint: " + client.stopWithSavepoint(job.job(client), false, savepointDir.dir,
                    SavepointFormatType.CANONICAL).get());
        }
        return 0;
    }
}
