package org.finstream.records;

import java.util.Objects;

/** 64-bit value hash (FNV-1a over the fields' own hashes) for duplicate detection. */
public final class Fingerprint {
    private long h = 0xcbf29ce484222325L;

    public Fingerprint add(Object value) {
        return addLong(value == null ? 0x9e3779b97f4a7c15L : Objects.hashCode(value));
    }

    public Fingerprint add(double value) {
        return addLong(Double.doubleToLongBits(value));
    }

    private Fingerprint addLong(long v) {
        for (int i = 0; i < 8; i++) {
            h ^= (v >>> (8 * i)) & 0xff;
            h *= 0x100000001b3L;
        }
        return this;
    }

    public long value() {
        return h;
    }
}
