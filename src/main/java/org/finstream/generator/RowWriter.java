package org.finstream.generator;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A UTF-8 text file written one LF-terminated line at a time, counting its data rows. */
final class RowWriter implements Closeable {
    private final String name;
    private final BufferedWriter out;
    private long rows;

    /** Opens {@code dir/name} and writes the header line, if any ({@code null} for JSON lines). */
    RowWriter(Path dir, String name, String header) throws IOException {
        this.name = name;
        this.out = Files.newBufferedWriter(dir.resolve(name), StandardCharsets.UTF_8);
        if (header != null) {
            out.write(header);
            out.write('\n');
        }
    }

    /** Writes one data row: the fields joined by commas (one field: the line as is). */
    void row(String... fields) throws IOException {
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(fields[i]);
        }
        out.write('\n');
        rows++;
    }

    String name() {
        return name;
    }

    long rows() {
        return rows;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
