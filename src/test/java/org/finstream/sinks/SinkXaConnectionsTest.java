package org.finstream.sinks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Collection;
import javax.transaction.xa.Xid;
import org.apache.flink.api.common.JobID;
import org.apache.flink.connector.jdbc.datasource.transactions.xa.domain.TransactionId;
import org.finstream.runtime.EmbeddedPostgresServer;
import org.junit.jupiter.api.Test;
import org.postgresql.xa.PGXADataSource;

/**
 * A transaction a failed attempt prepared after its last checkpoint is found again by the
 * restarted attempt as its own (so the connector rolls it back and its row locks go), and only
 * by the sink that prepared it. On a real PostgreSQL server.
 */
class SinkXaConnectionsTest {
    @Test
    void theRestartedSubtaskRecognizesAndRollsBackWhatItsFailedAttemptPrepared() throws Exception {
        try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start();
             Connection db = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), "")) {
            try (Statement st = db.createStatement()) {
                st.execute("CREATE TABLE t (k int PRIMARY KEY, v int)");
                st.execute("INSERT INTO t VALUES (1, 0)");
            }
            byte[] job = new JobID().getBytes();
            TransactionId subtask0 = TransactionId.create(job, 0, 2);

            SinkXaConnections failed = connections(pg, 7);
            failed.open();
            TransactionId prepared = subtask0.withBranch(5);
            failed.start(prepared);
            try (Statement st = failed.getConnection().createStatement()) {
                st.executeUpdate("UPDATE t SET v = 1 WHERE k = 1");
            }
            failed.endAndPrepare(prepared);
            failed.close(); // the attempt is gone; its prepared transaction stays, holding row 1
            assertEquals(1, count(db, "SELECT count(*) FROM pg_prepared_xacts"));

            SinkXaConnections otherSink = connections(pg, 8);
            otherSink.open();
            assertTrue(otherSink.recover().isEmpty(), "another sink's transactions are not its own");
            otherSink.close();

            SinkXaConnections restarted = connections(pg, 7);
            restarted.open();
            Collection<Xid> recovered = restarted.recover();
            assertEquals(1, recovered.size());
            Xid xid = recovered.iterator().next();
            assertTrue(subtask0.belongsTo(xid), "the connector rolls back only what belongsTo its subtask: " + xid);
            assertTrue(!TransactionId.create(job, 1, 2).belongsTo(xid), "not subtask 1's");
            restarted.rollback(xid);
            restarted.close();

            assertEquals(0, count(db, "SELECT count(*) FROM pg_prepared_xacts"));
            try (Statement st = db.createStatement()) {
                st.execute("SET lock_timeout = '5s'"); // row 1 is free again
                assertEquals(1, st.executeUpdate("UPDATE t SET v = 2 WHERE k = 1"));
            }
            assertEquals(2, count(db, "SELECT v FROM t WHERE k = 1"), "the prepared update was rolled back");
        }
    }

    private static SinkXaConnections connections(EmbeddedPostgresServer pg, int formatId) {
        String url = pg.jdbcUrl();
        String user = pg.user();
        return new SinkXaConnections(() -> {
            PGXADataSource ds = new PGXADataSource();
            ds.setUrl(url);
            ds.setUser(user);
            return ds;
        }, formatId);
    }

    private static long count(Connection db, String sql) throws Exception {
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
