package org.finstream.report;

/**
 * Where pages link to: files side by side ({@code finstream report}) or the paths of
 * {@code finstream serve}. A null link means there is no page to link to (shown as text).
 */
public interface Links {
    String index();

    String symbol(String symbol);

    String portfolio(String id);
}
