package org.finstream.fetch;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Keeps API keys out of exceptions. A query parameter is secret if its name contains {@code key}, {@code token},
 * {@code secret}, {@code password} or {@code signature} (case-insensitive): {@code apikey}, {@code api_token},
 * {@code token}, {@code access_key}, {@code apiKey}... User info in the authority is secret too.
 */
final class Redaction {
    private static final String MASK = "***";
    /** Values this short are not searched for in free text: they would mask ordinary words. */
    private static final int MIN_SECRET_LENGTH = 4;
    private static final String SECRET_NAME = "[^=&#]*(?:key|token|secret|password|signature)[^=&#]*";
    private static final Pattern SECRET_PARAMETER = Pattern.compile("([?&;](?i:" + SECRET_NAME + ")=)[^&#]*");
    private static final Pattern USER_INFO = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#@]*@");

    private Redaction() {}

    /** The URI as text with secret parameter values and user info replaced by {@code ***}. */
    static String mask(URI uri) {
        String masked = SECRET_PARAMETER.matcher(uri.toString()).replaceAll("$1" + MASK);
        return USER_INFO.matcher(masked).replaceFirst("$1" + MASK + "@");
    }

    /** {@code text} with every secret value of {@code uri} (as sent and URL-decoded) replaced by {@code ***}. */
    static String mask(String text, URI uri) {
        String masked = text;
        for (String secret : secrets(uri)) {
            masked = masked.replace(secret, MASK);
        }
        return masked;
    }

    /** Whether any message in {@code t}'s cause chain contains a secret value of {@code uri}. */
    static boolean mentionsSecret(Throwable t, URI uri) {
        Set<String> secrets = secrets(uri);
        for (Throwable c = t; c != null; c = c.getCause()) {
            String text = String.valueOf(c.getMessage());
            if (secrets.stream().anyMatch(text::contains)) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> secrets(URI uri) {
        Set<String> secrets = new LinkedHashSet<>();
        if (uri.getRawUserInfo() != null) {
            secrets.add(uri.getRawUserInfo());
            secrets.add(uri.getUserInfo());
        }
        String query = uri.getRawQuery();
        if (query != null) {
            for (String pair : query.split("[&;]")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).toLowerCase(Locale.ROOT).matches(SECRET_NAME)) {
                    String raw = pair.substring(eq + 1);
                    secrets.add(raw);
                    secrets.add(decode(raw));
                }
            }
        }
        secrets.removeIf(s -> s.length() < MIN_SECRET_LENGTH);
        return secrets;
    }

    private static String decode(String raw) {
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformedEscape) {
            return raw;
        }
    }
}
