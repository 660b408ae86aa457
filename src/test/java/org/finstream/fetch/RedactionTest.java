package org.finstream.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import org.junit.jupiter.api.Test;

class RedactionTest {
    @Test
    void masksTheValuesOfKeyAndTokenParametersOnly() {
        assertEquals("https://eodhd.com/api/eod/AAPL.US?api_token=***&fmt=json&from=2024-01-01",
                Redaction.mask(URI.create("https://eodhd.com/api/eod/AAPL.US?api_token=abc123def&fmt=json&from=2024-01-01")));
        assertEquals("https://x/q?function=TIME_SERIES_DAILY&symbol=IBM&apikey=***",
                Redaction.mask(URI.create("https://x/q?function=TIME_SERIES_DAILY&symbol=IBM&apikey=demo1234")));
        assertEquals("https://x/q?token=***&apiKey=***&access_key=***&symbol=KEYS",
                Redaction.mask(URI.create("https://x/q?token=t0k3n&apiKey=AbCd&access_key=zzzz&symbol=KEYS")));
        assertEquals("https://***@x/q", Redaction.mask(URI.create("https://user:pass@x/q")));
        assertEquals("https://x/q?symbol=AAPL", Redaction.mask(URI.create("https://x/q?symbol=AAPL")));
    }

    @Test
    void masksSecretValuesInFreeTextAsSentAndDecoded() {
        URI uri = URI.create("https://x/q?apikey=a%2Bsecret&symbol=IBM");
        assertEquals("bad key *** (***) for IBM", Redaction.mask("bad key a%2Bsecret (a+secret) for IBM", uri));
        assertTrue(Redaction.mentionsSecret(new IOException("wrapped", new IOException("key a+secret")), uri));
        assertFalse(Redaction.mentionsSecret(new IOException("request timed out"), uri));
    }
}
