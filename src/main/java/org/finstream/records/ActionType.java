package org.finstream.records;

/** Corporate action types of METRICS.md section 1. */
public enum ActionType {
    /** value = new shares per old share (4 for a 4:1 split). */
    SPLIT,
    /** value = cash per share, quoted per post-split share. */
    DIVIDEND
}
