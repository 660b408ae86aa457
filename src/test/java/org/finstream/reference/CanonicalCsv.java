package org.finstream.reference;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.finstream.ingest.CsvLine;

/** Input CSV files rebuilt in the product's canonical column order, for the product's parsers. */
final class CanonicalCsv {
    private CanonicalCsv() {}

    /**
     * The non-blank data lines of a CSV file rebuilt in {@code canonical} field order, as UTF-8
     * bytes. Columns are found by header name (trimmed, any case, a UTF-8 BOM ignored); a missing
     * column not in {@code optional} is an error. An absent optional column is an empty field,
     * or, when {@code trimAbsentTail}, left out after the last column the header has. Lines with
     * the wrong number of fields (or an unterminated quote) are left out and reported to
     * {@code onSkipped}.
     */
    static List<byte[]> lines(Path file, List<String> canonical, Set<String> optional, boolean trimAbsentTail,
                              Runnable onSkipped) throws IOException {
        List<byte[]> out = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null) {
                throw new IOException(file + " is empty (expected a header row)");
            }
            if (header.startsWith("\uFEFF")) {
                header = header.substring(1);
            }
            List<String> names = CsvLine.split(header);
            if (names == null) {
                throw new IOException(file + ": unterminated quote in the header");
            }
            List<String> lower = names.stream().map(n -> n.strip().toLowerCase(Locale.ROOT)).toList();
            int[] index = new int[canonical.size()];
            int used = 0;
            for (int i = 0; i < canonical.size(); i++) {
                index[i] = lower.indexOf(canonical.get(i));
                if (index[i] >= 0) {
                    used = i + 1;
                } else if (!optional.contains(canonical.get(i))) {
                    throw new IOException(file + ": header has no '" + canonical.get(i) + "' column");
                }
            }
            int written = trimAbsentTail ? used : canonical.size();
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                List<String> fields = CsvLine.split(line);
                if (fields == null || fields.size() != names.size()) {
                    onSkipped.run();
                    continue;
                }
                List<String> canonicalFields = new ArrayList<>();
                for (int i = 0; i < written; i++) {
                    canonicalFields.add(index[i] < 0 ? "" : CsvLine.quote(fields.get(index[i])));
                }
                out.add(String.join(",", canonicalFields).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}
