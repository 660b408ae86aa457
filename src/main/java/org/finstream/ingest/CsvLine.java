package org.finstream.ingest;

import java.util.ArrayList;
import java.util.List;

/** Splits one RFC 4180 CSV line (quoted fields, doubled quotes inside quotes). */
public final class CsvLine {
    private CsvLine() {}

    /** Returns the fields, or null when a quote is not closed. A trailing CR is ignored. */
    public static List<String> split(String line) {
        List<String> fields = new ArrayList<>(8);
        int n = line.length();
        if (n > 0 && line.charAt(n - 1) == '\r') {
            n--;
        }
        StringBuilder cur = new StringBuilder(16);
        boolean quoted = false;
        for (int i = 0; i < n; i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < n && line.charAt(i + 1) == '"') {
                        cur.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (quoted) {
            return null;
        }
        fields.add(cur.toString());
        return fields;
    }

    /** Quotes a field for writing when it contains a comma, quote or line break. */
    public static String quote(String field) {
        if (field == null) {
            return "";
        }
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0
                && field.indexOf('\r') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }
}
