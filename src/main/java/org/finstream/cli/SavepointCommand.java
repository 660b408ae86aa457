package org.finstream.cli;

import java.util.concurrent.Callable;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.core.execution.SavepointFormatType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "savepoint", mixinStandardHelpOptions = true,
        description = {"Take a savepoint (canonical format) of the running job and print its path; the job goes on."})
final class SavepointCommand implements Callable<Integer> {
    @Mixin
    JobOptions job;

    @Mixin
    SavepointDir savepointDir;

    @Override
    public Integer call() throws Exception {
        try (RestClusterClient<String> client = job.connect()) {
            System.out.println("savepoint: "
                    + client.triggerSavepoint(job.job(client), savepointDir.dir, SavepointFormatType.CANONICAL).get());
        }
        return 0;
    }
}
