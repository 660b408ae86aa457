package org.finstream.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.finstream.config.FinstreamConfig;
import picocli.CommandLine.Option;

/** {@code --config} and {@code --set}, shared by every command that reads the configuration. */
public class ConfigOptions {
    @Option(names = "--config", paramLabel = "FILE",
            description = "YAML configuration file (any subset of finstream-defaults.yaml, see the README)")
    Path file;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override one setting, e.g. --set ingest.allowed-lateness=PT12H (repeatable)")
    List<String> overrides = new ArrayList<>();

    public FinstreamConfig load() {
        return FinstreamConfig.load(file, overrides, System::getenv);
    }
}
