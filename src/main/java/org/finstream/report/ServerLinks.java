package org.finstream.report;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The paths of {@code finstream serve}: {@code /}, {@code /symbol/SYM}, {@code /portfolio/ID} (percent-encoded). */
final class ServerLinks implements Links {
    static final String SYMBOL = "/symbol/";
    static final String PORTFOLIO = "/portfolio/";

    @Override
    public String index() {
        return "/";
    }

    @Override
    public String symbol(String symbol) {
        return SYMBOL + encode(symbol);
    }

    @Override
    public String portfolio(String id) {
        return PORTFOLIO + encode(id);
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
