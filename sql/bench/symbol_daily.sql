-- The nightly-batch peer of finstream's per-symbol daily metrics (METRICS.md section 3): the
-- same numbers computed from the whole history at once with PostgreSQL window functions, for
-- the benchmarks (org.finstream.bench.SqlPeer runs it and compares the result with symbol_daily).
-- Plain PostgreSQL 14+, idempotent; with psql, DIR being the folder of the input files (one
-- \copy per prices*.csv and corporate_actions*.csv file):
--
--   psql -f sql/bench/inputs.sql
--   psql -c "\copy bench_prices (symbol,date,open,high,low,close,volume) FROM 'DIR/prices.csv' CSV HEADER"
--   psql -c "\copy bench_actions (symbol,ex_date,type,value) FROM 'DIR/corporate_actions.csv' CSV HEADER"
--   psql -f sql/bench/symbol_daily.sql
--
-- Input: bench_prices and bench_actions (inputs.sql) holding valid records only, at most one bar
-- per symbol and date and no repeated action: validation and dead letters are not part of the peer.
-- Output: bench_symbol_daily, created again on every run, with symbol_daily's names and types for
-- close, "return", vol_21/63/252, beta_mkt_90, beta_rates_90, the five spread betas, high_52w,
-- low_52w and avg_volume_30, for the default configuration (benchmark SPY, rates proxy TLT,
-- spreads size=IWM-SPY, value=IWD-IWF, momentum=MTUM-SPY, quality=QUAL-SPY, low_vol=USMV-SPY,
-- 252 annualization days). The ridge columns (alpha, r2, exp_*) are NOT computed: a 6-factor
-- ridge regression per row is no window aggregate. Also (re)creates its two helper aggregates,
-- bench_product and bench_fold_actions.
--
-- Definitions are those of the test reference (SymbolMetricsReference's Javadoc):
-- * return: over the symbol's previous bar, whatever the gap; the actions with ex-date in
--   (previous bar, bar] are combined per ex-date (splits multiply, dividends add) and folded in
--   ex-date order (D = D / s_e + D_e, s = s * s_e), so an ex-date without a bar counts on the
--   symbol's next bar, and actions on or before its first bar or after its last one count nowhere.
-- * vol_N: the last N returns (ROWS N-1 PRECEDING holds them once N rows have a return).
-- * betas: over the last 90 "common dates", on which the symbol and the series both have a
--   return. Each series numbers the symbol's common dates (n_<series>, carried over the rows in
--   between); the frame RANGE 89 PRECEDING on that number holds the last 90 common dates, the
--   rows in between adding nothing (their x is null). A row that is not a common date thus gets
--   the beta as of its latest common date, without a join. Null when the 90 x are all equal.
-- * high_52w, low_52w, avg_volume_30: the last 252 / 30 bars.
-- Every windowed value is null unless its frame holds the full window (count ... OVER the frame).

ANALYZE bench_prices;
ANALYZE bench_actions;
DROP TABLE IF EXISTS bench_symbol_daily;

-- the product of a column: the splits of one ex-date
CREATE OR REPLACE AGGREGATE bench_product(double precision) (
    SFUNC = float8mul, STYPE = double precision, INITCOND = '1');

-- {s, D} of the ex-dates folded in order, one ex-date's combined split s_e and dividend D_e at a time
CREATE OR REPLACE FUNCTION bench_fold_actions_step(acc double precision[], s_e double precision,
                                                   d_e double precision)
    RETURNS double precision[] LANGUAGE sql IMMUTABLE
    AS $$ SELECT ARRAY[acc[1] * s_e, acc[2] / s_e + d_e] $$;
CREATE OR REPLACE AGGREGATE bench_fold_actions(double precision, double precision) (
    SFUNC = bench_fold_actions_step, STYPE = double precision[], INITCOND = '{1,0}');

