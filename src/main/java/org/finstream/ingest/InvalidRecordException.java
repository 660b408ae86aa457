package org.finstream.ingest;

import org.finstream.records.ErrorCode;

/** Thrown by the parsers: the record is dead-lettered with this code and message. */
public class InvalidRecordException extends Exception {
    private final ErrorCode code;

    public InvalidRecordException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
