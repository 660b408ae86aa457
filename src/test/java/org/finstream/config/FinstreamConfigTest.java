package org.finstream.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FinstreamConfigTest {
    @Test
    void defaults() {
        FinstreamConfig c = FinstreamConfig.load(null, List.of(), k -> null);
        assertEquals(Duration.ofDays(1), c.ingest.allowedLateness);
        assertEquals("prices", c.kafka.topic("prices"));
        assertEquals("dead-letter-replays", c.kafka.topic("dead-letter-replays"));
        assertEquals(2, c.kafka.partitions);
    }

    @Test
    void fileThenOverridesThenEnvironment(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("f.yaml");
        Files.writeString(file, "kafka:\n  partitions: 6\n  topics:\n    prices: raw-prices\n"
                + "postgres:\n  url: jdbc:postgresql://db/x\n  properties:\n    sslmode: verify-full\n");
        FinstreamConfig c = FinstreamConfig.load(file,
                List.of("ingest.allowed-lateness=PT12H", "kafka.partitions=8", "kafka.properties.security.protocol=SSL"),
                Map.of("FINSTREAM_JDBC_URL", "jdbc:postgresql://env/y", "FINSTREAM_JDBC_PASSWORD", "s3cret")::get);
        assertEquals(8, c.kafka.partitions);
        assertEquals("raw-prices", c.kafka.topic("prices"));
        assertEquals("corporate-actions", c.kafka.topic("corporate-actions"));
        assertEquals(Duration.ofHours(12), c.ingest.allowedLateness);
        assertEquals("jdbc:postgresql://env/y", c.postgres.url);
        assertEquals("s3cret", c.postgres.password);
        assertEquals("verify-full", c.postgres.properties.get("sslmode"));
        assertEquals("SSL", c.kafka.properties.get("security.protocol"));
    }

    @Test
    void unknownKeysAndMissingFilesAreErrors(@TempDir Path dir) throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FinstreamConfig.load(null, List.of("ingest.lateness=PT1H"), k -> null));
        assertTrue(e.getMessage().contains("ingest.lateness"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> FinstreamConfig.load(dir.resolve("missing.yaml"), List.of(), k -> null));
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "kafka:\n  partition: 3\n");
        e = assertThrows(IllegalArgumentException.class, () -> FinstreamConfig.load(file, List.of(), k -> null));
        assertTrue(e.getMessage().contains("kafka.partition"), e.getMessage());
    }

    @Test
    void metricsDefaultsNameTheColumnsOfTheContract() {
        FinstreamConfig c = FinstreamConfig.load(null, List.of(), k -> null);
        assertEquals(List.of("vol_21", "vol_63", "vol_252", "beta_mkt_90", "beta_rates_90", "high_52w", "low_52w",
                "avg_volume_30", "beta_size", "beta_value", "beta_momentum", "beta_quality", "beta_low_vol", "alpha", "r2",
                "exp_mkt", "exp_size", "exp_value", "exp_momentum", "exp_quality", "exp_low_vol"), c.metrics.spec().columns());
        assertEquals(List.of("SPY", "TLT", "IWM|SPY", "IWD|IWF", "MTUM|SPY", "QUAL|SPY", "USMV|SPY"),
                c.metrics.seriesSymbols().stream().map(legs -> String.join("|", legs)).toList());
        assertEquals(1e-4, c.metrics.spec().ridgeLambda());
    }

    @Test
    void metricsFromAFileAndTheCommandLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("m.yaml");
        // a file's spreads replace the default map; --set adds one and lists are comma separated
        Files.writeString(file, "metrics:\n  benchmark: ^GSPC\n  spreads:\n    growth: IWF-SPY\n    dual: BRK-B - SPY\n"
                + "  factors: [mkt, growth]\n");
        FinstreamConfig c = FinstreamConfig.load(file, List.of("metrics.spreads.small=IWM-SPY",
                "metrics.volatility-windows=10, 21", "metrics.factors=mkt,rates,growth,small", "metrics.beta-window=60",
                "metrics.ridge-lambda=0.001"), k -> null);
        assertEquals(List.of("vol_10", "vol_21", "beta_mkt_60", "beta_rates_60", "high_52w", "low_52w", "avg_volume_30",
                "beta_growth", "beta_dual", "beta_small", "alpha", "r2", "exp_mkt", "exp_rates", "exp_growth", "exp_small"),
                c.metrics.spec().columns());
        assertEquals(List.of("^GSPC", "TLT", "IWF|SPY", "BRK-B|SPY", "IWM|SPY"),
                c.metrics.seriesSymbols().stream().map(legs -> String.join("|", legs)).toList());
        assertEquals(0.001, c.metrics.spec().ridgeLambda());
    }

    @Test
    void invalidMetricsSettingsSayWhatIsWrong() {
        Map<String, String> cases = Map.of(
                "metrics.spreads.size=IWMSPY", "metrics.spreads.size must be LONG-SHORT",
                "metrics.spreads.size=BRK-B-SPY", "write 'LONG - SHORT'",
                "metrics.spreads.Size=IWM-SPY", "spread name 'Size'",
                "metrics.benchmark=spy", "metrics.benchmark: 'spy' is not a symbol",
                "metrics.factors=mkt,growth", "factor 'growth' is neither",
                "metrics.volatility-windows=21,1", "volatility windows must be non-empty and >= 2",
                "metrics.ridge-lambda=-1", "ridge lambda must be finite and >= 0",
                "metrics.beta-window=1", "beta window must be >= 2",
                "metrics.spreads.mkt=IWM-SPY", "spread names must be distinct",
                "metrics.symbol-retention=PT1H", "metrics.symbol-retention must be at least one day");
        cases.forEach((setting, message) -> {
            FinstreamConfig c = FinstreamConfig.load(null, List.of(setting), k -> null);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> {
                c.metrics.spec();
                c.metrics.seriesSymbols();
            }, setting);
            assertTrue(e.getMessage().contains(message), setting + ": " + e.getMessage());
        });
    }

    @Test
    void theCorrectionWindowIsWholeDaysAndNotNegative() {
        assertEquals(10, FinstreamConfig.defaults().portfolio.correctionDays());
        assertEquals(5, FinstreamConfig.load(null, List.of("portfolio.correction-window=P5D"), k -> null)
                .portfolio.correctionDays());
        FinstreamConfig bad = FinstreamConfig.load(null, List.of("portfolio.correction-window=-P1D"), k -> null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, bad.portfolio::correctionDays);
        assertTrue(e.getMessage().contains("portfolio.correction-window"), e.getMessage());
    }

    @Test
    void theStateBackendIsRocksdbOrHashmap() {
        FinstreamConfig c = FinstreamConfig.load(null, List.of("flink.state-backend=hashmap"), k -> null);
        assertEquals("hashmap", org.finstream.runtime.FlinkEnvironments.jobSettings(c.flink).get("state.backend.type"));
        FinstreamConfig bad = FinstreamConfig.load(null, List.of("flink.state-backend=memory"), k -> null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> org.finstream.runtime.FlinkEnvironments.jobSettings(bad.flink));
        assertTrue(e.getMessage().contains("rocksdb or hashmap"), e.getMessage());
    }
}
