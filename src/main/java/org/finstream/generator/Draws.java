package org.finstream.generator;

import java.util.SplittableRandom;

/** Random draws used throughout the generator, all from an explicit {@link SplittableRandom}. */
final class Draws {
    private Draws() {}

    static double uniform(SplittableRandom rng, double from, double to) {
        return from + (to - from) * rng.nextDouble();
    }

    /** A draw whose logarithm is uniform between log(from) and log(to). */
    static double logUniform(SplittableRandom rng, double from, double to) {
        return Math.exp(uniform(rng, Math.log(from), Math.log(to)));
    }

    static double normal(SplittableRandom rng, double mean, double sd) {
        return mean + sd * rng.nextGaussian();
    }

    static boolean chance(SplittableRandom rng, double probability) {
        return rng.nextDouble() < probability;
    }

    /** An integer in from..to, both inclusive. */
    static int between(SplittableRandom rng, int from, int to) {
        return from + rng.nextInt(to - from + 1);
    }
}
