package org.finstream.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import org.finstream.records.ActionType;
import org.finstream.records.CorporateAction;
import org.finstream.records.ErrorCode;
import org.finstream.records.Filing;
import org.finstream.records.PriceBar;
import org.finstream.records.ReferenceData;
import org.finstream.records.Trade;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ParsersTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static ErrorCode priceError(String line) {
        return assertThrows(InvalidRecordException.class, () -> Parsers.price(b(line))).code();
    }

    @Test
    void dailyBarFromCsvAndJsonAgree() throws Exception {
        PriceBar csv = Parsers.price(b("BRK.B,2024-03-01,10,12,9.5,11,1000.0"));
        PriceBar json = Parsers.price(b("{\"symbol\":\"BRK.B\",\"date\":\"2024-03-01\",\"open\":10,\"high\":12,"
                + "\"low\":9.5,\"close\":11,\"volume\":1000}"));
        assertEquals("BRK.B", csv.getSymbol());
        assertEquals(LocalDate.of(2024, 3, 1), csv.getDate());
        assertNull(csv.getTs());
        assertEquals(11.0, csv.getClose());
        assertEquals(csv.fingerprint(), json.fingerprint());
        assertEquals("D2024-03-01", csv.dedupKey());
    }

    @Test
    void intradayBarCarriesItsTimestamp() throws Exception {
        PriceBar bar = Parsers.price(b("^GSPC,2024-03-01,10,12,9.5,11,0,2024-03-01T14:31:00Z"));
        assertTrue(bar.isIntraday());
        assertEquals(Instant.parse("2024-03-01T14:31:00Z").toEpochMilli(), bar.eventTime());
        assertEquals("T2024-03-01T14:31:00Z", bar.dedupKey());
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "UNPARSEABLE|AAPL,2024-03-01,1,2",
        "UNPARSEABLE|{\"symbol\":\"AAPL\",",
        "UNPARSEABLE|AAPL,\"2024-03-01,1,2,1,1,5",
        "MISSING_FIELD|AAPL,2024-03-01,,2,1,1,5",
        "MISSING_FIELD|{\"symbol\":\"AAPL\",\"date\":\"2024-03-01\",\"open\":1,\"high\":2,\"low\":1,\"close\":1}",
        "MISSING_FIELD|^VIX,2024-03-01,null,null,null,null,null",
        "BAD_NUMBER|AAPL,2024-03-01,1,2,1,abc,5",
        "BAD_NUMBER|AAPL,2024-03-01,1,2,1,1.5d,5",
        "NON_FINITE|AAPL,2024-03-01,1,2,1,NaN,5",
        "NON_FINITE|{\"symbol\":\"AAPL\",\"date\":\"2024-03-01\",\"open\":1,\"high\":Infinity,\"low\":1,\"close\":1,\"volume\":1}",
        "NON_FINITE|AAPL,2024-03-01,1,1e999,1,1,5",
        "BAD_DATE|AAPL,2024-02-30,1,2,1,1,5",
        "BAD_DATE|AAPL,03/01/2024,1,2,1,1,5",
        "BAD_DATE|AAPL,2024-03-01,1,2,1,1,5,2024-03-01 14:31",
        "BAD_SYMBOL|aapl,2024-03-01,1,2,1,1,5",
        "BAD_SYMBOL|ABCDEFGHIJKLMNOP,2024-03-01,1,2,1,1,5",
        "BAD_SYMBOL|BAD$,2024-03-01,1,2,1,1,5",
        "NON_POSITIVE_PRICE|AAPL,2024-03-01,0,2,1,1,5",
        "NON_POSITIVE_PRICE|AAPL,2024-03-01,1,2,-1,1,5",
        "HIGH_BELOW_LOW|AAPL,2024-03-01,1.5,1,2,1.5,5",
        "CLOSE_OUTSIDE_RANGE|AAPL,2024-03-01,1,2,1,2.5,5",
        "CLOSE_OUTSIDE_RANGE|AAPL,2024-03-01,1,2,1,0.9,5",
        "NEGATIVE_VOLUME|AAPL,2024-03-01,1,2,1,1.5,-1",
    })
    void invalidPricesAreRejectedWithTheirCode(ErrorCode expected, String line) {
        assertEquals(expected, priceError(line));
    }

    @Test
    void openOutsideTheRangeIsAcceptedAsTheContractOnlyChecksTheClose() throws Exception {
        assertEquals(1.5, Parsers.price(b("AVB,2011-06-14,10.797,2,1,1.5,5")).getClose());
    }

    @Test
    void corporateActions() throws Exception {
        CorporateAction split = Parsers.corporateAction(b("AAPL,2020-08-31,split,4"));
        assertEquals(ActionType.SPLIT, split.getType());
        assertEquals(4.0, split.getValue());
        assertEquals(ActionType.DIVIDEND, Parsers.corporateAction(b("AAPL,2020-08-07,dividend,0.205")).getType());
        assertEquals(ErrorCode.BAD_SPLIT_RATIO, assertThrows(InvalidRecordException.class,
                () -> Parsers.corporateAction(b("AAPL,2020-08-31,split,0"))).code());
        assertEquals(ErrorCode.NEGATIVE_DIVIDEND, assertThrows(InvalidRecordException.class,
                () -> Parsers.corporateAction(b("AAPL,2020-08-07,dividend,-0.1"))).code());
        assertEquals(ErrorCode.INVALID_VALUE, assertThrows(InvalidRecordException.class,
                () -> Parsers.corporateAction(b("AAPL,2020-08-07,merger,1"))).code());
    }

    @Test
    void referenceWithQuotedCommaAndOptionalFields() throws Exception {
        ReferenceData r = Parsers.reference(b("BRK.B,\"Berkshire Hathaway, Inc.\",Financials,,"));
        assertEquals("Berkshire Hathaway, Inc.", r.getName());
        assertNull(r.getIndustry());
        assertNull(r.getCik());
        assertEquals(ErrorCode.MISSING_FIELD, assertThrows(InvalidRecordException.class,
                () -> Parsers.reference(b("BRK.B,Berkshire,,Insurance,1067983"))).code());
    }

    @Test
    void trades() throws Exception {
        Trade t = Parsers.trade(b("P0001,AAPL,2024-03-01,-100,180.5"));
        assertEquals(-100.0, t.getQuantity());
        assertEquals("P0001", t.entityKey());
        assertNull(t.dedupKey());
        assertEquals(ErrorCode.NON_POSITIVE_PRICE, assertThrows(InvalidRecordException.class,
                () -> Parsers.trade(b("P0001,AAPL,2024-03-01,100,0"))).code());
        assertEquals(ErrorCode.INVALID_VALUE, assertThrows(InvalidRecordException.class,
                () -> Parsers.trade(b("P0001,AAPL,2024-03-01,0,10"))).code());
    }

    @Test
    void filings() throws Exception {
        Filing f = Parsers.filing(b("{\"symbol\":\"AAPL\",\"cik\":\"0000320193\",\"form\":\"10-Q\","
                + "\"accession\":\"0000320193-24-000069\",\"filed\":\"2024-05-03\",\"fiscal_year\":2024,"
                + "\"fiscal_period\":\"Q2\",\"facts\":[{\"concept\":\"revenue\",\"start\":\"2023-12-31\","
                + "\"end\":\"2024-03-30\",\"value\":90753000000},{\"concept\":\"total_assets\",\"end\":\"2024-03-30\","
                + "\"value\":337411000000}]}"));
        assertEquals(2, f.getFacts().length);
        assertEquals(90753000000.0, f.getFacts()[0].getValue());
        assertNull(f.getFacts()[1].getStart());
        assertEquals("0000320193-24-000069", f.dedupKey());
        String bad = "{\"symbol\":\"AAPL\",\"form\":\"8-K\",\"accession\":\"x\",\"filed\":\"2024-05-03\","
                + "\"fiscal_year\":2024,\"fiscal_period\":\"Q2\",\"facts\":[]}";
        assertEquals(ErrorCode.INVALID_VALUE, assertThrows(InvalidRecordException.class,
                () -> Parsers.filing(b(bad))).code());
        String backwards = bad.replace("8-K", "10-Q").replace("[]",
                "[{\"concept\":\"revenue\",\"start\":\"2024-04-01\",\"end\":\"2024-03-30\",\"value\":1}]");
        assertEquals(ErrorCode.INVALID_VALUE, assertThrows(InvalidRecordException.class,
                () -> Parsers.filing(b(backwards))).code());
        assertEquals(ErrorCode.MISSING_FIELD, assertThrows(InvalidRecordException.class,
                () -> Parsers.filing(b(bad.replace("8-K", "10-Q").replace(",\"facts\":[]", "")))).code());
        assertEquals(ErrorCode.UNPARSEABLE, assertThrows(InvalidRecordException.class,
                () -> Parsers.filing(b("AAPL,10-Q"))).code());
    }

    @Test
    void emptyRecordIsUnparseable() {
        assertEquals(ErrorCode.UNPARSEABLE, priceError(""));
    }
}
