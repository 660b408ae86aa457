package org.finstream.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The trading calendar: weekdays without four observed US market holidays. */
class GeneratorCalendarTest {
    @Test
    void observedHolidaysAreClosed() {
        for (String closed : List.of("2023-01-02", "2023-07-04", "2023-11-23", "2023-12-25", "2022-12-26",
                "2021-07-05", "2026-07-03", "2024-01-01", "2024-11-28")) {
            assertTrue(TradingCalendar.isHoliday(LocalDate.parse(closed)), closed);
            assertFalse(TradingCalendar.isTradingDay(LocalDate.parse(closed)), closed);
        }
        for (String open : List.of("2023-01-03", "2021-12-31", "2023-07-03", "2023-11-24", "2023-12-26",
                "2023-11-16", "2023-11-30")) {
            assertTrue(TradingCalendar.isTradingDay(LocalDate.parse(open)), open);
        }
    }

    @Test
    void tradingDaysSkipWeekendsAndHolidays() {
        List<LocalDate> days = TradingCalendar.tradingDays(LocalDate.of(2023, 1, 2), 260);
        assertEquals(260, days.size());
        assertEquals(LocalDate.of(2023, 1, 3), days.get(0));
        assertEquals(LocalDate.of(2024, 1, 2), days.get(256), "261 weekdays in 2023 minus 4 holidays");
        for (int i = 1; i < days.size(); i++) {
            assertTrue(days.get(i).isAfter(days.get(i - 1)));
            assertTrue(TradingCalendar.isTradingDay(days.get(i)));
        }
        assertEquals(0, TradingCalendar.indexOnOrAfter(days, LocalDate.of(2022, 12, 1)));
        assertEquals(1, TradingCalendar.indexOnOrAfter(days, LocalDate.of(2023, 1, 4)));
        assertEquals(4, TradingCalendar.indexOnOrAfter(days, LocalDate.of(2023, 1, 7)));
        assertEquals(260, TradingCalendar.indexOnOrAfter(days, LocalDate.of(2030, 1, 1)));
    }
}
