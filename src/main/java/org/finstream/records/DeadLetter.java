package org.finstream.records;

/** A rejected input record, with everything needed to inspect and replay it. */
public class DeadLetter {
    private String sourceTopic;
    private int partition;
    private long offset;
    private String key;
    private byte[] raw;
    private ErrorCode errorCode;
    private String message;
    private long rejectedAt;
    private String operator;

    public DeadLetter() {}

    public DeadLetter(SourceRef origin, ErrorCode errorCode, String message, long rejectedAt, String operator) {
        this.sourceTopic = origin.getTopic();
        this.partition = origin.getPartition();
        this.offset = origin.getOffset();
        this.key = origin.getKey();
        this.raw = origin.getRaw();
        this.errorCode = errorCode;
        this.message = message;
        this.rejectedAt = rejectedAt;
        this.operator = operator;
    }

    public String getSourceTopic() { return sourceTopic; }
    public void setSourceTopic(String sourceTopic) { this.sourceTopic = sourceTopic; }
    public int getPartition() { return partition; }
    public void setPartition(int partition) { this.partition = partition; }
    public long getOffset() { return offset; }
    public void setOffset(long offset) { this.offset = offset; }
    public String getKey() { return key; }
    public void setKey(String key) { this.key = key; }
    public byte[] getRaw() { return raw; }
    public void setRaw(byte[] raw) { this.raw = raw; }
    public ErrorCode getErrorCode() { return errorCode; }
    public void setErrorCode(ErrorCode errorCode) { this.errorCode = errorCode; }
    public String getMessage() { return message; }
    public void setMessage(String message) { this.message = message; }
    public long getRejectedAt() { return rejectedAt; }
    public void setRejectedAt(long rejectedAt) { this.rejectedAt = rejectedAt; }
    public String getOperator() { return operator; }
    public void setOperator(String operator) { this.operator = operator; }

    @Override
    public String toString() {
        return "DeadLetter{" + sourceTopic + "/" + partition + "@" + offset + " " + errorCode + ": " + message + "}";
    }
}
