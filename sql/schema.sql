-- finstream result schema (PostgreSQL 14+). Applied by the embedded runtime and by
-- `finstream schema`; every statement is idempotent. Floats are double precision; every
-- result table is keyed by its result key so that replays upsert instead of duplicating.

CREATE TABLE IF NOT EXISTS symbol_daily (
    symbol        text             NOT NULL,
    date          date             NOT NULL,
    close         double precision NOT NULL,
    "return"      double precision,
    event_time    timestamptz      NOT NULL,
    provisional   boolean          NOT NULL,
    updated_at    timestamptz      NOT NULL DEFAULT now(),
    -- metrics with the default configuration (README "Per-symbol metrics"); columns of other
    -- configured windows, spreads and factors are added by the runtime (ALTER TABLE ... ADD
    -- COLUMN IF NOT EXISTS), and columns no longer configured are left in place, unwritten.
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
    alpha         double precision,
    r2            double precision,
    exp_mkt       double precision,
    exp_size      double precision,
    exp_value     double precision,
    exp_momentum  double precision,
    exp_quality   double precision,
    exp_low_vol   double precision,
    PRIMARY KEY (symbol, date)
);

-- One row per symbol and filing period end (README "Fundamentals"); a restatement upserts it.
CREATE TABLE IF NOT EXISTS fundamentals (
    symbol                        text             NOT NULL,
    period_end                    date             NOT NULL,
    fiscal_year                   integer          NOT NULL,
    fiscal_period                 text             NOT NULL,
    filed                         date             NOT NULL,
    form                          text             NOT NULL,
    accession                     text             NOT NULL,
    event_time                    timestamptz      NOT NULL,
    revenue_ttm                   double precision,
    gross_profit_ttm              double precision,
    operating_income_ttm          double precision,
    net_income_ttm                double precision,
    eps_ttm                       double precision,
    operating_cash_flow_ttm       double precision,
    capex_ttm                     double precision,
    fcf_ttm                       double precision,
    ebitda_ttm                    double precision,
    depreciation_amortization_ttm double precision,
    shares_outstanding            double precision,
    total_assets                  double precision,
    total_liabilities             double precision,
    current_assets                double precision,
    current_liabilities           double precision,
    stockholders_equity           double precision,
    retained_earnings             double precision,
    cash                          double precision,
    total_debt                    double precision,
    revenue_growth_yoy            double precision,
    eps_growth_yoy                double precision,
    piotroski_f                   integer,
    altman_z                      double precision,
    updated_at                    timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (symbol, period_end)
);

-- One row per symbol and trading day (README "Valuation"); provisional rows come from live prices.
CREATE TABLE IF NOT EXISTS valuation_daily (
    symbol           text             NOT NULL,
    date             date             NOT NULL,
    event_time       timestamptz      NOT NULL,
    provisional      boolean          NOT NULL,
    price            double precision NOT NULL,
    market_cap       double precision,
    pe               double precision,
    ps               double precision,
    pb               double precision,
    ev               double precision,
    ev_ebitda        double precision,
    fcf_yield        double precision,
    dividend_yield   double precision,
    gross_margin     double precision,
    operating_margin double precision,
    net_margin       double precision,
    roe              double precision,
    debt_to_equity   double precision,
    current_ratio    double precision,
    updated_at       timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (symbol, date)
);

-- One row per portfolio and portfolio day (README "Portfolios"). Aggregated metric columns of
-- other configurations are added by the runtime like those of symbol_daily; sector weights are
-- a JSON object {sector: weight} (the export pivots them into sector_<name> columns).
CREATE TABLE IF NOT EXISTS portfolio_daily (
    portfolio_id   text             NOT NULL,
    date           date             NOT NULL,
    event_time     timestamptz      NOT NULL,
    market_value   double precision NOT NULL,
    gross_exposure double precision NOT NULL,
    pnl            double precision NOT NULL,
    equity         double precision NOT NULL,
    "return"       double precision,
    vol_63         double precision,
    top5_weight    double precision,
    hhi            double precision,
    sector_weights jsonb            NOT NULL,
    beta_mkt_90    double precision,
    beta_rates_90  double precision,
    beta_size      double precision,
    beta_value     double precision,
    beta_momentum  double precision,
    beta_quality   double precision,
    beta_low_vol   double precision,
    alpha          double precision,
    exp_mkt        double precision,
    exp_size       double precision,
    exp_value      double precision,
    exp_momentum   double precision,
    exp_quality    double precision,
    exp_low_vol    double precision,
    updated_at     timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (portfolio_id, date)
);

-- The current correlation of each pair of symbols a portfolio holds (as of `date`).
CREATE TABLE IF NOT EXISTS portfolio_correlations (
    portfolio_id text             NOT NULL,
    symbol_a     text             NOT NULL,
    symbol_b     text             NOT NULL,
    date         date             NOT NULL,
    correlation  double precision,
    updated_at   timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (portfolio_id, symbol_a, symbol_b)
);

-- Each portfolio day's market value and P&L against the previous close: provisional while the
-- market is open (live prices), final at the close.
CREATE TABLE IF NOT EXISTS portfolio_live (
    portfolio_id text             NOT NULL,
    date         date             NOT NULL,
    event_time   timestamptz      NOT NULL,
    provisional  boolean          NOT NULL,
    market_value double precision NOT NULL,
    pnl          double precision NOT NULL,
    updated_at   timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (portfolio_id, date)
);

CREATE TABLE IF NOT EXISTS dead_letters (
    source_topic     text        NOT NULL,
    source_partition integer     NOT NULL,
    source_offset    bigint      NOT NULL,
    record_key       text,
    raw              bytea       NOT NULL,
    error_code       text        NOT NULL,
    message          text        NOT NULL,
    rejected_at      timestamptz NOT NULL,
    operator         text        NOT NULL,
    PRIMARY KEY (source_topic, source_partition, source_offset)
);
CREATE INDEX IF NOT EXISTS dead_letters_code ON dead_letters (error_code);
