package org.finstream.cli;

import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.finstream.config.FinstreamConfig;
import org.finstream.report.ReportServer;
import org.finstream.report.ReportStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve the report pages read-only over HTTP, rendered from PostgreSQL on every request:"
                + " / (overview), /symbol/SYM and /portfolio/ID (?from=DATE&to=DATE). Pages refresh themselves so"
                + " live metrics update while markets are open. Runs until Ctrl-C."})
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "8080", description = "TCP port, 0 for any free one (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only)")
    String bind;

    @Option(names = "--refresh", defaultValue = "30", paramLabel = "SECONDS",
            description = "Pages reload themselves every SECONDS, 0 for never (default: ${DEFAULT-VALUE})")
    int refresh;

    @Mixin
    ConfigOptions config;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port must be in 0..65535, got " + port);
        }
        if (refresh < 0) {
            throw new IllegalArgumentException("--refresh must be 0 or more, got " + refresh);
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--bind: unknown address '" + bind + "'");
        }
        FinstreamConfig.Postgres postgres = config.load().postgres;
        try (ReportStore check = ReportStore.open(postgres)) {
            check.checkTables(); // fail now, not on the first request, when PostgreSQL or the tables are missing
        }
        ReportServer server;
        try {
            server = ReportServer.start(postgres, new InetSocketAddress(address, port), refresh, System.err);
        } catch (BindException e) {
            throw new IllegalArgumentException("cannot listen on " + bind + ":" + port + ": " + e.getMessage());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "finstream-serve-shutdown"));
        System.out.println("serving " + server.url() + " (Ctrl-C to stop)");
        stopped.await();
        return 0;
    }
}
