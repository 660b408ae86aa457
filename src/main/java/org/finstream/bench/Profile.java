package org.finstream.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the time of a benchmark goes: a Java Flight Recorder recording of CPU samples of this
 * JVM (every thread: Flink tasks, Kafka broker and clients, JDBC), samples of threads running
 * Java code plus those of threads inside RocksDB's native code (other native samples are
 * threads waiting on sockets), each put in the category of the innermost frame that names
 * one (the JVM's own garbage collector and JIT compiler threads are not sampled; their CPU
 * is in the JVM's total only); and the CPU used outside this JVM (the embedded PostgreSQL
 * server's processes) from the machine's counters.
 */
public final class Profile {
    /** A part of the pipeline and the classes whose frames belong to it. */
    private record Category(String name, Predicate<String> matches) {}

    private static final List<Category> CATEGORIES = List.of(
            new Category("state: RocksDB and state serializers", c -> c.startsWith("org.rocksdb.")
                    || c.startsWith("org.apache.flink.state.") || c.startsWith("org.apache.flink.contrib.streaming.state.")
                    || c.startsWith("org.apache.flink.runtime.state.")
                    || c.startsWith("org.apache.flink.api.common.typeutils.")
                    || c.startsWith("org.apache.flink.api.java.typeutils.runtime.")
                    || c.startsWith("org.apache.flink.core.memory.")),
            new Category("sinks: JDBC to PostgreSQL, result rows to JSON", c -> c.startsWith("org.postgresql.")
                    || c.startsWith("org.apache.flink.connector.jdbc.") || c.startsWith("org.finstream.sinks.")),
            new Category("Kafka broker (embedded)", c -> c.startsWith("kafka.") || c.startsWith("org.apache.kafka.storage.")
                    || c.startsWith("org.apache.kafka.server.") || c.startsWith("org.apache.kafka.raft.")
                    || c.startsWith("org.apache.kafka.coordinator.") || c.startsWith("org.apache.kafka.controller.")
                    || c.startsWith("org.apache.kafka.metadata.") || c.startsWith("org.apache.kafka.image.")
                    || c.startsWith("org.apache.kafka.network.")),
            new Category("Kafka clients (source fetch, sink produce)", c -> c.startsWith("org.apache.kafka.")
                    || c.startsWith("org.apache.flink.connector.kafka.")),
            new Category("parse and validate", c -> c.startsWith("org.finstream.ingest.")),
            new Category("metrics arithmetic", c -> c.startsWith("org.finstream.analytics.")),
            new Category("keyed functions", c -> c.startsWith("org.finstream.jobs.") || c.startsWith("org.finstream.records.")),
            new Category("Flink runtime: network, serialization of records, timers",
                    c -> c.startsWith("org.apache.flink.")),
            new Category("JDK and other Java code", c -> true));

    private static final String JAVA_SAMPLE = "jdk.ExecutionSample";
    private static final String NATIVE_SAMPLE = "jdk.NativeMethodSample";
    private static final Duration SAMPLE_PERIOD = Duration.ofMillis(20);
    /** /proc/stat's unit (USER_HZ), 100 on Linux. */
    private static final int TICKS_PER_SECOND = 100;

    private final Recording recording = new Recording();
    private final long cpuStart = processCpuNanos();
    private final long machineStart = machineBusyTicks();

    private Profile() {
        recording.enable(JAVA_SAMPLE).withPeriod(SAMPLE_PERIOD);
        recording.enable(NATIVE_SAMPLE).withPeriod(SAMPLE_PERIOD);
        recording.start();
    }

    /** Starts sampling now. */
    public static Profile start() {
        return new Profile();
    }

    /** What the samples since the start add up to. */
    public record Result(Map<String, Long> samplesPerCategory, double jvmCpuSeconds, double otherCpuSeconds) {
        public void print(PrintStream out) {
            long total = samplesPerCategory.values().stream().mapToLong(Long::longValue).sum();
            out.printf("CPU: %.1f s in this JVM, %.1f s in other processes (the embedded PostgreSQL server)%n",
                    jvmCpuSeconds, otherCpuSeconds);
            out.println("JVM CPU samples by the innermost frame that names a part:");
            samplesPerCategory.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .forEach(e -> out.printf("  %5.1f%%  %s%n", 100.0 * e.getValue() / Math.max(1, total), e.getKey()));
        }
    }

    /** Stops sampling and classifies the samples. */
    public Result stop() throws IOException {
        recording.stop();
        Path file = Files.createTempFile("finstream-bench-", ".jfr");
        double jvm = (processCpuNanos() - cpuStart) / 1e9;
        double machine = (machineBusyTicks() - machineStart) / (double) TICKS_PER_SECOND;
        try {
            recording.dump(file);
            Map<String, Long> counts = new LinkedHashMap<>();
            CATEGORIES.forEach(c -> counts.put(c.name(), 0L));
            for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
                if (e.getStackTrace() == null || e.getStackTrace().getFrames().isEmpty()) {
                    continue;
                }
                List<RecordedFrame> frames = e.getStackTrace().getFrames();
                // a thread in native code is working only inside RocksDB; elsewhere it waits (epoll, sockets)
                if (e.getEventType().getName().equals(JAVA_SAMPLE) || typeOf(frames.get(0)).startsWith("org.rocksdb.")) {
                    counts.merge(classify(frames), 1L, Long::sum);
                }
            }
            counts.values().removeIf(n -> n == 0);
            return new Result(counts, jvm, Math.max(0, machine - jvm));
        } finally {
            recording.close();
            Files.deleteIfExists(file);
        }
    }

    /**
     * The first category, in the order of {@link #CATEGORIES}, of the innermost frame that
     * belongs to one of the specific parts; failing that the Flink runtime when a Flink frame is
     * on the stack, else other Java code (a library called from our code counts as the part calling it).
     */
    static String classify(List<RecordedFrame> innermostFirst) {
        List<String> types = innermostFirst.stream().map(Profile::typeOf).toList();
        int specific = CATEGORIES.size() - 2;
        for (String type : types) {
            for (Category c : CATEGORIES.subList(0, specific)) {
                if (c.matches().test(type)) {
                    return c.name();
                }
            }
        }
        Category flink = CATEGORIES.get(specific);
        return types.stream().anyMatch(flink.matches()) ? flink.name() : CATEGORIES.get(specific + 1).name();
    }

    private static String typeOf(RecordedFrame f) {
        return f.getMethod() == null || f.getMethod().getType() == null ? "" : f.getMethod().getType().getName();
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Busy CPU ticks of the whole machine (user, nice, system, irq, softirq) from /proc/stat; 0 where there is none. */
    private static long machineBusyTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            return Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
                    + Long.parseLong(f[7]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
