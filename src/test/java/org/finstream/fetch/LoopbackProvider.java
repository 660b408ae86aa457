package org.finstream.fetch;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake market-data provider on loopback for tests: an in-process {@link HttpServer} on 127.0.0.1, port 0, that
 * routes by path to {@link Handler}s (unknown paths: 404). Before its normal answers, a path can be given a queue of
 * {@link Fault}s, each used by one request: a status (429 with Retry-After, 500, 503...), a slow answer, a
 * malformed body, or a connection reset. Every request is recorded with its arrival {@link System#nanoTime()}; the
 * number of requests being handled at once is tracked. A 200 answer with an {@code ETag} (or {@code
 * Last-Modified}) becomes a 304 when the request's {@code If-None-Match} (or {@code If-Modified-Since}) says the
 * client has it.
 *
 * <p>A connection reset (TCP RST) cannot be produced by {@link HttpServer}; it comes from a second port, a raw
 * {@link ServerSocket} in front of the server ({@link #resettingUri}): it reads each new connection's first request
 * and, if the path's next fault is {@link Fault#reset()}, closes the socket with SO_LINGER 0; otherwise it relays
 * the connection to the server unchanged. Resets apply to new connections only (a reused one is relayed).
 */
final class LoopbackProvider implements AutoCloseable {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    static {
        // HttpServer writes headers and body separately: without TCP_NODELAY each answer stalls ~40 ms on Nagle
        // and delayed ACK. Read by the JDK when the first HttpServer of the JVM starts.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /** One request as it arrived; header names are case-insensitive. */
    record Request(long arrivalNanos, String method, String path, String query, Map<String, List<String>> headers) {
        /** The first value of header {@code name}, or null. */
        String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    /** An answer: status, headers and body. */
    record Answer(int status, Map<String, String> headers, byte[] body) {
        static Answer ok(String body) {
            return status(200, body);
        }

        static Answer status(int status, String body) {
            return new Answer(status, Map.of(), body.getBytes(StandardCharsets.UTF_8));
        }

        Answer withHeader(String name, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put(name, value);
            return new Answer(status, h, body);
        }
    }

    /** Answers the requests of one path. */
    @FunctionalInterface
    interface Handler {
        Answer handle(Request request) throws Exception;
    }

    /** A failure injected in place of (or, for SLOW, before) one normal answer. */
    record Fault(Kind kind, Answer answer, Duration delay) {
        enum Kind { ANSWER, SLOW, RESET }

        /** Answers {@code status} with {@code body}. */
        static Fault status(int status, String body) {
            return new Fault(Kind.ANSWER, Answer.status(status, body), Duration.ZERO);
        }

        /** Answers {@code status} with {@code body} and a {@code Retry-After}. */
        static Fault status(int status, String body, String retryAfter) {
            return new Fault(Kind.ANSWER, Answer.status(status, body).withHeader("Retry-After", retryAfter),
                    Duration.ZERO);
        }

        /** 429 Too Many Requests with {@code Retry-After}. */
        static Fault tooManyRequests(String retryAfter) {
            return status(429, "{\"error\":\"rate limit exceeded\"}", retryAfter);
        }

        /** Waits {@code delay} before the normal answer (which a client with a shorter timeout never sees). */
        static Fault slow(Duration delay) {
            return new Fault(Kind.SLOW, null, delay);
        }

        /** 200 with a body that is not what the endpoint serves. */
        static Fault malformed(String body) {
            return new Fault(Kind.ANSWER, Answer.ok(body).withHeader("Content-Type", "application/json"),
                    Duration.ZERO);
        }

        /** A TCP reset after the request is read; only through {@link #resettingUri}. */
        static Fault reset() {
            return new Fault(Kind.RESET, null, Duration.ZERO);
        }
    }

    private final HttpServer server;
    private final ServerSocket front;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "loopback-provider");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Handler> routes = new ConcurrentHashMap<>();
    private final Map<String, Deque<Fault>> faults = new HashMap<>();
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final AtomicInteger resets = new AtomicInteger();

    private LoopbackProvider() throws IOException {
        server = HttpServer.create(new InetSocketAddress(LOOPBACK, 0), 0);
        server.setExecutor(threads);
        server.createContext("/", this::exchange);
        server.start();
        front = new ServerSocket(0, 50, LOOPBACK);
        threads.execute(this::acceptFront);
    }

    /** A provider listening on loopback, with no routes yet. */
    static LoopbackProvider start() throws IOException {
        return new LoopbackProvider();
    }

    /** Answers requests to {@code path} (exact match) with {@code handler}. */
    LoopbackProvider route(String path, Handler handler) {
        routes.put(path, handler);
        return this;
    }

    /** Queues faults for the next requests to {@code path}, in order. */
    synchronized LoopbackProvider fault(String path, Fault... queued) {
        faults.computeIfAbsent(path, p -> new ArrayDeque<>()).addAll(Arrays.asList(queued));
        return this;
    }

    /** The server's URI for {@code pathAndQuery} (starting with '/'). */
    URI uri(String pathAndQuery) {
        return URI.create("http://" + LOOPBACK.getHostAddress() + ":" + server.getAddress().getPort() + pathAndQuery);
    }

    /** The same resource through the resetting front port. */
    URI resettingUri(String pathAndQuery) {
        return URI.create("http://" + LOOPBACK.getHostAddress() + ":" + front.getLocalPort() + pathAndQuery);
    }

    /** Every request that reached the server so far, in arrival order. */
    List<Request> requests() {
        synchronized (requests) {
            List<Request> copy = new ArrayList<>(requests);
            copy.sort((a, b) -> Long.compare(a.arrivalNanos() - b.arrivalNanos(), 0));
            return copy;
        }
    }

    /** The requests to {@code path}, in arrival order. */
    List<Request> requests(String path) {
        return requests().stream().filter(r -> r.path().equals(path)).toList();
    }

    /**
     * The most requests the server was handling at once. A request counts from its arrival until its answer is
     * about to be sent, so a client never sees its answer while it still counts.
     */
    int maxInFlight() {
        return maxInFlight.get();
    }

    /** Connections reset by the front port. */
    int resets() {
        return resets.get();
    }

    @Override
    public void close() throws IOException {
        server.stop(0);
        front.close();
        threads.shutdownNow();
    }

    private synchronized Fault nextFault(String path, boolean resetsOnly) {
        Deque<Fault> queue = faults.get(path);
        if (queue == null || queue.isEmpty() || (resetsOnly && queue.peek().kind() != Fault.Kind.RESET)) {
            return null;
        }
        return queue.poll();
    }

    private void exchange(HttpExchange exchange) throws IOException {
        URI target = exchange.getRequestURI();
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
        Request request = new Request(System.nanoTime(), exchange.getRequestMethod(), target.getRawPath(),
                target.getRawQuery(), Collections.unmodifiableMap(headers));
        requests.add(request);
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        Answer answer;
        try {
            answer = answer(request);
        } catch (InterruptedException stopping) {
            answer = null;
        } catch (Exception e) {
            answer = Answer.status(500, "handler failed: " + e);
        } finally {
            inFlight.decrementAndGet();
        }
        if (answer == null) {
            exchange.close();
            return;
        }
        try (exchange) {
            answer.headers().forEach(exchange.getResponseHeaders()::set);
            exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
            if (answer.body().length > 0) {
                exchange.getResponseBody().write(answer.body());
            }
        } catch (IOException clientGone) {
            // a client that timed out has closed the connection: nothing to answer
        }
    }

    private Answer answer(Request request) throws Exception {
        Fault fault = nextFault(request.path(), false);
        if (fault != null && fault.kind() == Fault.Kind.ANSWER) {
            return fault.answer();
        }
        if (fault != null && fault.kind() == Fault.Kind.RESET) {
            return Answer.status(500, "a reset fault needs resettingUri");
        }
        if (fault != null) {
            Thread.sleep(fault.delay().toMillis());
        }
        // routes match the decoded path, as a web server maps it ("/api/eod/%5EGSPC.US" is "/api/eod/^GSPC.US")
        Handler handler = routes.get(java.net.URLDecoder.decode(request.path().replace("+", "%2B"),
                StandardCharsets.UTF_8));
        Answer answer = handler == null ? Answer.status(404, "no route for " + request.path()) : handler.handle(request);
        return notModified(request, answer) ? new Answer(304, answer.headers(), new byte[0]) : answer;
    }

    /** RFC 9110 13.1: If-None-Match (weak comparison) wins; If-Modified-Since only without it. */
    private static boolean notModified(Request request, Answer answer) {
        if (answer.status() != 200) {
            return false;
        }
        String etag = answer.headers().get("ETag");
        String ifNoneMatch = request.header("If-None-Match");
        if (ifNoneMatch != null) {
            return etag != null && Arrays.stream(ifNoneMatch.split(","))
                    .map(String::trim).anyMatch(t -> t.equals("*") || weak(t).equals(weak(etag)));
        }
        String lastModified = answer.headers().get("Last-Modified");
        String ifModifiedSince = request.header("If-Modified-Since");
        if (lastModified == null || ifModifiedSince == null) {
            return false;
        }
        try {
            return !ZonedDateTime.parse(lastModified, DateTimeFormatter.RFC_1123_DATE_TIME)
                    .isAfter(ZonedDateTime.parse(ifModifiedSince, DateTimeFormatter.RFC_1123_DATE_TIME));
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static String weak(String etag) {
        return etag.startsWith("W/") ? etag.substring(2) : etag;
    }

    private void acceptFront() {
        while (!front.isClosed()) {
            try {
                Socket client = front.accept();
                threads.execute(() -> relayOrReset(client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void relayOrReset(Socket client) {
        try (client) {
            InputStream in = new BufferedInputStream(client.getInputStream());
            byte[] head = readHead(in);
            String requestLine = new String(head, StandardCharsets.ISO_8859_1).split("\r\n", 2)[0];
            String[] parts = requestLine.split(" ");
            String path = parts.length > 1 ? URI.create(parts[1]).getRawPath() : "";
            if (nextFault(path, true) != null) {
                resets.incrementAndGet();
                client.setSoLinger(true, 0);
                return;
            }
            try (Socket upstream = new Socket(LOOPBACK, server.getAddress().getPort())) {
                upstream.getOutputStream().write(head);
                threads.execute(() -> pipe(in, upstream));
                upstream.getInputStream().transferTo(client.getOutputStream());
            }
        } catch (IOException connectionEnded) {
            // either side closed: the relay ends with it
        }
    }

    /** Copies the rest of the client's requests upstream, then half-closes upstream. */
    private static void pipe(InputStream from, Socket upstream) {
        try {
            from.transferTo(upstream.getOutputStream());
            upstream.shutdownOutput();
        } catch (IOException connectionEnded) {
            // the relay is over
        }
    }

    /** The request line and headers, through the blank line. */
    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed inside the request head");
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toByteArray();
    }
}
