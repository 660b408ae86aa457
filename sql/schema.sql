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
    PRIMARY KEY (symbol, date)
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
