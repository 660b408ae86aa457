package org.finstream.fetch;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One market-data provider speaking the EODHD-style API: its base URL, its API key (read from an
 * environment variable, never from a file or the command line, and masked wherever a request is
 * shown), and the exchange suffix of its tickers ({@code AAPL.US}). SEC EDGAR is a provider
 * without key or suffix.
 *
 * @param apiKey   sent as the {@code api_token} query parameter; null sends none (a proxy that adds it)
 * @param exchange the ticker suffix, or null for bare symbols
 */
public record Provider(URI baseUrl, String apiKey, String exchange) {
    public Provider {
        if (baseUrl == null || baseUrl.getScheme() == null
                || !(baseUrl.getScheme().equals("http") || baseUrl.getScheme().equals("https"))) {
            throw new IllegalArgumentException("the provider's base URL must be http(s)://..., got " + baseUrl);
        }
    }

    /** {@code symbol} as the provider names it. */
    String ticker(String symbol) {
        return exchange == null ? symbol : symbol + "." + exchange;
    }

    /** The exchange code of bulk endpoints: the ticker suffix, US when tickers are bare. */
    String exchangeOrUs() {
        return exchange == null ? "US" : exchange;
    }

    /**
     * The URI of {@code path} (each segment percent-encoded: {@code ^GSPC} is {@code %5EGSPC}) with
     * {@code query} (in name order) and the API key; no '?' when both are empty.
     */
    URI uri(String path, Map<String, String> query) {
        Map<String, String> all = new TreeMap<>(query);
        if (apiKey != null) {
            all.put("api_token", apiKey);
        }
        String base = baseUrl.toString().endsWith("/") ? baseUrl.toString().substring(0, baseUrl.toString().length() - 1)
                : baseUrl.toString();
        String encodedPath = Arrays.stream(path.split("/", -1)).map(Provider::encode).collect(Collectors.joining("/"));
        return URI.create(base + encodedPath + (all.isEmpty() ? "" : "?") + all.entrySet().stream()
                .map(e -> e.getKey() + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&")));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
