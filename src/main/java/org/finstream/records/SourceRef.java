package org.finstream.records;

/**
 * Where an input record came from: enough to dead-letter it later with its raw bytes.
 * Ingest attaches it; the dedup stage drops it once the record is accepted.
 */
public class SourceRef {
    private String topic;
    private int partition;
    private long offset;
    private String key;
    private byte[] raw;

    public SourceRef() {}

    public SourceRef(String topic, int partition, long offset, String key, byte[] raw) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.key = key;
        this.raw = raw;
    }

    public String getTopic() { return topic; }
    public void setTopic(String topic) { this.topic = topic; }
    public int getPartition() { return partition; }
    public void setPartition(int partition) { this.partition = partition; }
    public long getOffset() { return offset; }
    public void setOffset(long offset) { this.offset = offset; }
    public String getKey() { return key; }
    public void setKey(String key) { this.key = key; }
    public byte[] getRaw() { return raw; }
    public void setRaw(byte[] raw) { this.raw = raw; }
}
