package org.finstream.generator;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Splits daily bars into {@code n} intraday bars, time-stamped 14:30Z + k * (390 / n) minutes
 * (every 30 minutes for the default 13), consistent with the daily bar: the first open is the
 * daily open, the last close the daily close, every bar lies within the daily [low, high], the
 * daily high and low are each reached by some bar, and the volumes sum to the daily volume. The
 * path between open and close is a Brownian bridge clipped to the daily range.
 */
final class IntradayBars {
    /** Length of the regular session in minutes (9:30 to 16:00 New York). */
    static final int SESSION_MINUTES = 390;
    /** Session open in UTC (9:30 EST; daylight saving time is ignored). */
    static final LocalTime SESSION_OPEN_UTC = LocalTime.of(14, 30);

    private final int bars;
    private final int stepMinutes;
    private final SplittableRandom rng;

    IntradayBars(int bars, SplittableRandom rng) {
        this.bars = bars;
        this.stepMinutes = SESSION_MINUTES / bars;
        this.rng = rng;
    }

    /** Writes the intraday bars of one day, ordered by timestamp, then by symbol. */
    void write(List<Instrument> universe, DailyBars daily, RowWriter out) throws IOException {
        int n = universe.size();
        long[][][] split = new long[n][][];
        for (int i = 0; i < n; i++) {
            split[i] = split(daily.open()[i], daily.high()[i], daily.low()[i], daily.close()[i], daily.volume()[i]);
        }
        Instant sessionOpen = daily.date().atTime(SESSION_OPEN_UTC).toInstant(ZoneOffset.UTC);
        String date = daily.date().toString();
        for (int k = 0; k < bars; k++) {
            String ts = sessionOpen.plusSeconds(60L * stepMinutes * k).toString();
            for (int i = 0; i < n; i++) {
                long[] b = split[i][k];
                out.row(universe.get(i).symbol(), date, Ticks.format(b[0]), Ticks.format(b[1]),
                        Ticks.format(b[2]), Ticks.format(b[3]), Long.toString(b[4]), ts);
            }
        }
    }

    /** {@code bars} rows of {open, high, low, close, volume}. */
    private long[][] split(long open, long high, long low, long close, long volume) {
        long[] path = bridge(open, close, high, low);
        long[][] out = new long[bars][];
        double wiggle = (high - low) / (2.0 * bars);
        for (int k = 0; k < bars; k++) {
            long o = path[k];
            long c = path[k + 1];
            long h = Math.min(high, Math.max(o, c) + Math.round(Math.abs(rng.nextGaussian()) * wiggle));
            long l = Math.max(low, Math.min(o, c) - Math.round(Math.abs(rng.nextGaussian()) * wiggle));
            out[k] = new long[] {o, h, l, c, 0};
        }
        out[rng.nextInt(bars)][1] = high;
        out[rng.nextInt(bars)][2] = low;
        long[] volumes = volumes(volume);
        for (int k = 0; k < bars; k++) {
            out[k][4] = volumes[k];
        }
        return out;
    }

    /** Prices at the bar boundaries 0..bars, from open to close, within [low, high]. */
    private long[] bridge(long open, long close, long high, long low) {
        double[] walk = new double[bars + 1];
        for (int k = 1; k <= bars; k++) {
            walk[k] = walk[k - 1] + rng.nextGaussian();
        }
        double scale = (high - low) / (2.0 * Math.sqrt(bars));
        long[] path = new long[bars + 1];
        path[0] = open;
        path[bars] = close;
        for (int k = 1; k < bars; k++) {
            double t = k / (double) bars;
            double p = open + (close - open) * t + scale * (walk[k] - t * walk[bars]);
            path[k] = Math.max(low, Math.min(high, Math.round(p)));
        }
        return path;
    }

    /** U-shaped (busy open and close) whole-share volumes summing exactly to {@code total}. */
    private long[] volumes(long total) {
        double[] weights = new double[bars];
        double sum = 0;
        double mid = (bars - 1) / 2.0;
        for (int k = 0; k < bars; k++) {
            double distance = mid == 0 ? 0 : (k - mid) / mid;
            weights[k] = (1 + 1.5 * distance * distance) * Draws.uniform(rng, 0.7, 1.3);
            sum += weights[k];
        }
        long[] volumes = new long[bars];
        long assigned = 0;
        for (int k = 0; k < bars - 1; k++) {
            volumes[k] = (long) Math.floor(total * weights[k] / sum);
            assigned += volumes[k];
        }
        volumes[bars - 1] = total - assigned;
        return volumes;
    }
}
