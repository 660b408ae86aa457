package org.finstream.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Static checks of the deployment files (docker-compose.yml, k8s/*.yaml, flink-conf/config.yaml):
 * nothing here can be started on the build machine, so the files are parsed and cross-checked.
 * Paths are relative to the repository root, the working directory of Maven's test run.
 */
class DeploymentFilesTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final String JOB_JAR = "./target/finstream-0.1.0-SNAPSHOT.jar";
    private static final Set<String> ONE_SHOT = Set.of("kafka-init", "flink-data-init", "job-submitter", "demo-replay");

    private static JsonNode compose;
    private static JsonNode services;
    private static Map<String, JsonNode> k8s;

    @BeforeAll
    static void load() throws IOException {
        compose = read(ROOT.resolve("docker-compose.yml"));
        services = compose.path("services");
        k8s = new HashMap<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(ROOT.resolve("k8s"), "*.yaml")) {
            for (Path p : dir) {
                JsonNode doc = read(p);
                assertTrue(doc.hasNonNull("kind"), p + " has no kind");
                k8s.put(doc.get("kind").asText(), doc);
            }
        }
    }

    private static JsonNode read(Path p) throws IOException {
        assertTrue(Files.isRegularFile(p), p + " is missing");
        JsonNode doc = YAML.readTree(p.toFile());
        assertTrue(doc != null && doc.isObject(), p + " is not a YAML mapping");
        return doc;
    }

    private static List<String> names(JsonNode object) {
        List<String> out = new ArrayList<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void composeDefinesTheExpectedServices() {
        assertTrue(services.isObject() && services.size() > 0, "no services");
        for (String s : List.of("kafka", "kafka-init", "postgres", "jobmanager", "taskmanager",
                "job-submitter", "demo-replay")) {
            assertTrue(services.has(s), "service " + s + " missing");
        }
        assertTrue(services.path("kafka").path("image").asText().startsWith("apache/kafka:4."),
                "Kafka is not an apache/kafka 4.x image");
        assertEquals("broker,controller",
                services.path("kafka").path("environment").path("KAFKA_PROCESS_ROLES").asText(), "not KRaft");
        assertTrue(services.path("postgres").path("image").asText().startsWith("postgres:17"));
        for (String s : List.of("jobmanager", "taskmanager", "job-submitter")) {
            String image = services.path(s).path("image").asText();
            assertTrue(image.contains("flink:2.2") && image.contains("java17"), s + " image " + image);
        }
        assertEquals(List.of("demo"), texts(services.path("demo-replay").path("profiles")));
    }

    @Test
    void longRunningServicesHaveHealthchecks() {
        for (String s : names(services)) {
            if (ONE_SHOT.contains(s)) {
                continue;
            }
            JsonNode test = services.path(s).path("healthcheck").path("test");
            assertFalse(test.isMissingNode() || test.isEmpty(), s + " has no healthcheck");
        }
        assertTrue(services.path("jobmanager").path("healthcheck").toString().contains(":8081"),
                "JobManager healthcheck does not use the REST port");
    }

    @Test
    void dependenciesPointAtDefinedServicesWithMeaningfulConditions() {
        int conditions = 0;
        for (String s : names(services)) {
            JsonNode deps = services.path(s).path("depends_on");
            List<String> targets = deps.isArray() ? texts(deps) : names(deps);
            for (String target : targets) {
                assertTrue(services.has(target), s + " depends on undefined service " + target);
                String condition = deps.path(target).path("condition").asText("");
                if (!condition.isEmpty()) {
                    conditions++;
                    if (condition.equals("service_healthy")) {
                        assertTrue(services.path(target).has("healthcheck"),
                                s + " waits for " + target + " to be healthy, which has no healthcheck");
                    } else {
                        assertEquals("service_completed_successfully", condition, s + " -> " + target);
                        assertTrue(ONE_SHOT.contains(target), target + " is not a one-shot service");
                    }
                }
            }
        }
        assertTrue(conditions >= 5, "too few depends_on conditions: " + conditions);
        assertEquals("service_healthy",
                services.path("job-submitter").path("depends_on").path("jobmanager").path("condition").asText());
    }

    @Test
    void publishedPortsIncludeKafkaPostgresAndFlink() {
        Set<Integer> published = new HashSet<>();
        for (String s : names(services)) {
            for (JsonNode p : services.path(s).path("ports")) {
                String spec = p.isObject() ? p.path("published").asText() : p.asText();
                String[] parts = spec.split(":");
                String host = parts.length >= 2 ? parts[parts.length - 2] : parts[0];
                published.add(Integer.parseInt(host.replace("\"", "")));
            }
        }
        for (int port : List.of(9092, 5432, 8081, 9249)) {
            assertTrue(published.contains(port), "port " + port + " not published: " + published);
        }
    }

    @Test
    void everyRelativeHostPathInAVolumeExists() {
        Set<String> mounts = new HashSet<>();
        for (String s : names(services)) {
            for (JsonNode v : services.path(s).path("volumes")) {
                String source;
                String target;
                if (v.isObject()) {
                    source = v.path("source").asText();
                    target = v.path("target").asText();
                } else {
                    String[] parts = v.asText().split(":");
                    source = parts[0];
                    target = parts.length > 1 ? parts[1] : "";
                }
                if (source.startsWith("./") || source.startsWith("../")) {
                    mounts.add(source + " -> " + target);
                    if (source.equals(JOB_JAR)) {
                        continue; // built by mvn -Pcluster package, not in the repository
                    }
                    assertTrue(Files.exists(ROOT.resolve(source).normalize()),
                            s + " mounts " + source + ", which does not exist");
                } else {
                    assertTrue(compose.path("volumes").has(source),
                            s + " uses volume " + source + ", which is not declared");
                }
            }
        }
        assertTrue(mounts.contains("./sql/schema.sql -> /docker-entrypoint-initdb.d/01-schema.sql"), mounts.toString());
        assertTrue(mounts.contains("./flink-conf/config.yaml -> /opt/flink/conf/config.yaml"), mounts.toString());
        assertTrue(mounts.contains(JOB_JAR + " -> /opt/finstream/finstream.jar"), mounts.toString());
        assertTrue(services.path("jobmanager").path("volumes").toString().contains("flink-data:/flink-data"));
    }

    @Test
    void composeCreatesTheTopicsAndSubmitsTheJobWithItsEnvironment() {
        String init = services.path("kafka-init").path("command").toString();
        for (String topic : List.of("prices", "corporate-actions", "reference", "trades", "filings",
                "dead-letters", "symbol-metrics")) {
            assertTrue(init.contains(topic), "topic " + topic + " is not created");
        }
        assertTrue(init.contains("--partitions 2"));
        assertTrue(init.contains("for t in dead-letter-replays fetch-progress; do")
                && init.contains("--partitions 2 --replication-factor 1 --config cleanup.policy=compact\\ndone"),
                "the replay log and the fetch progress are not created compacted: " + init);
        JsonNode submitter = services.path("job-submitter");
        assertTrue(submitter.path("command").toString().matches(".*flink run -d .*finstream\\.jar run.*"),
                "job-submitter does not run `flink run -d ... run`");
        for (String var : List.of("FINSTREAM_KAFKA_BOOTSTRAP", "FINSTREAM_JDBC_URL", "FINSTREAM_JDBC_USER",
                "FINSTREAM_JDBC_PASSWORD")) {
            assertTrue(submitter.path("environment").hasNonNull(var), "job-submitter lacks " + var);
        }
        String demo = services.path("demo-replay").path("command").toString();
        assertTrue(demo.contains(" generate ") && demo.contains(" replay "), demo);
    }

    @Test
    void flinkDeploymentIsStatefulAndStrict() {
        JsonNode d = k8s.get("FlinkDeployment");
        assertTrue(d != null, "no FlinkDeployment in k8s/");
        assertEquals("flink.apache.org/v1beta1", d.path("apiVersion").asText());
        JsonNode spec = d.path("spec");
        assertEquals("v2_2", spec.path("flinkVersion").asText());
        JsonNode job = spec.path("job");
        assertEquals("savepoint", job.path("upgradeMode").asText());
        assertEquals("running", job.path("state").asText());
        assertEquals("local:///opt/flink/usrlib/finstream.jar", job.path("jarURI").asText());
        assertEquals(List.of("run"), texts(job.path("args")).subList(0, 1));
        assertEquals(2, job.path("parallelism").asInt());
        JsonNode conf = spec.path("flinkConfiguration");
        assertEquals("false", conf.path("pipeline.auto-generate-uids").asText());
        assertEquals("false", conf.path("pipeline.generic-types").asText());
        assertEquals("rocksdb", conf.path("state.backend.type").asText());
        assertEquals("true", conf.path("execution.checkpointing.incremental").asText());
        assertEquals("EXACTLY_ONCE", conf.path("execution.checkpointing.mode").asText());
        assertFalse(conf.path("execution.checkpointing.dir").asText().isEmpty());
        assertFalse(conf.path("execution.checkpointing.savepoint-dir").asText().isEmpty());
        assertTrue(conf.path("metrics.reporter.prom.factory.class").asText().contains("Prometheus"));
        assertTrue(spec.path("jobManager").path("resource").has("memory"));
        assertTrue(spec.path("taskManager").path("resource").has("memory"));

        JsonNode secret = k8s.get("Secret");
        assertTrue(secret != null, "no example Secret in k8s/");
        String secretName = secret.path("metadata").path("name").asText();
        boolean fromSecret = false;
        for (JsonNode c : spec.path("podTemplate").path("spec").path("containers")) {
            for (JsonNode e : c.path("envFrom")) {
                fromSecret |= secretName.equals(e.path("secretRef").path("name").asText());
            }
        }
        assertTrue(fromSecret, "the podTemplate does not take its environment from Secret " + secretName);
        List<String> keys = names(secret.path("stringData"));
        assertEquals(Set.of("FINSTREAM_KAFKA_BOOTSTRAP", "FINSTREAM_JDBC_URL", "FINSTREAM_JDBC_USER",
                "FINSTREAM_JDBC_PASSWORD"), new HashSet<>(keys));
        for (Iterator<JsonNode> it = secret.path("stringData").elements(); it.hasNext(); ) {
            assertTrue(it.next().asText().contains("CHANGE_ME"), "example Secret holds a non-placeholder value");
        }
    }

    @Test
    void stateSnapshotTargetsTheDeployment() {
        JsonNode snapshot = k8s.get("FlinkStateSnapshot");
        assertTrue(snapshot != null, "no FlinkStateSnapshot in k8s/");
        JsonNode ref = snapshot.path("spec").path("jobReference");
        assertEquals("FlinkDeployment", ref.path("kind").asText());
        assertEquals(k8s.get("FlinkDeployment").path("metadata").path("name").asText(), ref.path("name").asText());
        assertTrue(snapshot.path("spec").has("savepoint"), "not a savepoint");
    }

    @Test
    void clusterConfigEnforcesUidsAndMatchesTheComposeVolume() throws IOException {
        JsonNode conf = read(ROOT.resolve("flink-conf/config.yaml"));
        assertTrue(conf.path("pipeline").path("auto-generate-uids").isBoolean());
        assertFalse(conf.path("pipeline").path("auto-generate-uids").asBoolean());
        assertFalse(conf.path("pipeline").path("generic-types").asBoolean(true));
        assertEquals("rocksdb", conf.path("state").path("backend").path("type").asText());
        assertEquals("jobmanager", conf.path("jobmanager").path("rpc").path("address").asText(),
                "compose names the JobManager service `jobmanager`");
        JsonNode cp = conf.path("execution").path("checkpointing");
        assertTrue(cp.path("dir").asText().startsWith("file:///flink-data/"), "checkpoints outside /flink-data");
        assertTrue(cp.path("savepoint-dir").asText().startsWith("file:///flink-data/"), "savepoints outside /flink-data");
        assertEquals(9249, conf.path("metrics").path("reporter").path("prom").path("port").asInt());
    }
}
