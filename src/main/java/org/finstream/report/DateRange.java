package org.finstream.report;

import java.time.LocalDate;

/** The dates a page's charts cover, both ends inclusive; a null end is open. */
public record DateRange(LocalDate from, LocalDate to) {
    public static final DateRange ALL = new DateRange(null, null);

    public DateRange {
        if (from != null && to != null && from.isAfter(to)) {
            throw new IllegalArgumentException("from " + from + " is after to " + to);
        }
    }

    /** "all dates", "from 2024-01-02", "to 2024-06-28" or "2024-01-02 to 2024-06-28". */
    public String describe() {
        if (from == null && to == null) {
            return "all dates";
        }
        if (from == null) {
            return "to " + to;
        }
        return to == null ? "from " + from : from + " to " + to;
    }
}
