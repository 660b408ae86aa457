package org.finstream.generator;

/** The five long-short factor spreads of the model, with their daily volatility. */
enum Spread {
    SIZE(0.004),
    VALUE(0.004),
    MOMENTUM(0.005),
    QUALITY(0.003),
    LOW_VOL(0.003);

    private final double vol;

    Spread(double vol) {
        this.vol = vol;
    }

    double vol() {
        return vol;
    }
}
