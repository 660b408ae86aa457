package org.finstream.fetch;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.finstream.ingest.InputKind;

/**
 * {@code finstream fetch actions}: dividends and splits from an EODHD-style HTTP API into the corporate-actions
 * topic. Per symbol, two requests:
 * <ul>
 *   <li>{@code GET <base>/api/div/<SYMBOL>.<EXCHANGE>?from=&fmt=json} answers a JSON array of
 *       {@code {date, declarationDate, recordDate, paymentDate, period, value, unadjustedValue, currency}}; {@code
 *       date} is the ex-date, and the record is {@code SYM,<date>,dividend,<unadjustedValue>}: the cash actually
 *       paid per share, per share as it traded on the ex-date (after every earlier split), matching the raw prices
 *       the return is computed from. {@code value} is divided by every later split, so it is not used, not even
 *       when {@code unadjustedValue} is missing: such a row is a dead letter ({@code MISSING_FIELD}).</li>
 *   <li>{@code GET <base>/api/splits/<SYMBOL>.<EXCHANGE>?from=&fmt=json} answers {@code [{date, split}]} with
 *       {@code split} as {@code "new/old"} ({@code "4.000000/1.000000"}); the record is {@code SYM,<date>,split,4}:
 *       new shares per old one, as an exact decimal ({@code 3/2} is {@code 1.5}). A ratio that is not two numbers
 *       with a non-zero denominator is passed on as it is, for validation to reject.</li>
 * </ul>
 * A symbol is asked only from the day after the last ex-date it has published ({@link FetchProgress}); one whose
 * last ex-date is at or after {@code to} costs no request, and ex-dates after {@code to} (declared, not yet
 * reached) are left for a later run. Both answers or neither: if either request fails, nothing of the symbol is
 * published but a {@code FETCH_FAILED} dead letter, and its progress stays. Each symbol's actions, sorted by
 * ex-date then type, its dead letters and its new mark are one Kafka transaction.
 */
public final class ActionFetcher {
    private static final String TOPIC = InputKind.CORPORATE_ACTIONS.defaultTopic();
    private static final MathContext RATIO = new MathContext(20);

    private final FetchContext context;

    public ActionFetcher(FetchContext context) {
        this.context = context;
    }

    /** Fetches every symbol's actions with ex-dates in {@code [from, to]} not published yet, {@code threads} symbols at a time. */
    public void fetch(List<String> symbols, LocalDate from, LocalDate to, int threads) throws InterruptedException {
        Fetching.inParallel(symbols, threads, "corporate actions", symbol -> fetchSymbol(symbol, from, to));
    }

    /** One action as mapped: its ex-date and type as served (for the order), and its CSV line. */
    private record Action(String exDate, String type, String line) {}

    private void fetchSymbol(String symbol, LocalDate from, LocalDate to) throws InterruptedException {
        FetchProgress.Mark mark = context.publisher().mark(symbol);
        // from the last ex-date itself: an action the provider adds later on that date is still found
        LocalDate start = mark.through() == null || mark.through().isBefore(from) ? from : mark.through();
        if (start.isAfter(to)) {
            context.metrics().skipped(symbol, 2);
            return;
        }
        // the actions already published on the last ex-date, as "<ex-date> <type>"
        Set<String> publishedOnLast = new TreeSet<>(mark.published());
        Map<String, String> query = Map.of("from", start.toString(), "fmt", "json");
        URI dividendsUri = context.provider().uri("/api/div/" + context.provider().ticker(symbol), query);
        URI splitsUri = context.provider().uri("/api/splits/" + context.provider().ticker(symbol), query);
        FetchPublisher.Batch batch = new FetchPublisher.Batch();
        Instant now = context.clock().instant();
        LocalDate through = mark.through();
        try {
            Response dividends = context.http().get("div", dividendsUri, Map.of(), Validators.NONE);
            Response splits = context.http().get("splits", splitsUri, Map.of(), Validators.NONE);
            JsonNode dividendRows = Fetching.json(dividends);
            JsonNode splitRows = Fetching.json(splits);
            if (dividendRows == null || !dividendRows.isArray()) {
                batch.rejected().add(Fetching.badResponse(TOPIC, symbol, dividendsUri, dividends,
                        "not a JSON array of dividends"));
            }
            if (splitRows == null || !splitRows.isArray()) {
                batch.rejected().add(Fetching.badResponse(TOPIC, symbol, splitsUri, splits,
                        "not a JSON array of splits"));
            }
            if (batch.rejected().isEmpty()) {
                List<Action> actions = new ArrayList<>();
                String dividendsRequest = Fetching.request(dividendsUri, dividends);
                String splitsRequest = Fetching.request(splitsUri, splits);
                dividendRows.forEach(row -> actions.add(dividend(symbol, row)));
                splitRows.forEach(row -> actions.add(split(symbol, row)));
                actions.sort(Comparator.comparing(Action::exDate).thenComparing(Action::type));
                for (Action action : actions) {
                    LocalDate exDate = Fetching.date(action.exDate());
                    if (exDate != null && (exDate.isBefore(start) || exDate.isAfter(to))) {
                        continue; // not asked for, or not reached yet
                    }
                    String key = action.exDate() + " " + action.type();
                    if (exDate != null && exDate.equals(mark.through()) && publishedOnLast.contains(key)) {
                        continue; // published before
                    }
                    String request = action.type().equals("split") ? splitsRequest : dividendsRequest;
                    if (Validation.check(InputKind.CORPORATE_ACTIONS, symbol, action.line(), request, batch)
                            && exDate != null && (through == null || !exDate.isBefore(through))) {
                        if (!exDate.equals(through)) {
                            publishedOnLast.clear();
                        }
                        through = exDate;
                        publishedOnLast.add(key);
                    }
                }
            }
        } catch (FetchException e) {
            batch.rejected().add(FetchPublisher.Rejected.fetchFailed(TOPIC, symbol, e));
        }
        batch.marks().put(symbol, new FetchProgress.Mark(through, null, null, now, List.copyOf(publishedOnLast), null));
        context.publisher().publish(batch);
    }

    private static Action dividend(String symbol, JsonNode row) {
        String exDate = Fetching.text(row, "date");
        return new Action(exDate, "dividend",
                Fetching.csv(symbol, exDate, "dividend", Fetching.text(row, "unadjustedValue")));
    }

    private static Action split(String symbol, JsonNode row) {
        String exDate = Fetching.text(row, "date");
        return new Action(exDate, "split", Fetching.csv(symbol, exDate, "split", ratio(Fetching.text(row, "split"))));
    }

    /**
     * A split ratio {@code "new/old"} as the decimal new shares per old share, exact where it ends (20 significant
     * digits where it does not), without trailing zeros: {@code "4.000000/1.000000"} is {@code 4}, {@code "3/2"} is
     * {@code 1.5}. Anything else (no slash, a part that is not a number, a zero denominator) is returned as it is.
     */
    static String ratio(String split) {
        String[] parts = split.split("/", -1);
        if (parts.length != 2) {
            return split;
        }
        try {
            BigDecimal numerator = new BigDecimal(parts[0].trim());
            BigDecimal denominator = new BigDecimal(parts[1].trim());
            if (denominator.signum() == 0) {
                return split;
            }
            return numerator.divide(denominator, RATIO).stripTrailingZeros().toPlainString();
        } catch (NumberFormatException e) {
            return split;
        }
    }
}
