package org.finstream.fetch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** What every fetcher does the same way: run its requests in parallel, read JSON answers. */
final class Fetching {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Fetching() {}

    /** One unit of a fetch (a symbol, a group of symbols). */
    @FunctionalInterface
    interface Task<T> {
        void run(T item) throws Exception;
    }

    /** Runs {@code task} on every item, {@code threads} at a time; the first failure stops the rest and is thrown. */
    static <T> void inParallel(List<T> items, int threads, Task<T> task) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (T item : items) {
                running.add(pool.submit(() -> {
                    task.run(item);
                    return null;
                }));
            }
            for (Future<?> f : running) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    throw new IllegalStateException("fetching failed: " + e.getCause().getMessage(), e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** The response's body as JSON, or null when it is not JSON. */
    static JsonNode json(Response response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            return null;
        }
    }

    /** The start of a body, for messages. */
    static String excerpt(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
