package org.finstream.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** Defaults and validation of {@link GeneratorOptions}. */
class GeneratorOptionsTest {
    private static final Path OUT = Path.of("out");

    @Test
    void defaultsAreTheFullWorkload() {
        GeneratorOptions o = GeneratorOptions.defaults(OUT);
        assertEquals(new GeneratorOptions(500, 339, 1000, 42, LocalDate.of(2023, 1, 2), OUT, 0, 13, 0, 2), o);
        assertEquals(7, o.withSymbols(7).symbols());
        assertEquals(10, o.withFilingYears(10).filingYears());
        assertEquals(LocalDate.of(2020, 6, 1), o.withStartDate(LocalDate.of(2020, 6, 1)).startDate());
    }

    @Test
    void invalidOptionsAreRejected() {
        GeneratorOptions o = GeneratorOptions.defaults(OUT);
        assertThrows(IllegalArgumentException.class, () -> o.withSymbols(0));
        assertThrows(IllegalArgumentException.class, () -> o.withDays(1));
        assertThrows(IllegalArgumentException.class, () -> o.withPortfolios(-1));
        assertThrows(IllegalArgumentException.class, () -> o.withIntraday(340, 13));
        assertThrows(IllegalArgumentException.class, () -> o.withIntraday(5, 0));
        assertThrows(IllegalArgumentException.class, () -> o.withIntraday(5, 391));
        assertThrows(IllegalArgumentException.class, () -> o.withDirty(-1));
        assertThrows(IllegalArgumentException.class, () -> o.withFilingYears(-1));
        assertThrows(IllegalArgumentException.class, () -> o.withFilingYears(51));
        assertThrows(NullPointerException.class, () -> o.withOutDir(null));
    }
}
