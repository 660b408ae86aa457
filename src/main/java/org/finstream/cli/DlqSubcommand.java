package org.finstream.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** What every {@code dlq} subcommand has: the configuration options, and picocli's writer for its output. */
abstract class DlqSubcommand implements Callable<Integer> {
    @Mixin
    ConfigOptions config;

    @Spec
    CommandSpec spec;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    static String deadLetters(long n) {
        return n + (n == 1 ? " dead letter" : " dead letters");
    }

    /** A usage error (exit code 2) with this message. */
    ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
