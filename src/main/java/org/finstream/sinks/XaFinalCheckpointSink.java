package org.finstream.sinks;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;
import org.apache.flink.connector.jdbc.core.datastream.sink.committer.JdbcCommitable;
import org.apache.flink.connector.jdbc.core.datastream.sink.writer.JdbcWriter;
import org.apache.flink.connector.jdbc.core.datastream.sink.writer.JdbcWriterState;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * The JDBC connector's (4.0.0-2.0) exactly-once sink, able to take more than one checkpoint after
 * the end of its input. Its writer prepares the open transaction before each checkpoint and
 * starts the next one in the snapshot; after the end of input Flink no longer asks it to prepare,
 * so when the first checkpoint after the end does not complete (another task declined it, say)
 * the next snapshot found the last transaction still open and failed the job with "currentXid
 * not null". This sink's writer prepares that transaction (empty: no row comes after the end)
 * first.
 */
final class XaFinalCheckpointSink<IN> implements Sink<IN>, SupportsWriterState<IN, JdbcWriterState>,
        SupportsCommitter<JdbcCommitable> {
    private final JdbcSink<IN> sink;

    XaFinalCheckpointSink(JdbcSink<IN> sink) {
        this.sink = sink;
    }

    @Override
    public StatefulSinkWriter<IN, JdbcWriterState> createWriter(WriterInitContext context) throws IOException {
        return new Writer<>(sink.createWriter(context));
    }

    @Override
    public StatefulSinkWriter<IN, JdbcWriterState> restoreWriter(WriterInitContext context,
            Collection<JdbcWriterState> recoveredState) throws IOException {
        return new Writer<>(sink.restoreWriter(context, recoveredState));
    }

    @Override
    public SimpleVersionedSerializer<JdbcWriterState> getWriterStateSerializer() {
        return sink.getWriterStateSerializer();
    }

    @Override
    public Committer<JdbcCommitable> createCommitter(CommitterInitContext context) throws IOException {
        return sink.createCommitter(context);
    }

    @Override
    public SimpleVersionedSerializer<JdbcCommitable> getCommittableSerializer() {
        return sink.getCommittableSerializer();
    }

    private static final class Writer<IN> implements StatefulSinkWriter<IN, JdbcWriterState>,
            CommittingSinkWriter<IN, JdbcCommitable> {
        private final JdbcWriter<IN> writer;
        /** A snapshot started a transaction that no {@link #prepareCommit} has prepared yet. */
        private boolean unprepared;

        Writer(JdbcWriter<IN> writer) {
            this.writer = writer;
        }

        @Override
        public void write(IN element, Context context) throws IOException, InterruptedException {
            writer.write(element, context);
        }

        @Override
        public void writeWatermark(Watermark watermark) throws IOException, InterruptedException {
            writer.writeWatermark(watermark);
        }

        @Override
        public void flush(boolean endOfInput) throws IOException, InterruptedException {
            writer.flush(endOfInput);
        }

        @Override
        public Collection<JdbcCommitable> prepareCommit() throws IOException, InterruptedException {
            unprepared = false;
            return writer.prepareCommit();
        }

        @Override
        public List<JdbcWriterState> snapshotState(long checkpointId) throws IOException {
            if (unprepared) {
                try {
                    Collection<JdbcCommitable> committables = writer.prepareCommit();
                    if (!committables.isEmpty()) {
                        throw new IllegalStateException("rows written after the end of input: " + committables);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted preparing the transaction of an incomplete checkpoint", e);
                }
            }
            unprepared = true;
            return writer.snapshotState(checkpointId);
        }

        @Override
        public void close() throws Exception {
            writer.close();
        }
    }
}
