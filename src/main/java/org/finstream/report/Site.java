package org.finstream.report;

/**
 * How pages are rendered.
 *
 * @param links          where links point
 * @param refreshSeconds a {@code <meta http-equiv=refresh>} interval, 0 for none
 * @param served         true when pages are served per request (a date-range form is shown)
 */
public record Site(Links links, int refreshSeconds, boolean served) {}
