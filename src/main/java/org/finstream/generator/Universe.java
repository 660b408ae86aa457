package org.finstream.generator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Draws the instruments of a run: {@code stocks} stocks with unique 3-4 letter tickers, a
 * sector drawn with S&P 500 sector weights, an industry, a CIK, a start price in 10..500 and,
 * for about half of them, a dividend yield of 0.5%-4%; plus the eight {@link Etf}s. Sorted by
 * symbol, which is the row order of every per-day block in the written files.
 */
final class Universe {
    static final double DIVIDEND_PAYER_SHARE = 0.5;

    private static final String[] NAME_STEMS = {"Al", "Bel", "Cor", "Dyn", "Ev", "Fal", "Gen", "Hal", "Ion",
        "Jun", "Kel", "Lum", "Mar", "Nov", "Or", "Pra", "Quin", "Ros", "Sol", "Tor", "Ul", "Ver", "Wex",
        "Xan", "Yor", "Zen"};
    private static final String[] NAME_ENDINGS = {"tech", "ex", "ara", "on", "is", "ant", "ora", "ium",
        "co", "ix", "eon", "ova"};
    private static final String[] COMPANY_SUFFIXES = {"Inc.", "Corp.", "Holdings Inc.", "Group Inc.", "Co.",
        "Ltd."};
    private static final int CIK_FROM = 1_000_000;
    private static final int CIK_RANGE = 1_000_000;

    private Universe() {}

    static List<Instrument> generate(int stocks, SplittableRandom rng) {
        Set<String> tickers = new HashSet<>();
        Set<Integer> ciks = new HashSet<>();
        for (Etf e : Etf.values()) {
            tickers.add(e.name());
        }
        List<Instrument> all = new ArrayList<>(stocks + Etf.values().length);
        for (int i = 0; i < stocks; i++) {
            Sector sector = drawSector(rng);
            String industry = sector.industries().get(rng.nextInt(sector.industries().size()));
            double yield = Draws.chance(rng, DIVIDEND_PAYER_SHARE) ? Draws.uniform(rng, 0.005, 0.04) : 0;
            all.add(new Instrument(uniqueTicker(tickers, rng), companyName(rng), sector, industry,
                    uniqueCik(ciks, rng), null, Draws.uniform(rng, 10, 500), yield));
        }
        for (Etf e : Etf.values()) {
            all.add(new Instrument(e.name(), e.fullName(), null, e.industry(), uniqueCik(ciks, rng), e,
                    e.startPrice(), 0));
        }
        all.sort(Comparator.comparing(Instrument::symbol));
        return List.copyOf(all);
    }

    private static Sector drawSector(SplittableRandom rng) {
        int total = 0;
        for (Sector s : Sector.values()) {
            total += s.weight();
        }
        int pick = rng.nextInt(total);
        for (Sector s : Sector.values()) {
            pick -= s.weight();
            if (pick < 0) {
                return s;
            }
        }
        throw new AssertionError("weights exhausted");
    }

    private static String uniqueTicker(Set<String> taken, SplittableRandom rng) {
        while (true) {
            int length = Draws.chance(rng, 0.4) ? 3 : 4;
            StringBuilder t = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                t.append((char) ('A' + rng.nextInt(26)));
            }
            if (taken.add(t.toString())) {
                return t.toString();
            }
        }
    }

    private static String uniqueCik(Set<Integer> taken, SplittableRandom rng) {
        while (true) {
            int cik = CIK_FROM + rng.nextInt(CIK_RANGE);
            if (taken.add(cik)) {
                return String.format("%010d", cik);
            }
        }
    }

    private static String companyName(SplittableRandom rng) {
        return NAME_STEMS[rng.nextInt(NAME_STEMS.length)] + NAME_ENDINGS[rng.nextInt(NAME_ENDINGS.length)]
                + " " + COMPANY_SUFFIXES[rng.nextInt(COMPANY_SUFFIXES.length)];
    }
}
