package org.finstream.analytics;

/**
 * Result of {@link RollingRidge#solve(double)}.
 *
 * @param coefficients b, one per factor, in the order the factors are added
 * @param alpha mean(y) - mean(X).b
 * @param r2 1 - SSE/SST over the window; null when y is constant in the window (SST = 0)
 */
public record RidgeFit(double[] coefficients, double alpha, Double r2) {}
