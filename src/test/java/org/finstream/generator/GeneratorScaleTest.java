package org.finstream.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The full default workload: 500 stocks, 339 days, 1000 portfolios. */
class GeneratorScaleTest {
    @TempDir
    Path dir;

    @Test
    void fullWorkloadRowCounts() throws Exception {
        Sample sample = Sample.generate(GeneratorOptions.defaults(dir));
        GenerationSummary s = sample.summary;
        assertEquals(508, s.rows(MarketGenerator.REFERENCE));
        assertEquals(508L * 339, s.rows(MarketGenerator.PRICES));
        assertEquals(508L * 339, sample.lines(MarketGenerator.PRICES).size());
        assertTrue(s.rows(MarketGenerator.FILINGS) >= 500 * 8, "at least two fiscal years of history per stock");
        assertTrue(s.rows(MarketGenerator.CORPORATE_ACTIONS) > 500, "quarterly dividends of about half the stocks");
        Set<String> portfolios = new HashSet<>();
        for (String[] t : sample.rows(MarketGenerator.TRADES)) {
            portfolios.add(t[0]);
        }
        assertEquals(1000, portfolios.size());
        assertTrue(s.rows(MarketGenerator.TRADES) >= 1000 * 18);
        assertEquals(s.rows(MarketGenerator.TRADES), sample.lines(MarketGenerator.TRADES).size());
    }
}
