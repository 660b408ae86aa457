package org.finstream.generator;

import java.util.List;

/**
 * The 11 GICS sectors with the share of S&P 500 members used to draw a stock's sector, a few
 * of their industries, and a tilt of the stocks' rates beta (bond proxies up, banks down).
 */
enum Sector {
    COMMUNICATION_SERVICES("Communication Services", 23, 0.0,
            "Diversified Telecommunication Services", "Entertainment", "Interactive Media & Services", "Media"),
    CONSUMER_DISCRETIONARY("Consumer Discretionary", 47, 0.0,
            "Automobiles", "Broadline Retail", "Household Durables", "Specialty Retail"),
    CONSUMER_STAPLES("Consumer Staples", 34, 0.2,
            "Beverages", "Food Products", "Household Products", "Consumer Staples Distribution & Retail"),
    ENERGY("Energy", 21, -0.1,
            "Energy Equipment & Services", "Integrated Oil & Gas", "Oil & Gas Refining & Marketing"),
    FINANCIALS("Financials", 76, -0.3,
            "Banks", "Capital Markets", "Financial Services", "Insurance"),
    HEALTH_CARE("Health Care", 59, 0.1,
            "Biotechnology", "Health Care Equipment & Supplies", "Health Care Providers & Services", "Pharmaceuticals"),
    INDUSTRIALS("Industrials", 83, 0.0,
            "Aerospace & Defense", "Building Products", "Ground Transportation", "Machinery"),
    INFORMATION_TECHNOLOGY("Information Technology", 73, 0.1,
            "Communications Equipment", "IT Services", "Semiconductors & Semiconductor Equipment", "Software"),
    MATERIALS("Materials", 25, -0.1,
            "Chemicals", "Construction Materials", "Containers & Packaging", "Metals & Mining"),
    REAL_ESTATE("Real Estate", 31, 0.4,
            "Real Estate Management & Development", "Residential REITs", "Specialized REITs"),
    UTILITIES("Utilities", 31, 0.5,
            "Electric Utilities", "Gas Utilities", "Multi-Utilities", "Water Utilities");

    private final String label;
    private final int weight;
    private final double ratesTilt;
    private final List<String> industries;

    Sector(String label, int weight, double ratesTilt, String... industries) {
        this.label = label;
        this.weight = weight;
        this.ratesTilt = ratesTilt;
        this.industries = List.of(industries);
    }

    String label() {
        return label;
    }

    int weight() {
        return weight;
    }

    double ratesTilt() {
        return ratesTilt;
    }

    List<String> industries() {
        return industries;
    }
}
