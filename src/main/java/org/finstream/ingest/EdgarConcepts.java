package org.finstream.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.finstream.records.Concepts;

/**
 * Which EDGAR XBRL concepts feed each normalized filing concept of METRICS.md section 1, in
 * priority order. The defaults are {@code edgar-concepts.yaml} on the classpath; a YAML file of
 * the same layout replaces them.
 */
public final class EdgarConcepts {

    private static final String DEFAULTS = "/edgar-concepts.yaml";
    private static final String DEFAULT_NAMESPACE = "us-gaap";
    private static final Pattern NAME = Pattern.compile("([A-Za-z][\\w.-]*:)?[A-Za-z_][\\w.-]*");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /** One EDGAR concept: its namespace in the companyfacts file ({@code us-gaap}, {@code dei}, ...) and name. */
    public record Source(String namespace, String name) {
        /** {@code name} for us-gaap, {@code namespace:name} otherwise, as written in the YAML. */
        @Override
        public String toString() {
            return namespace.equals(DEFAULT_NAMESPACE) ? name : namespace + ":" + name;
        }
    }

    private final Map<String, List<Source>> sources;

    private EdgarConcepts(Map<String, List<Source>> sources) {
        this.sources = Collections.unmodifiableMap(sources);
    }

    /** The default map ({@code src/main/resources/edgar-concepts.yaml}). */
    public static EdgarConcepts defaults() {
        try (InputStream in = EdgarConcepts.class.getResourceAsStream(DEFAULTS)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULTS + " is missing from the classpath");
            }
            return parse(YAML.readTree(in), DEFAULTS);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + DEFAULTS, e);
        }
    }

    /** A map read from {@code file}; anything unusable in it is an {@link IllegalArgumentException}. */
    public static EdgarConcepts load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("concept map " + file + " does not exist");
        }
        JsonNode tree;
        try {
            tree = YAML.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("concept map " + file + " is not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read concept map " + file, e);
        }
        return parse(tree, file.toString());
    }

    private static EdgarConcepts parse(JsonNode tree, String origin) {
        if (tree == null || !tree.isObject()) {
            throw new IllegalArgumentException("concept map " + origin
                    + " must be a YAML mapping of normalized concept -> list of EDGAR concepts");
        }
        Map<String, List<Source>> byConcept = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = tree.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!Concepts.ALL.contains(e.getKey())) {
                throw new IllegalArgumentException("unknown concept '" + e.getKey() + "' in concept map " + origin
                        + "; allowed: " + String.join(", ", Concepts.ALL));
            }
            byConcept.put(e.getKey(), sources(e.getKey(), e.getValue(), origin));
        }
        Map<String, List<Source>> ordered = new LinkedHashMap<>();
        for (String concept : Concepts.ALL) {
            if (byConcept.containsKey(concept)) {
                ordered.put(concept, byConcept.get(concept));
            }
        }
        return new EdgarConcepts(ordered);
    }

    private static List<Source> sources(String concept, JsonNode list, String origin) {
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw new IllegalArgumentException("'" + concept + "' in concept map " + origin
                    + " must be a non-empty list of EDGAR concept names");
        }
        List<Source> out = new ArrayList<>(list.size());
        for (JsonNode item : list) {
            String text = item.isTextual() ? item.asText().strip() : "";
            if (!NAME.matcher(text).matches()) {
                throw new IllegalArgumentException("'" + concept + "' in concept map " + origin
                        + " lists " + item + ", which is not an EDGAR concept name (Name or namespace:Name)");
            }
            int colon = text.indexOf(':');
            out.add(colon < 0 ? new Source(DEFAULT_NAMESPACE, text)
                    : new Source(text.substring(0, colon), text.substring(colon + 1)));
        }
        return List.copyOf(out);
    }

    /** The normalized concepts this map imports, in {@link Concepts#ALL} order. */
    public List<String> concepts() {
        return List.copyOf(sources.keySet());
    }

    /** The EDGAR concepts of {@code concept}, highest priority first (empty when not mapped). */
    public List<Source> sources(String concept) {
        return sources.getOrDefault(concept, List.of());
    }

    /** Whether {@code concept} is a duration (has a start) rather than an instant. */
    public static boolean isDuration(String concept) {
        return Concepts.DURATIONS.contains(concept);
    }

    /** The companyfacts unit read for {@code concept}: {@code USD/shares}, {@code shares} or {@code USD}. */
    public static String unit(String concept) {
        return switch (concept) {
            case "eps_diluted" -> "USD/shares";
            case "shares_outstanding" -> "shares";
            default -> "USD";
        };
    }
}
