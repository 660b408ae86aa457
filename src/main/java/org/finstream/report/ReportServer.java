package org.finstream.report;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.finstream.config.FinstreamConfig;
import org.finstream.records.Symbols;

/**
 * {@code finstream serve}: the pages over HTTP, rendered from PostgreSQL on every request.
 * Read-only: GET and HEAD only (405 otherwise), {@code /}, {@code /symbol/SYM} and
 * {@code /portfolio/ID} with optional {@code from} and {@code to} dates (400 when invalid),
 * 404 for anything else, including a symbol or portfolio without rows.
 */
public final class ReportServer implements AutoCloseable {
    private static final int THREADS = 4;
    private static final String SECURITY_POLICY =
            "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'";

    private final HttpServer server;
    private final ExecutorService executor;
    private final FinstreamConfig.Postgres postgres;
    private final Site site;
    private final PrintStream log;

    /** An HTTP status and its page. */
    private record Response(int status, String html) {}

    /** A page from the database, or empty when what it shows has no rows. */
    private interface Renderer {
        Optional<String> render(ReportStore store) throws SQLException;
    }

    private ReportServer(HttpServer server, ExecutorService executor, FinstreamConfig.Postgres postgres, Site site,
                         PrintStream log) {
        this.server = server;
        this.executor = executor;
        this.postgres = postgres;
        this.site = site;
        this.log = log;
    }

    /**
     * Starts serving on the address (port 0: any free port).
     *
     * @param refreshSeconds the pages' refresh interval, 0 for none
     * @param log            one line per request, and the stack trace of a failure
     */
    public static ReportServer start(FinstreamConfig.Postgres postgres, InetSocketAddress address, int refreshSeconds,
                                     PrintStream log) throws IOException {
        HttpServer server = HttpServer.create(address, 0);
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "finstream-serve-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        ReportServer report = new ReportServer(server, executor, postgres,
                new Site(new ServerLinks(), refreshSeconds, true), log);
        server.setExecutor(executor);
        server.createContext("/", report::handle);
        server.start();
        return report;
    }

    /** The index page's URL. */
    public URI url() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort() + "/");
    }

    private void handle(HttpExchange exchange) throws IOException {
        long start = System.nanoTime();
        try (exchange) {
            String method = exchange.getRequestMethod();
            boolean head = method.equals("HEAD");
            Response response = head || method.equals("GET") ? respond(exchange.getRequestURI())
                    : error(405, "Method Not Allowed", method + " is not allowed: this server is read-only.");
            var headers = exchange.getResponseHeaders();
            headers.set("Content-Type", "text/html; charset=utf-8");
            headers.set("Cache-Control", "no-store");
            headers.set("X-Content-Type-Options", "nosniff");
            headers.set("Content-Security-Policy", SECURITY_POLICY);
            headers.set("Referrer-Policy", "no-referrer");
            if (response.status() == 405) {
                headers.set("Allow", "GET, HEAD");
            }
            byte[] body = response.html().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(response.status(), head ? -1 : body.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            log.printf("%s %s %d %d ms%n", method, exchange.getRequestURI(), response.status(),
                    (System.nanoTime() - start) / 1_000_000);
        }
    }

    private Response respond(URI uri) {
        String path = uri.getRawPath();
        try {
            DateRange range = range(uri.getRawQuery());
            if (path.equals("/")) {
                return render(store -> Optional.of(IndexPage.render(store, site)), "");
            }
            String symbol = name(path, ServerLinks.SYMBOL);
            if (symbol != null) {
                return render(store -> Symbols.isValid(symbol) && store.symbolExists(symbol)
                        ? Optional.of(SymbolPage.render(store, site, symbol, range)) : Optional.empty(),
                        "There is no symbol '" + symbol + "' in the database.");
            }
            String id = name(path, ServerLinks.PORTFOLIO);
            if (id != null) {
                return render(store -> store.portfolioExists(id)
                        ? Optional.of(PortfolioPage.render(store, site, id, range)) : Optional.empty(),
                        "There is no portfolio '" + id + "' in the database.");
            }
            return error(404, "Not Found", "There is no page " + path + ".");
        } catch (IllegalArgumentException e) {
            return error(400, "Bad Request", e.getMessage());
        } catch (SQLException | RuntimeException e) {
            e.printStackTrace(log);
            return error(500, "Internal Server Error", "The page could not be rendered: " + e.getMessage());
        }
    }

    /** A page read from the database, 404 with {@code missing} when there is none. */
    private Response render(Renderer renderer, String missing) throws SQLException {
        try (ReportStore store = ReportStore.open(postgres)) {
            return renderer.render(store).map(html -> new Response(200, html))
                    .orElseGet(() -> error(404, "Not Found", missing));
        }
    }

    private Response error(int status, String reason, String message) {
        return new Response(status, new Page(site, status + " " + reason).heading(status + " " + reason, message)
                .raw("<p><a href=\"/\">back to the overview</a></p>").html());
    }

    /**
     * The decoded name in a path {@code prefix + name}, or null when the path is not one of those;
     * throws IllegalArgumentException for a malformed escape.
     */
    private static String name(String path, String prefix) {
        String raw = path.startsWith(prefix) ? path.substring(prefix.length()) : "";
        if (raw.isEmpty() || raw.contains("/")) {
            return null;
        }
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The {@code from} and {@code to} parameters (empty values count as absent); nothing else is accepted. */
    static DateRange range(String rawQuery) {
        Map<String, LocalDate> dates = new HashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                if (!key.equals("from") && !key.equals("to")) {
                    throw new IllegalArgumentException("unknown parameter '" + key + "' (only from and to)");
                }
                if (dates.containsKey(key)) {
                    throw new IllegalArgumentException("parameter '" + key + "' given twice");
                }
                dates.put(key, value.isEmpty() ? null : date(key, value));
            }
        }
        return new DateRange(dates.get("from"), dates.get("to"));
    }

    private static LocalDate date(String key, String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(key + " must be a date like 2024-06-28, got '" + value + "'");
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
