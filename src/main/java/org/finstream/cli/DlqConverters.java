package org.finstream.cli;

import java.time.Instant;
import java.util.function.Supplier;
import org.finstream.ingest.DeadLetterFilter;
import org.finstream.ingest.DeadLetterLog;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parameter types of the {@code dlq} commands: a value that does not parse is a usage error naming the forms. */
final class DlqConverters {
    private DlqConverters() {}

    /** An ISO instant or date. */
    static final class Time implements ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            return usage(() -> DeadLetterFilter.parseTime(value));
        }
    }

    /** A dead-letter id {@code <partition>:<offset>}. */
    static final class Id implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            return usage(() -> DeadLetterLog.parseId(value));
        }
    }

    private static <T> T usage(Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
