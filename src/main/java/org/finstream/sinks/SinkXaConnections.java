package org.finstream.sinks;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Collection;
import javax.sql.XADataSource;
import javax.transaction.xa.Xid;
import org.apache.flink.connector.jdbc.datasource.connections.xa.PoolingXaConnectionProvider;
import org.apache.flink.connector.jdbc.datasource.connections.xa.XaConnectionProvider;
import org.apache.flink.connector.jdbc.datasource.transactions.xa.domain.TransactionId;
import org.apache.flink.connector.jdbc.datasource.transactions.xa.exceptions.TransientXaException;
import org.apache.flink.util.function.SerializableSupplier;

/**
 * The JDBC connector's XA connections, one per transaction (PostgreSQL cannot commit a prepared
 * transaction from a session that has one open), with XIDs of the sink's own format id. The connector
 * derives a transaction's XID from the job, subtask and checkpoint only, so two exactly-once
 * sinks of one job writing to one database would prepare the same XID ("transaction identifier
 * is already in use"); each finstream sink gets its own format id, so theirs never collide.
 */
final class SinkXaConnections implements XaConnectionProvider {
    private static final int CONNECTOR_FORMAT_ID = TransactionId.empty().getFormatId();

    private final XaConnectionProvider connections;
    private final int formatId;

    /** @param formatId this sink's XID format id (distinct per sink of a job, never the connector's own) */
    SinkXaConnections(SerializableSupplier<XADataSource> dataSource, int formatId) {
        if (formatId == CONNECTOR_FORMAT_ID) {
            throw new IllegalArgumentException("format id " + formatId + " is the connector's own");
        }
        this.connections = PoolingXaConnectionProvider.from(dataSource, null);
        this.formatId = formatId;
    }

    /** An XID as this sink writes it ({@code formatId}); equal by content. */
    private record SinkXid(int formatId, byte[] globalTransactionId, byte[] branchQualifier) implements Xid, Serializable {
        @Override public int getFormatId() { return formatId; }
        @Override public byte[] getGlobalTransactionId() { return globalTransactionId; }
        @Override public byte[] getBranchQualifier() { return branchQualifier; }

        @Override
        public boolean equals(Object o) {
            return o instanceof SinkXid x && x.formatId == formatId
                    && Arrays.equals(x.globalTransactionId, globalTransactionId)
                    && Arrays.equals(x.branchQualifier, branchQualifier);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * formatId + Arrays.hashCode(globalTransactionId)) + Arrays.hashCode(branchQualifier);
        }
    }

    private Xid own(Xid xid) {
        return new SinkXid(formatId, xid.getGlobalTransactionId(), xid.getBranchQualifier());
    }

    @Override public void open() throws Exception { connections.open(); }
    @Override public boolean isOpen() { return connections.isOpen(); }
    @Override public void start(Xid xid) throws Exception { connections.start(own(xid)); }
    @Override public void endAndPrepare(Xid xid) throws Exception { connections.endAndPrepare(own(xid)); }
    @Override public void commit(Xid xid, boolean ignoreUnknown) throws TransientXaException {
        connections.commit(own(xid), ignoreUnknown);
    }
    @Override public void rollback(Xid xid) throws TransientXaException { connections.rollback(own(xid)); }
    @Override public void failAndRollback(Xid xid) throws TransientXaException { connections.failAndRollback(own(xid)); }

    /**
     * This sink's prepared transactions, as the connector's own {@link TransactionId}s. On
     * recovery the connector rolls back those of a subtask that its restored state does not
     * commit (prepared after the last completed checkpoint), but it recognizes a transaction as a
     * subtask's only when it is a {@code TransactionId} instance, which the JDBC driver's
     * recovered XIDs are not: left prepared, they would hold their row locks and block the
     * restarted job's writes to those rows for ever.
     */
    @Override
    public Collection<Xid> recover() throws TransientXaException {
        return connections.recover().stream().filter(x -> x.getFormatId() == formatId)
                .map(x -> (Xid) connectorXid(x)).toList();
    }

    private static TransactionId connectorXid(Xid xid) {
        try {
            return TransactionId.restoreFromXid(CONNECTOR_FORMAT_ID, xid.getGlobalTransactionId(), xid.getBranchQualifier());
        } catch (IOException e) {
            throw new UncheckedIOException("not an XID of this sink: " + xid, e);
        }
    }

    @Override public Connection getConnection() { return connections.getConnection(); }
    @Override public boolean isConnectionValid() throws SQLException { return connections.isConnectionValid(); }
    @Override public Connection getOrEstablishConnection() throws SQLException, ClassNotFoundException {
        return connections.getOrEstablishConnection();
    }
    @Override public void closeConnection() { connections.closeConnection(); }
    @Override public Connection reestablishConnection() throws SQLException, ClassNotFoundException {
        return connections.reestablishConnection();
    }
    @Override public void close() throws Exception { connections.close(); }
}
