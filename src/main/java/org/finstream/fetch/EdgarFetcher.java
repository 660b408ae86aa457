package org.finstream.fetch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.finstream.ingest.EdgarImport;
import org.finstream.ingest.InputKind;
import org.finstream.records.Symbols;

/**
 * {@code finstream fetch edgar}: SEC EDGAR filings into the filings topic. Per company,
 * {@code GET <base>/api/xbrl/companyfacts/CIK##########.json} is mapped by {@link EdgarImport}
 * (exactly as {@code import-edgar} maps the same file) into one filings line per 10-Q/10-K, and
 * only the accessions not yet published (the mark's {@code published} list) are published. The
 * request carries the last answer's {@code ETag} and {@code Last-Modified}, so unchanged facts
 * cost a 304 and no body; a company checked less than {@code maxAge} ago costs no request at
 * all. Each company's filings, dead letters and new mark are one Kafka transaction. A failed
 * request ({@code FETCH_FAILED}) or a body that is not the company's companyfacts
 * ({@code BAD_RESPONSE}) leaves the mark as it was, so the next run asks again; a filing the
 * pipeline's parser rejects is dead-lettered and stays unpublished (it is offered again when the
 * company's facts change).
 */
public final class EdgarFetcher {
    /** The data set's name in {@code fetch-progress} and in the fetcher's transactional id. */
    public static final String SOURCE = "edgar/filings";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOPIC = InputKind.FILINGS.defaultTopic();
    private static final Pattern CIK = Pattern.compile("\\d{1,10}");

    private final Provider provider;
    private final ProviderHttp http;
    private final FetchPublisher publisher;
    private final FetchContext context;
    private final EdgarImport mapping;
    private final Clock clock;
    private final Duration maxAge;

    /**
     * One company to fetch.
     *
     * @param symbol the symbol its filings are published under
     * @param cik    its SEC Central Index Key: 1 to 10 digits, kept zero-padded to 10
     */
    public record Company(String symbol, String cik) {
        public Company {
            if (!Symbols.isValid(symbol)) {
                throw new IllegalArgumentException("not a symbol: '" + symbol + "' (1 to 15 characters of A-Z 0-9 . - ^)");
            }
            if (cik == null || !CIK.matcher(cik).matches()) {
                throw new IllegalArgumentException("not a CIK for " + symbol + ": '" + cik + "' (1 to 10 digits)");
            }
            cik = "0".repeat(10 - cik.length()) + cik;
        }
    }

    /**
     * @param context  the EDGAR API root ({@code https://data.sec.gov}, no key, no suffix) and a client whose
     *                 settings carry SEC's required User-Agent and rate limit
     * @param mapping  the companyfacts to filings mapping of {@code import-edgar}
     * @param maxAge   how long a company's last answer counts as current
     */
    public EdgarFetcher(FetchContext context, EdgarImport mapping, Duration maxAge) {
        this.context = context;
        this.provider = context.provider();
        this.http = context.http();
        this.publisher = context.publisher();
        this.mapping = mapping;
        this.clock = context.clock();
        this.maxAge = maxAge;
    }

    /** Fetches every company not checked within {@code maxAge}, {@code threads} companies at a time. */
    public void fetch(List<Company> companies, int threads) throws InterruptedException {
        Fetching.inParallel(companies, threads, "EDGAR filings", this::fetchCompany);
    }

    private void fetchCompany(Company company) throws InterruptedException {
        String symbol = company.symbol();
        FetchProgress.Mark mark = publisher.mark(symbol);
        Instant now = clock.instant();
        if (Fetching.fresh(context, symbol, mark, now, maxAge)) {
            return;
        }
        URI uri = provider.uri("/api/xbrl/companyfacts/CIK" + company.cik() + ".json", Map.of());
        FetchPublisher.Batch batch = new FetchPublisher.Batch();
        try {
            Response response = http.get("companyfacts", uri, Map.of(),
                    new Validators(mark.etag(), mark.lastModified()));
            SortedSet<String> published = new TreeSet<>(mark.published());
            String request = Fetching.request(uri, response);
            if (response.notModified() || publishNew(company, uri, request, response, published, batch)) {
                batch.marks().put(symbol, new FetchProgress.Mark(null, response.etag(), response.lastModified(), now,
                        List.copyOf(published), null));
            }
        } catch (FetchException e) {
            batch.rejected().add(FetchPublisher.Rejected.fetchFailed(TOPIC, symbol, e));
        }
        publisher.publish(batch);
    }

    /**
     * Adds the filings of a 2xx whose accessions are not in {@code published} to the batch (and
     * their accessions to {@code published}); false, with a {@code BAD_RESPONSE} dead letter,
     * when the body is not this company's companyfacts.
     */
    private boolean publishNew(Company company, URI uri, String request, Response response, SortedSet<String> published,
                               FetchPublisher.Batch batch) {
        EdgarImport.Conversion conversion;
        try {
            conversion = mapping.convert(JSON.readTree(response.body()), company.symbol(), "the response");
            if (!conversion.cik().equals(company.cik())) {
                throw new IllegalArgumentException("the response is the companyfacts of CIK " + conversion.cik()
                        + ", not of CIK " + company.cik());
            }
        } catch (IOException | IllegalArgumentException e) {
            batch.rejected().add(Fetching.badResponse(TOPIC, company.symbol(), uri, response,
                    e instanceof IOException ? "not JSON" : e.getMessage()));
            return false;
        }
        for (String line : conversion.lines()) {
            String accession = accession(line);
            if (!published.contains(accession)
                    && Validation.check(InputKind.FILINGS, company.symbol(), line, request, batch)) {
                published.add(accession);
            }
        }
        return true;
    }

    /** The accession of one of {@link EdgarImport}'s lines. */
    private static String accession(String line) {
        try {
            return JSON.readTree(line).path("accession").asText();
        } catch (IOException e) {
            throw new IllegalStateException("EdgarImport wrote a line that is not JSON: " + line, e);
        }
    }
}
