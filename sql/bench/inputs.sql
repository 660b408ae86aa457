-- Input tables of the SQL peer (symbol_daily.sql): the prices*.csv and corporate_actions*.csv
-- columns, loaded as they are by org.finstream.bench.SqlPeer (COPY ... FROM STDIN) or by psql's
-- \copy. Dropped and created again, so every load starts empty.

DROP TABLE IF EXISTS bench_prices;
CREATE TABLE bench_prices (
    symbol text             NOT NULL,
    date   date             NOT NULL,
    open   double precision NOT NULL,
    high   double precision NOT NULL,
    low    double precision NOT NULL,
    close  double precision NOT NULL,
    volume double precision NOT NULL
);

DROP TABLE IF EXISTS bench_actions;
CREATE TABLE bench_actions (
    symbol  text             NOT NULL,
    ex_date date             NOT NULL,
    type    text             NOT NULL,
    value   double precision NOT NULL
);
