/**
 * A deterministic synthetic market: daily and intraday bars from a factor model, corporate
 * actions, reference data, quarterly filings, portfolio trades and, on request, invalid records,
 * written in the input formats of METRICS.md section 1. Entry point: {@link
 * org.finstream.generator.MarketGenerator}.
 */
package org.finstream.generator;
