package org.finstream.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Test helper: the charts of a page (as written, or as Chromium's DOM dump serializes it). */
final class Dom {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SVG = Pattern.compile("<svg class=\"chart\"[^>]*?data-series=\"([^\"]*)\"[^>]*>(.*?)</svg>",
            Pattern.DOTALL);
    private static final Pattern LINE = Pattern.compile("<path class=\"line[^\"]*\" data-name=\"([^\"]*)\"[^>]*? d=\"([^\"]*)\"");
    private static final Pattern POINT = Pattern.compile("[ML]");

    /**
     * One chart: its embedded data, and per series the paths drawn (one per run of values).
     *
     * @param series name -> values (null where the row has none)
     * @param paths  name -> the {@code d} of each of its line paths
     */
    record Chart(String title, List<String> dates, Map<String, List<Double>> series, Map<String, List<String>> paths,
                 String body) {
        /** The points drawn for a series (M and L commands of its paths). */
        int points(String name) {
            return paths.getOrDefault(name, List.of()).stream().mapToInt(d -> (int) POINT.matcher(d).results().count())
                    .sum();
        }
    }

    private Dom() {}

    static List<Chart> charts(String html) throws IOException {
        List<Chart> charts = new ArrayList<>();
        Matcher m = SVG.matcher(html);
        while (m.find()) {
            JsonNode data = JSON.readTree(unescape(m.group(1)));
            List<String> dates = new ArrayList<>();
            data.get("dates").forEach(d -> dates.add(d.asText()));
            Map<String, List<Double>> series = new LinkedHashMap<>();
            for (JsonNode s : data.get("series")) {
                List<Double> values = new ArrayList<>();
                s.get("values").forEach(v -> values.add(v.isNull() ? null : v.asDouble()));
                series.put(s.get("name").asText(), values);
            }
            Map<String, List<String>> paths = new LinkedHashMap<>();
            Matcher p = LINE.matcher(m.group(2));
            while (p.find()) {
                paths.computeIfAbsent(unescape(p.group(1)), k -> new ArrayList<>()).add(p.group(2));
            }
            charts.add(new Chart(data.get("title").asText(), dates, series, paths, m.group(2)));
        }
        return charts;
    }

    static Chart chart(String html, String title) throws IOException {
        return charts(html).stream().filter(c -> c.title().equals(title)).findFirst()
                .orElseThrow(() -> new AssertionError("no chart '" + title + "'"));
    }

    /** The runs of non-null values: what a chart must draw as separate paths. */
    static int runs(List<Double> values) {
        int runs = 0;
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) != null && (i == 0 || values.get(i - 1) == null)) {
                runs++;
            }
        }
        return runs;
    }

    static String unescape(String s) {
        return s.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&amp;", "&");
    }
}