CREATE TABLE bench_symbol_daily (
    symbol        text             NOT NULL,
    date          date             NOT NULL,
    close         double precision NOT NULL,
    "return"      double precision,
    vol_21        double precision,
    vol_63        double precision,
    vol_252       double precision,
    beta_mkt_90   double precision,
    beta_rates_90 double precision,
    high_52w      double precision,
    low_52w       double precision,
    avg_volume_30 double precision,
    beta_size     double precision,
    beta_value    double precision,
    beta_momentum double precision,
    beta_quality  double precision,
    beta_low_vol  double precision,
    PRIMARY KEY (symbol, date)
);

INSERT INTO bench_symbol_daily
WITH bars AS (
    SELECT symbol, date, high, low, close, volume,
           lag(date) OVER previous AS prev_date,
           lag(close) OVER previous AS prev_close
    FROM bench_prices
    WINDOW previous AS (PARTITION BY symbol ORDER BY date)
),
ex_dates AS ( -- the actions of one ex-date combined
    SELECT symbol, ex_date,
           coalesce(bench_product(value) FILTER (WHERE lower(type) = 'split'), 1) AS split,
           coalesce(sum(value) FILTER (WHERE lower(type) = 'dividend'), 0) AS dividend
    FROM bench_actions
    GROUP BY symbol, ex_date
),
folded AS ( -- per bar, its ex-dates in (previous bar, bar] folded in order: {s, D}
    SELECT b.symbol, b.date, bench_fold_actions(e.split, e.dividend ORDER BY e.ex_date) AS sd
    FROM bars b
    JOIN ex_dates e ON e.symbol = b.symbol AND e.ex_date > b.prev_date AND e.ex_date <= b.date
    GROUP BY b.symbol, b.date
),
returns AS ( -- r is null on the symbol's first bar
    SELECT b.symbol, b.date, b.high, b.low, b.close, b.volume,
           (b.close + coalesce(f.sd[2], 0)) * coalesce(f.sd[1], 1) / b.prev_close - 1 AS r
    FROM bars b
    LEFT JOIN folded f ON f.symbol = b.symbol AND f.date = b.date
),
legs AS ( -- the returns of the reference symbols by date
    SELECT date,
           max(r) FILTER (WHERE symbol = 'SPY') AS spy,
           max(r) FILTER (WHERE symbol = 'TLT') AS tlt,
           max(r) FILTER (WHERE symbol = 'IWM') AS iwm,
           max(r) FILTER (WHERE symbol = 'IWD') AS iwd,
           max(r) FILTER (WHERE symbol = 'IWF') AS iwf,
           max(r) FILTER (WHERE symbol = 'MTUM') AS mtum,
           max(r) FILTER (WHERE symbol = 'QUAL') AS qual,
           max(r) FILTER (WHERE symbol = 'USMV') AS usmv
    FROM returns
    WHERE symbol IN ('SPY', 'TLT', 'IWM', 'IWD', 'IWF', 'MTUM', 'QUAL', 'USMV')
    GROUP BY date
),
series AS ( -- each beta's x on each row, null unless the row is a common date of the symbol and the series
    SELECT t.symbol, t.date, t.high, t.low, t.close, t.volume, t.r,
           CASE WHEN t.r IS NOT NULL THEN l.spy END AS mkt,
           CASE WHEN t.r IS NOT NULL THEN l.tlt END AS rates,
           CASE WHEN t.r IS NOT NULL THEN l.iwm - l.spy END AS size,
           CASE WHEN t.r IS NOT NULL THEN l.iwd - l.iwf END AS value,
           CASE WHEN t.r IS NOT NULL THEN l.mtum - l.spy END AS momentum,
           CASE WHEN t.r IS NOT NULL THEN l.qual - l.spy END AS quality,
           CASE WHEN t.r IS NOT NULL THEN l.usmv - l.spy END AS low_vol
    FROM returns t
    LEFT JOIN legs l ON l.date = t.date
),
numbered AS ( -- n_<series>: the symbol's common dates with the series up to the row
    SELECT s.*,
           count(mkt) OVER so_far AS n_mkt,
           count(rates) OVER so_far AS n_rates,
           count(size) OVER so_far AS n_size,
           count(value) OVER so_far AS n_value,
           count(momentum) OVER so_far AS n_momentum,
           count(quality) OVER so_far AS n_quality,
           count(low_vol) OVER so_far AS n_low_vol
    FROM series s
    WINDOW so_far AS (PARTITION BY symbol ORDER BY date ROWS UNBOUNDED PRECEDING)
)
-- in bench_symbol_daily's column order. The betas test max(x) > min(x) themselves: regr_slope
-- only returns null for a zero Sxx, and its running (Youngs-Cramer) sums leave a tiny non-zero
-- Sxx for 90 equal x that are not exact binary fractions (a constant 0.1 gives a slope of ~1e14).
SELECT symbol, date, close, r AS "return",
       CASE WHEN count(r) OVER r21 = 21 THEN stddev_samp(r) OVER r21 * sqrt(252) END AS vol_21,
       CASE WHEN count(r) OVER r63 = 63 THEN stddev_samp(r) OVER r63 * sqrt(252) END AS vol_63,
       CASE WHEN count(r) OVER r252 = 252 THEN stddev_samp(r) OVER r252 * sqrt(252) END AS vol_252,
       CASE WHEN regr_count(r, mkt) OVER b_mkt = 90 AND max(mkt) OVER b_mkt > min(mkt) OVER b_mkt
            THEN regr_slope(r, mkt) OVER b_mkt END AS beta_mkt_90,
       CASE WHEN regr_count(r, rates) OVER b_rates = 90 AND max(rates) OVER b_rates > min(rates) OVER b_rates
            THEN regr_slope(r, rates) OVER b_rates END AS beta_rates_90,
       CASE WHEN count(*) OVER r252 = 252 THEN max(high) OVER r252 END AS high_52w,
       CASE WHEN count(*) OVER r252 = 252 THEN min(low) OVER r252 END AS low_52w,
       CASE WHEN count(*) OVER r30 = 30 THEN avg(volume) OVER r30 END AS avg_volume_30,
       CASE WHEN regr_count(r, size) OVER b_size = 90 AND max(size) OVER b_size > min(size) OVER b_size
            THEN regr_slope(r, size) OVER b_size END AS beta_size,
       CASE WHEN regr_count(r, value) OVER b_value = 90 AND max(value) OVER b_value > min(value) OVER b_value
            THEN regr_slope(r, value) OVER b_value END AS beta_value,
       CASE WHEN regr_count(r, momentum) OVER b_momentum = 90
                 AND max(momentum) OVER b_momentum > min(momentum) OVER b_momentum
            THEN regr_slope(r, momentum) OVER b_momentum END AS beta_momentum,
       CASE WHEN regr_count(r, quality) OVER b_quality = 90
                 AND max(quality) OVER b_quality > min(quality) OVER b_quality
            THEN regr_slope(r, quality) OVER b_quality END AS beta_quality,
       CASE WHEN regr_count(r, low_vol) OVER b_low_vol = 90
                 AND max(low_vol) OVER b_low_vol > min(low_vol) OVER b_low_vol
            THEN regr_slope(r, low_vol) OVER b_low_vol END AS beta_low_vol
FROM numbered
WINDOW r21 AS (PARTITION BY symbol ORDER BY date ROWS 20 PRECEDING),
       r30 AS (PARTITION BY symbol ORDER BY date ROWS 29 PRECEDING),
       r63 AS (PARTITION BY symbol ORDER BY date ROWS 62 PRECEDING),
       r252 AS (PARTITION BY symbol ORDER BY date ROWS 251 PRECEDING),
       b_mkt AS (PARTITION BY symbol ORDER BY n_mkt RANGE 89 PRECEDING),
       b_rates AS (PARTITION BY symbol ORDER BY n_rates RANGE 89 PRECEDING),
       b_size AS (PARTITION BY symbol ORDER BY n_size RANGE 89 PRECEDING),
       b_value AS (PARTITION BY symbol ORDER BY n_value RANGE 89 PRECEDING),
       b_momentum AS (PARTITION BY symbol ORDER BY n_momentum RANGE 89 PRECEDING),
       b_quality AS (PARTITION BY symbol ORDER BY n_quality RANGE 89 PRECEDING),
       b_low_vol AS (PARTITION BY symbol ORDER BY n_low_vol RANGE 89 PRECEDING);
