-- The Flink SQL peer of finstream's per-symbol daily metrics (METRICS.md section 3): the same
-- numbers as symbol_daily.sql, computed from the whole history at once with Flink SQL OVER
-- windows in batch execution mode (org.finstream.bench.FlinkSqlPeer runs it, writes the result
-- to PostgreSQL table flinksql_symbol_daily and compares it with symbol_daily). One query, no
-- user-defined functions: the driver only parses the CSV files into rows.
--
-- Input: the views bench_prices (symbol, `date`, `open`, high, low, `close`, volume) and
-- bench_actions (symbol, ex_date, `type`, `value`), registered by FlinkSqlPeer from the
-- prices*.csv and corporate_actions*.csv files, valid records only, at most one bar per symbol
-- and date and no repeated action (as for symbol_daily.sql).
-- Output: symbol_daily's names and types for close, `return`, vol_21/63/252, beta_mkt_90,
-- beta_rates_90, the five spread betas, high_52w, low_52w and avg_volume_30, for the default
-- configuration (benchmark SPY, rates proxy TLT, spreads size=IWM-SPY, value=IWD-IWF,
-- momentum=MTUM-SPY, quality=QUAL-SPY, low_vol=USMV-SPY, 252 annualization days), in
-- bench_symbol_daily's column order. No ridge columns.
--
-- The definitions are symbol_daily.sql's (SymbolMetricsReference's Javadoc); what Flink SQL
-- lacks is formulated differently:
-- * Flink SQL has no product aggregate, so the splits of the folded ex-dates multiply as
--   exp(sum(ln s_e)) (splits are > 0: validation rejects the others). The fold of ex-dates in
--   order (D = D / s_e + D_e, s = s * s_e) has the closed form D * s = sum_e D_e * S_e, S_e the
--   product of the splits up to and including ex-date e (a running sum of ln s_e over the
--   bar's ex-dates ordered by date), so r = (close * s + D * s) / previous close - 1.
-- * Flink SQL has no regr_slope (a parse error) and no covar_samp ("No match found for function
--   signature COVAR_SAMP"): a beta is (n Sxy - Sx Sy) / (n Sxx - Sx^2) over the frame (Sy over
--   the rows whose x is not null). On daily returns, whose mean is small against their spread,
--   these raw sums cancel little: the values stay within the PostgreSQL peer's 1e-9 relative
--   (1.6e-15 at most on SqlPeerTest's market).
-- * The "last 90 common dates" frames are symbol_daily.sql's: each series numbers the symbol's
--   common dates (n_<series>, carried over the rows in between), and RANGE BETWEEN 89
--   PRECEDING AND CURRENT ROW on that number holds the last 90 common dates (Flink's batch OVER
--   supports RANGE frames on a numeric column). The rows in between add nothing (x is null), so
--   a row that is not a common date gets the beta as of its latest common date.
-- * Null when the 90 x are all equal (max(x) > min(x), as in symbol_daily.sql), and every
--   windowed value is null unless its frame holds the full window (count ... OVER the frame).

WITH bars AS (
    SELECT symbol, `date`, high, low, `close`, volume,
           LAG(`date`) OVER previous AS prev_date,
           LAG(`close`) OVER previous AS prev_close
    FROM bench_prices
    WINDOW previous AS (PARTITION BY symbol ORDER BY `date`)
),
ex_dates AS ( -- the actions of one ex-date combined: ln of the product of its splits, sum of its dividends
    SELECT symbol, ex_date,
           SUM(CASE WHEN LOWER(`type`) = 'split' THEN LN(`value`) ELSE CAST(0 AS DOUBLE) END) AS ln_split,
           SUM(CASE WHEN LOWER(`type`) = 'dividend' THEN `value` ELSE CAST(0 AS DOUBLE) END) AS dividend
    FROM bench_actions
    GROUP BY symbol, ex_date
),
bar_ex_dates AS ( -- per bar, its ex-dates in (previous bar, bar], with the running ln S_e in ex-date order
    SELECT b.symbol, b.`date`, e.ex_date, e.dividend, e.ln_split,
           SUM(e.ln_split) OVER (PARTITION BY b.symbol, b.`date` ORDER BY e.ex_date
                                 ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS ln_running
    FROM bars b
    JOIN ex_dates e ON e.symbol = b.symbol AND e.ex_date > b.prev_date AND e.ex_date <= b.`date`
),
folded AS ( -- per bar with ex-dates: s and D * s of its ex-dates folded in order
    SELECT symbol, `date`, EXP(SUM(ln_split)) AS s, SUM(dividend * EXP(ln_running)) AS ds
    FROM bar_ex_dates
    GROUP BY symbol, `date`
),
bar_returns AS ( -- r is null on the symbol's first bar
    SELECT b.symbol, b.`date`, b.high, b.low, b.`close`, b.volume,
           (b.`close` * COALESCE(f.s, CAST(1 AS DOUBLE)) + COALESCE(f.ds, CAST(0 AS DOUBLE))) / b.prev_close - 1 AS r
    FROM bars b
    LEFT JOIN folded f ON f.symbol = b.symbol AND f.`date` = b.`date`
),
legs AS ( -- the returns of the reference symbols by date
    SELECT `date`,
           MAX(CASE WHEN symbol = 'SPY' THEN r END) AS spy,
           MAX(CASE WHEN symbol = 'TLT' THEN r END) AS tlt,
           MAX(CASE WHEN symbol = 'IWM' THEN r END) AS iwm,
           MAX(CASE WHEN symbol = 'IWD' THEN r END) AS iwd,
           MAX(CASE WHEN symbol = 'IWF' THEN r END) AS iwf,
           MAX(CASE WHEN symbol = 'MTUM' THEN r END) AS mtum,
           MAX(CASE WHEN symbol = 'QUAL' THEN r END) AS qual,
           MAX(CASE WHEN symbol = 'USMV' THEN r END) AS usmv
    FROM bar_returns
    WHERE symbol IN ('SPY', 'TLT', 'IWM', 'IWD', 'IWF', 'MTUM', 'QUAL', 'USMV')
    GROUP BY `date`
),
series AS ( -- each beta's x on each row, null unless the row is a common date of the symbol and the series
    SELECT t.symbol, t.`date`, t.high, t.low, t.`close`, t.volume, t.r,
           CASE WHEN t.r IS NOT NULL THEN l.spy END AS mkt,
           CASE WHEN t.r IS NOT NULL THEN l.tlt END AS rates,
           CASE WHEN t.r IS NOT NULL THEN l.iwm - l.spy END AS size,
           CASE WHEN t.r IS NOT NULL THEN l.iwd - l.iwf END AS val,
           CASE WHEN t.r IS NOT NULL THEN l.mtum - l.spy END AS momentum,
           CASE WHEN t.r IS NOT NULL THEN l.qual - l.spy END AS quality,
           CASE WHEN t.r IS NOT NULL THEN l.usmv - l.spy END AS low_vol
    FROM bar_returns t
    LEFT JOIN legs l ON l.`date` = t.`date`
),
numbered AS ( -- n_<series>: the symbol's common dates with the series up to the row
    SELECT symbol, `date`, high, low, `close`, volume, r,
           mkt, rates, size, val, momentum, quality, low_vol,
           COUNT(mkt) OVER so_far AS n_mkt,
           COUNT(rates) OVER so_far AS n_rates,
           COUNT(size) OVER so_far AS n_size,
           COUNT(val) OVER so_far AS n_value,
           COUNT(momentum) OVER so_far AS n_momentum,
           COUNT(quality) OVER so_far AS n_quality,
           COUNT(low_vol) OVER so_far AS n_low_vol
    FROM series
    WINDOW so_far AS (PARTITION BY symbol ORDER BY `date` ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
),
sums AS ( -- the windows' aggregates; per beta n, Sx, Sy, Sxy, Sxx and the range of x
    SELECT symbol, `date`, `close`, r,
           COUNT(r) OVER r21 AS n21, STDDEV_SAMP(r) OVER r21 AS sd21,
           COUNT(r) OVER r63 AS n63, STDDEV_SAMP(r) OVER r63 AS sd63,
           COUNT(r) OVER r252 AS n252, STDDEV_SAMP(r) OVER r252 AS sd252,
           COUNT(*) OVER r252 AS bars252, MAX(high) OVER r252 AS max_high, MIN(low) OVER r252 AS min_low,
           COUNT(*) OVER r30 AS bars30, AVG(volume) OVER r30 AS avg_volume,
           COUNT(mkt) OVER b_mkt AS mkt_n, SUM(mkt) OVER b_mkt AS mkt_sx,
           SUM(CASE WHEN mkt IS NOT NULL THEN r END) OVER b_mkt AS mkt_sy, SUM(mkt * r) OVER b_mkt AS mkt_sxy,
           SUM(mkt * mkt) OVER b_mkt AS mkt_sxx, MAX(mkt) OVER b_mkt AS mkt_max, MIN(mkt) OVER b_mkt AS mkt_min,
           COUNT(rates) OVER b_rates AS rates_n, SUM(rates) OVER b_rates AS rates_sx,
           SUM(CASE WHEN rates IS NOT NULL THEN r END) OVER b_rates AS rates_sy,
           SUM(rates * r) OVER b_rates AS rates_sxy, SUM(rates * rates) OVER b_rates AS rates_sxx,
           MAX(rates) OVER b_rates AS rates_max, MIN(rates) OVER b_rates AS rates_min,
           COUNT(size) OVER b_size AS size_n, SUM(size) OVER b_size AS size_sx,
           SUM(CASE WHEN size IS NOT NULL THEN r END) OVER b_size AS size_sy,
           SUM(size * r) OVER b_size AS size_sxy, SUM(size * size) OVER b_size AS size_sxx,
           MAX(size) OVER b_size AS size_max, MIN(size) OVER b_size AS size_min,
           COUNT(val) OVER b_value AS value_n, SUM(val) OVER b_value AS value_sx,
           SUM(CASE WHEN val IS NOT NULL THEN r END) OVER b_value AS value_sy,
           SUM(val * r) OVER b_value AS value_sxy, SUM(val * val) OVER b_value AS value_sxx,
           MAX(val) OVER b_value AS value_max, MIN(val) OVER b_value AS value_min,
           COUNT(momentum) OVER b_momentum AS momentum_n, SUM(momentum) OVER b_momentum AS momentum_sx,
           SUM(CASE WHEN momentum IS NOT NULL THEN r END) OVER b_momentum AS momentum_sy,
           SUM(momentum * r) OVER b_momentum AS momentum_sxy, SUM(momentum * momentum) OVER b_momentum AS momentum_sxx,
           MAX(momentum) OVER b_momentum AS momentum_max, MIN(momentum) OVER b_momentum AS momentum_min,
           COUNT(quality) OVER b_quality AS quality_n, SUM(quality) OVER b_quality AS quality_sx,
           SUM(CASE WHEN quality IS NOT NULL THEN r END) OVER b_quality AS quality_sy,
           SUM(quality * r) OVER b_quality AS quality_sxy, SUM(quality * quality) OVER b_quality AS quality_sxx,
           MAX(quality) OVER b_quality AS quality_max, MIN(quality) OVER b_quality AS quality_min,
           COUNT(low_vol) OVER b_low_vol AS low_vol_n, SUM(low_vol) OVER b_low_vol AS low_vol_sx,
           SUM(CASE WHEN low_vol IS NOT NULL THEN r END) OVER b_low_vol AS low_vol_sy,
           SUM(low_vol * r) OVER b_low_vol AS low_vol_sxy, SUM(low_vol * low_vol) OVER b_low_vol AS low_vol_sxx,
           MAX(low_vol) OVER b_low_vol AS low_vol_max, MIN(low_vol) OVER b_low_vol AS low_vol_min
    FROM numbered
    WINDOW r21 AS (PARTITION BY symbol ORDER BY `date` ROWS BETWEEN 20 PRECEDING AND CURRENT ROW),
           r30 AS (PARTITION BY symbol ORDER BY `date` ROWS BETWEEN 29 PRECEDING AND CURRENT ROW),
           r63 AS (PARTITION BY symbol ORDER BY `date` ROWS BETWEEN 62 PRECEDING AND CURRENT ROW),
           r252 AS (PARTITION BY symbol ORDER BY `date` ROWS BETWEEN 251 PRECEDING AND CURRENT ROW),
           b_mkt AS (PARTITION BY symbol ORDER BY n_mkt RANGE BETWEEN 89 PRECEDING AND CURRENT ROW),
           b_rates AS (PARTITION BY symbol ORDER BY n_rates RANGE BETWEEN 89 PRECEDING AND CURRENT ROW),
           b_size AS (PARTITION BY symbol ORDER BY n_size RANGE BETWEEN 89 PRECEDING AND CURRENT ROW),
           b_value AS (PARTITION BY symbol ORDER BY n_value RANGE BETWEEN 89 PRECEDING AND CURRENT ROW),
           b_momentum AS (PARTITION BY symbol ORDER BY n_momentum RANGE BETWEEN 89 PRECEDING AND CURRENT ROW),
           b_quality AS (PARTITION BY symbol ORDER BY n_quality RANGE BETWEEN 89 PRECEDING AND CURRENT ROW),
           b_low_vol AS (PARTITION BY symbol ORDER BY n_low_vol RANGE BETWEEN 89 PRECEDING AND CURRENT ROW)
)
-- in bench_symbol_daily's column order
SELECT symbol, `date`, `close`, r AS `return`,
       CASE WHEN n21 = 21 THEN sd21 * SQRT(CAST(252 AS DOUBLE)) END AS vol_21,
       CASE WHEN n63 = 63 THEN sd63 * SQRT(CAST(252 AS DOUBLE)) END AS vol_63,
       CASE WHEN n252 = 252 THEN sd252 * SQRT(CAST(252 AS DOUBLE)) END AS vol_252,
       CASE WHEN mkt_n = 90 AND mkt_max > mkt_min
            THEN (mkt_n * mkt_sxy - mkt_sx * mkt_sy) / (mkt_n * mkt_sxx - mkt_sx * mkt_sx) END AS beta_mkt_90,
       CASE WHEN rates_n = 90 AND rates_max > rates_min
            THEN (rates_n * rates_sxy - rates_sx * rates_sy) / (rates_n * rates_sxx - rates_sx * rates_sx)
            END AS beta_rates_90,
       CASE WHEN bars252 = 252 THEN max_high END AS high_52w,
       CASE WHEN bars252 = 252 THEN min_low END AS low_52w,
       CASE WHEN bars30 = 30 THEN avg_volume END AS avg_volume_30,
       CASE WHEN size_n = 90 AND size_max > size_min
            THEN (size_n * size_sxy - size_sx * size_sy) / (size_n * size_sxx - size_sx * size_sx) END AS beta_size,
       CASE WHEN value_n = 90 AND value_max > value_min
            THEN (value_n * value_sxy - value_sx * value_sy) / (value_n * value_sxx - value_sx * value_sx)
            END AS beta_value,
       CASE WHEN momentum_n = 90 AND momentum_max > momentum_min
            THEN (momentum_n * momentum_sxy - momentum_sx * momentum_sy)
                 / (momentum_n * momentum_sxx - momentum_sx * momentum_sx) END AS beta_momentum,
       CASE WHEN quality_n = 90 AND quality_max > quality_min
            THEN (quality_n * quality_sxy - quality_sx * quality_sy)
                 / (quality_n * quality_sxx - quality_sx * quality_sx) END AS beta_quality,
       CASE WHEN low_vol_n = 90 AND low_vol_max > low_vol_min
            THEN (low_vol_n * low_vol_sxy - low_vol_sx * low_vol_sy)
                 / (low_vol_n * low_vol_sxx - low_vol_sx * low_vol_sx) END AS beta_low_vol
FROM sums
