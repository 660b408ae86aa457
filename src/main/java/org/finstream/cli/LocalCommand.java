package org.finstream.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.finstream.runtime.LocalRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "local", mixinStandardHelpOptions = true,
        description = {"Run the pipeline over a folder of input files on the embedded stack (Kafka, PostgreSQL,"
                + " Flink MiniCluster), wait until every record is processed, export the result tables, print"
                + " a summary."})
final class LocalCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, paramLabel = "DIR",
            description = "Folder of prices*.csv, corporate_actions*.csv, reference*.csv, trades*.csv, filings*.jsonl")
    Path data;

    @Option(names = "--export", paramLabel = "DIR", description = "Write the result tables as CSV files here")
    Path export;

    @Mixin
    ConfigOptions config;

    @Override
    public Integer call() throws Exception {
        LocalRun.Summary summary = LocalRun.run(config.load(), data, export, System.err);
        summary.print(System.out);
        if (export != null) {
            System.out.println("results: " + export.toAbsolutePath());
        }
        return 0;
    }
}
