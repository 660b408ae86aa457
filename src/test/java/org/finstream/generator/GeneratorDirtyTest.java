package org.finstream.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.finstream.generator.Sample.Bar;
import org.finstream.records.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The invalid records of the {@code *_dirty.*} files. */
class GeneratorDirtyTest {
    private static final Pattern DATE_LIKE = Pattern.compile("(?<!\\d)\\d{4}[-/]\\d{2}[-/]\\d{2}(?!\\d)");
    private static final List<String> DIRTY_FILES = List.of(MarketGenerator.PRICES_DIRTY,
            MarketGenerator.CORPORATE_ACTIONS_DIRTY, MarketGenerator.TRADES_DIRTY, MarketGenerator.FILINGS_DIRTY);

    @TempDir
    Path dir;

    @Test
    void twentyDirtyRecordsCoverEveryKindOfInvalidRecord() throws Exception {
        Sample sample = Sample.generate(Sample.small(dir).withDays(120).withPortfolios(5).withDirty(20));
        Set<ErrorCode> found = classifyAll(sample, 20);
        assertEquals(EnumSet.of(ErrorCode.UNPARSEABLE, ErrorCode.MISSING_FIELD, ErrorCode.BAD_NUMBER,
                ErrorCode.NON_FINITE, ErrorCode.BAD_DATE, ErrorCode.BAD_SYMBOL, ErrorCode.NON_POSITIVE_PRICE,
                ErrorCode.HIGH_BELOW_LOW, ErrorCode.CLOSE_OUTSIDE_RANGE, ErrorCode.NEGATIVE_VOLUME,
                ErrorCode.BAD_SPLIT_RATIO, ErrorCode.NEGATIVE_DIVIDEND, ErrorCode.CONFLICTING_DUPLICATE), found);
    }

    @Test
    void anyNumberOfDirtyRecordsIsSpreadOverTheFourFiles() throws Exception {
        Sample sample = Sample.generate(Sample.small(dir).withDays(120).withPortfolios(5).withDirty(47));
        classifyAll(sample, 47);
        for (String file : DIRTY_FILES) {
            assertFalse(sample.lines(file).isEmpty(), file);
        }
        assertEquals(sample.allLines(MarketGenerator.PRICES).get(0), sample.allLines(MarketGenerator.PRICES_DIRTY).get(0));
        assertEquals(sample.allLines(MarketGenerator.TRADES).get(0), sample.allLines(MarketGenerator.TRADES_DIRTY).get(0));
        assertEquals(sample.allLines(MarketGenerator.CORPORATE_ACTIONS).get(0),
                sample.allLines(MarketGenerator.CORPORATE_ACTIONS_DIRTY).get(0));
        assertEquals(28L * 120, sample.lines(MarketGenerator.PRICES).size(), "the clean file stays complete");
    }

    /** Asserts that there are {@code count} dirty records, each invalid; returns the rules they break. */
    private static Set<ErrorCode> classifyAll(Sample sample, int count) {
        Set<ErrorCode> found = EnumSet.noneOf(ErrorCode.class);
        int records = 0;
        for (String file : DIRTY_FILES) {
            for (String line : sample.lines(file)) {
                records++;
                ErrorCode error = switch (file) {
                    case MarketGenerator.PRICES_DIRTY -> priceError(sample, line);
                    case MarketGenerator.CORPORATE_ACTIONS_DIRTY -> Rules.corporateAction(line);
                    case MarketGenerator.TRADES_DIRTY -> Rules.trade(line);
                    default -> Rules.filing(line);
                };
                assertNotNull(error, "invalid: " + line);
                found.add(error);
                Matcher dates = DATE_LIKE.matcher(line);
                while (dates.find()) {
                    LocalDate date = LocalDate.parse(dates.group().replace('/', '-'));
                    assertFalse(date.isBefore(sample.firstDay()) || date.isAfter(sample.lastDay()),
                            "date inside the generated range: " + line);
                }
            }
        }
        assertEquals(count, records);
        assertEquals(count, DIRTY_FILES.stream().mapToLong(sample.summary::rows).sum());
        return found;
    }

    /** The rule a dirty bar breaks, a valid bar being a conflicting duplicate of a bar of prices.csv. */
    private static ErrorCode priceError(Sample sample, String line) {
        ErrorCode error = Rules.priceBar(line, false);
        if (error != null) {
            return error;
        }
        Bar dirty = Bar.parse(line.split(","));
        Bar clean = sample.bars().get(dirty.symbol()).get(dirty.date());
        assertNotNull(clean, "a duplicate has the key of a real bar: " + line);
        assertNotEquals(clean.close(), dirty.close(), "a conflicting duplicate has another close");
        return ErrorCode.CONFLICTING_DUPLICATE;
    }

    @Test
    void noDirtyFilesWithoutDirtyRecords() throws Exception {
        Sample sample = Sample.generate(Sample.small(dir).withDays(30).withPortfolios(2));
        for (String file : DIRTY_FILES) {
            assertFalse(sample.file(file).toFile().exists(), file);
        }
        assertTrue(sample.summary.rowsPerFile().keySet().stream().noneMatch(f -> f.contains("dirty")));
    }
}
