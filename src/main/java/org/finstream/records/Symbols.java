package org.finstream.records;

import java.util.regex.Pattern;

/** What a symbol is (METRICS.md section 1): 1 to 15 characters of {@code A-Z 0-9 . - ^}. */
public final class Symbols {
    private static final Pattern SYMBOL = Pattern.compile("[A-Z0-9.^-]{1,15}");

    private Symbols() {}

    public static boolean isValid(String symbol) {
        return symbol != null && SYMBOL.matcher(symbol).matches();
    }
}
