package org.finstream.sinks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.base.IntSerializer;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.jdbc.core.datastream.sink.committer.JdbcCommitable;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessageTypeInfo;
import org.apache.flink.streaming.api.connector.sink2.CommittableWithLineage;
import org.apache.flink.streaming.runtime.operators.sink.SinkWriterOperatorFactory;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.finstream.config.FinstreamConfig;
import org.finstream.runtime.EmbeddedPostgresServer;
import org.junit.jupiter.api.Test;

/**
 * The exactly-once PostgreSQL sink, through Flink's own sink writer operator on a real PostgreSQL
 * server: each checkpoint's rows are prepared in one XA transaction at the barrier and committed
 * in the checkpoint's snapshot (the connector's writer commits there, not when the checkpoint
 * completes), and a bounded job's sink takes a second checkpoint after the end of its input when
 * the first did not complete (Flink snapshots the writer again with no prepare step in between,
 * which the connector's own writer refused: "currentXid not null").
 */
class XaFinalCheckpointTest {
    @Test
    void aSecondCheckpointAfterTheEndOfInput() throws Exception {
        try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start();
             Connection db = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), "")) {
            try (Statement st = db.createStatement()) {
                st.execute("CREATE TABLE t (k int PRIMARY KEY, v int)");
            }
            FinstreamConfig.Postgres config = FinstreamConfig.defaults().postgres;
            config.url = pg.jdbcUrl();
            config.user = pg.user();
            config.delivery = "exactly-once";
            @SuppressWarnings("unchecked")
            var sink = (Sink<Integer> & org.apache.flink.api.connector.sink2.SupportsCommitter<JdbcCommitable>)
                    JdbcSinks.<Integer>upsert(config, "INSERT INTO t VALUES (?, ?)", (ps, k) -> {
                        ps.setInt(1, k);
                        ps.setInt(2, k * 10);
                    });
            try (var harness = new OneInputStreamOperatorTestHarness<Integer, CommittableMessage<JdbcCommitable>>(
                    new SinkWriterOperatorFactory<Integer, JdbcCommitable>(sink), 1, 1, 0)) {
                harness.getStreamConfig().setupNetworkInputs(IntSerializer.INSTANCE);
                harness.getStreamConfig().serializeAllConfigs();
                harness.setup(CommittableMessageTypeInfo.of(sink::getCommittableSerializer)
                        .createSerializer(new SerializerConfigImpl()));
                harness.open();
                harness.processElement(1, 0);
                harness.prepareSnapshotPreBarrier(1);
                assertEquals(List.of(1L, 0L), preparedAndCommitted(db), "prepared at the barrier");
                harness.snapshot(1, 0);
                assertEquals(List.of(0L, 1L), preparedAndCommitted(db), "committed in the snapshot");
                harness.processElement(2, 0);
                harness.endInput();
                assertEquals(List.of(1L, 1L), preparedAndCommitted(db), "the last rows prepared at the end of input");
                harness.snapshot(2, 0); // the first checkpoint after the end, which does not complete
                harness.snapshot(3, 0);

                long committables = harness.extractOutputValues().stream()
                        .filter(m -> m instanceof CommittableWithLineage<?>).count();
                assertEquals(2, committables, "one transaction per checkpoint with rows, and one at the end");
                assertEquals(List.of(0L, 2L), preparedAndCommitted(db), "and committed in the next snapshot");
            }
        }
    }

    /** The number of prepared transactions, and of committed rows. */
    private static List<Long> preparedAndCommitted(Connection db) throws Exception {
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT (SELECT count(*) FROM pg_prepared_xacts), (SELECT count(*) FROM t)")) {
            rs.next();
            return List.of(rs.getLong(1), rs.getLong(2));
        }
    }
}
