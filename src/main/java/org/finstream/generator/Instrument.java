package org.finstream.generator;

/**
 * One instrument of the universe: a stock ({@code etf == null}, with a sector) or one of the
 * {@link Etf}s ({@code sector == null}).
 *
 * @param dividendYield annual cash dividend yield, 0 for a stock that pays none (and for ETFs)
 */
record Instrument(String symbol, String name, Sector sector, String industry, String cik, Etf etf,
                  double startPrice, double dividendYield) {

    /** The sector written to {@code reference.csv}. */
    static final String ETF_SECTOR = "ETF";

    boolean isEtf() {
        return etf != null;
    }

    String sectorLabel() {
        return isEtf() ? ETF_SECTOR : sector.label();
    }
}
