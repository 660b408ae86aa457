package org.finstream.generator;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a {@link MarketGenerator} run wrote: the output directory and the number of data rows
 * (header excluded; for JSON lines, the number of lines) per file, in the order written.
 */
public record GenerationSummary(Path outDir, Map<String, Long> rowsPerFile) {

    public GenerationSummary {
        rowsPerFile = Collections.unmodifiableMap(new LinkedHashMap<>(rowsPerFile));
    }

    /** The data rows of {@code file}, 0 if it was not written. */
    public long rows(String file) {
        return rowsPerFile.getOrDefault(file, 0L);
    }

    /** One line per file, e.g. {@code prices.csv              172,212 rows}. */
    public List<String> lines() {
        int width = Math.max(1, rowsPerFile.keySet().stream().mapToInt(String::length).max().orElse(1));
        List<String> lines = new ArrayList<>(rowsPerFile.size());
        rowsPerFile.forEach((file, rows) ->
                lines.add(String.format(Locale.ROOT, "%-" + width + "s %,12d rows", file, rows)));
        return lines;
    }

    @Override
    public String toString() {
        return "Generated into " + outDir + ":\n  " + String.join("\n  ", lines());
    }
}
