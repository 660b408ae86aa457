package org.finstream.analytics;

/**
 * An unevaluated sum {@code hi + lo} of two doubles with {@code |lo| <= ulp(hi) / 2}, carrying
 * about 106 bits of precision (double-double arithmetic, after Dekker and the QD library).
 * Additions use error-free TwoSum and products use {@link Math#fma}, so each operation has a
 * relative error of about 2^-104 of its operands' magnitude.
 */
record DoubleDouble(double hi, double lo) {
    static final DoubleDouble ZERO = new DoubleDouble(0.0, 0.0);

    static DoubleDouble of(double value) {
        return new DoubleDouble(value, 0.0);
    }

    DoubleDouble plus(DoubleDouble other) {
        double s = hi + other.hi;
        double sErr = twoSumError(hi, other.hi, s);
        double t = lo + other.lo;
        double tErr = twoSumError(lo, other.lo, t);
        DoubleDouble head = normalized(s, sErr + t);
        return normalized(head.hi, head.lo + tErr);
    }

    DoubleDouble minus(DoubleDouble other) {
        return plus(other.negate());
    }

    DoubleDouble negate() {
        return new DoubleDouble(-hi, -lo);
    }

    DoubleDouble times(DoubleDouble other) {
        double p = hi * other.hi;
        double pErr = Math.fma(hi, other.hi, -p) + (hi * other.lo + lo * other.hi);
        return normalized(p, pErr);
    }

    DoubleDouble dividedBy(int n) {
        double q = hi / n;
        double remainder = Math.fma(-q, n, hi); // exact: hi - q * n
        return normalized(q, (remainder + lo) / n);
    }

    /** Error of the rounded sum {@code s = a + b} (Knuth's TwoSum): a + b == s + error exactly. */
    private static double twoSumError(double a, double b, double s) {
        double bVirtual = s - a;
        return (a - (s - bVirtual)) + (b - bVirtual);
    }

    /** {@code a + b} as a normalized pair: the rounded sum and its exact error. */
    private static DoubleDouble normalized(double a, double b) {
        double s = a + b;
        return new DoubleDouble(s, twoSumError(a, b, s));
    }
}
