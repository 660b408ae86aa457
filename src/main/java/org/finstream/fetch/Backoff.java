package org.finstream.fetch;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Delays between attempts: exponential back-off with full jitter, {@code delay(retry) = uniform(0, min(max, base *
 * 2^retry))}, raised to what a server's {@code Retry-After} asks for.
 *
 * <p>{@code Retry-After} (RFC 9110 section 10.2.3) is either delta-seconds or an HTTP-date in any of the three
 * formats a recipient must accept (IMF-fixdate, obsolete RFC 850, asctime). It is capped at {@code maxRetryAfter}:
 * a hostile or broken server cannot stall the fetcher for longer than that per retry; if the server still refuses
 * after the capped wait, the attempt counts as another failure. An unparseable value is ignored. Immutable and
 * thread-safe if the random source is.
 */
public final class Backoff {
    private static final Pattern DELTA_SECONDS = Pattern.compile("\\d+");
    private static final Pattern RFC_850 = Pattern.compile(
            "[A-Za-z]+, (\\d{2})-([A-Za-z]{3})-(\\d{2}) (\\d{2}:\\d{2}:\\d{2}) GMT");
    private static final DateTimeFormatter ASCTIME = DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss yyyy", Locale.ROOT);
    private static final DateTimeFormatter RFC_850_REST = DateTimeFormatter.ofPattern("dd-MMM-yyyy HH:mm:ss", Locale.ROOT);

    private final long base;
    private final long max;
    private final Duration maxRetryAfter;
    private final DoubleSupplier random;

    /**
     * @param base the first retry's upper bound, &gt; 0
     * @param max the upper bound of any jittered delay, &ge; base
     * @param maxRetryAfter the most a {@code Retry-After} is honoured, &ge; 0
     * @param random uniform doubles in [0, 1)
     */
    public Backoff(Duration base, Duration max, Duration maxRetryAfter, DoubleSupplier random) {
        if (base == null || base.isNegative() || base.isZero()) {
            throw new IllegalArgumentException("backoff base must be > 0, was " + base);
        }
        if (max == null || max.compareTo(base) < 0) {
            throw new IllegalArgumentException("backoff max must be >= base " + base + ", was " + max);
        }
        if (maxRetryAfter == null || maxRetryAfter.isNegative()) {
            throw new IllegalArgumentException("maxRetryAfter must be >= 0, was " + maxRetryAfter);
        }
        this.base = base.toNanos();
        this.max = max.toNanos();
        this.maxRetryAfter = maxRetryAfter;
        this.random = Objects.requireNonNull(random, "random");
    }

    /** The jittered delay before retry number {@code retry} (0 for the retry after the first failure). */
    public Duration delay(int retry) {
        if (retry < 0) {
            throw new IllegalArgumentException("retry must be >= 0, was " + retry);
        }
        long cap = retry >= Long.numberOfLeadingZeros(base) ? max : Math.min(max, base << retry);
        return Duration.ofNanos((long) (random.getAsDouble() * cap));
    }

    /**
     * The delay before retry number {@code retry} given the failed response's {@code Retry-After} (null if
     * absent): at least the (capped) time it asks for, measured from {@code now}.
     */
    public Duration delay(int retry, String retryAfter, Instant now) {
        Duration jittered = delay(retry);
        return parseRetryAfter(retryAfter, now)
                .map(wait -> wait.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : wait)
                .filter(wait -> wait.compareTo(jittered) > 0)
                .orElse(jittered);
    }

    /**
     * How long a {@code Retry-After} value asks to wait from {@code now} (zero for a date in the past), or empty
     * if it is absent or neither delta-seconds nor an HTTP-date. Not capped.
     */
    public static Optional<Duration> parseRetryAfter(String value, Instant now) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.trim();
        if (DELTA_SECONDS.matcher(v).matches()) {
            // more than 18 digits cannot be a long; such a wait is "forever" and will be capped anyway
            return Optional.of(v.length() > 18 ? Duration.ofSeconds(Long.MAX_VALUE) : Duration.ofSeconds(Long.parseLong(v)));
        }
        return httpDate(v, now).map(date -> date.isAfter(now) ? Duration.between(now, date) : Duration.ZERO);
    }

    private static Optional<Instant> httpDate(String v, Instant now) {
        try {
            return Optional.of(ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException notImfFixdate) {
            // try the obsolete formats
        }
        Matcher m = RFC_850.matcher(v);
        try {
            if (m.matches()) {
                // a two-digit year more than 50 years in the future is in the past century (RFC 9110 5.6.7)
                int year = 2000 + Integer.parseInt(m.group(3));
                if (year > now.atZone(ZoneOffset.UTC).getYear() + 50) {
                    year -= 100;
                }
                String rest = m.group(1) + "-" + m.group(2) + "-" + year + " " + m.group(4);
                return Optional.of(LocalDateTime.parse(rest, RFC_850_REST).toInstant(ZoneOffset.UTC));
            }
            return Optional.of(LocalDateTime.parse(v.replaceAll(" +", " "), ASCTIME).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException notADate) {
            return Optional.empty();
        }
    }
}
