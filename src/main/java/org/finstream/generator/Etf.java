package org.finstream.generator;

/**
 * The eight ETFs every universe contains, each defined on the factor model: SPY tracks the
 * market, TLT the rates factor, and the style ETFs are SPY plus their spread, so that the
 * default spreads of METRICS.md (IWM-SPY, IWD-IWF, MTUM-SPY, QUAL-SPY, USMV-SPY) recover the
 * factors up to a little tracking noise.
 */
enum Etf {
    SPY("SPDR S&P 500 ETF Trust", "Equity Index", 384.0, 0.0, 0.010, 80_000_000),
    TLT("iShares 20+ Year Treasury Bond ETF", "Treasury Bond", 100.0, 0.0005, 0.006, 20_000_000),
    IWM("iShares Russell 2000 ETF", "Equity Index", 175.0, 0.0008, 0.012, 30_000_000),
    IWD("iShares Russell 1000 Value ETF", "Equity Factor", 152.0, 0.0008, 0.010, 2_000_000),
    IWF("iShares Russell 1000 Growth ETF", "Equity Factor", 215.0, 0.0008, 0.011, 1_500_000),
    MTUM("iShares MSCI USA Momentum Factor ETF", "Equity Factor", 143.0, 0.0008, 0.011, 1_000_000),
    QUAL("iShares MSCI USA Quality Factor ETF", "Equity Factor", 117.0, 0.0008, 0.010, 1_500_000),
    USMV("iShares MSCI USA Min Vol Factor ETF", "Equity Factor", 72.0, 0.0008, 0.009, 3_000_000);

    private final String fullName;
    private final String industry;
    private final double startPrice;
    private final double trackingVol;
    private final double typicalVol;
    private final double averageVolume;

    Etf(String fullName, String industry, double startPrice, double trackingVol, double typicalVol,
        double averageVolume) {
        this.fullName = fullName;
        this.industry = industry;
        this.startPrice = startPrice;
        this.trackingVol = trackingVol;
        this.typicalVol = typicalVol;
        this.averageVolume = averageVolume;
    }

    /** The model return before tracking noise. */
    double modelReturn(FactorDay f) {
        return switch (this) {
            case SPY -> f.spy();
            case TLT -> f.rates();
            case IWM -> f.spy() + f.spread(Spread.SIZE);
            case IWD -> f.spy() + f.spread(Spread.VALUE) / 2;
            case IWF -> f.spy() - f.spread(Spread.VALUE) / 2;
            case MTUM -> f.spy() + f.spread(Spread.MOMENTUM);
            case QUAL -> f.spy() + f.spread(Spread.QUALITY);
            case USMV -> f.spy() + f.spread(Spread.LOW_VOL);
        };
    }

    String fullName() {
        return fullName;
    }

    String industry() {
        return industry;
    }

    double startPrice() {
        return startPrice;
    }

    /** Daily volatility of the ETF's own noise (SPY's is part of {@link FactorDay#spy()}). */
    double trackingVol() {
        return trackingVol;
    }

    /** Approximate daily volatility, which scales the intraday range. */
    double typicalVol() {
        return typicalVol;
    }

    double averageVolume() {
        return averageVolume;
    }
}
