package org.finstream.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.finstream.cli.Main;
import org.finstream.config.FinstreamConfig;
import org.finstream.runtime.EmbeddedStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pages against a PostgreSQL filled by the real pipeline: every chart carries exactly the
 * rows of its symbol or portfolio (nulls as gaps, one line per run of values), text from the
 * database is escaped, the server answers only GET and HEAD with 404 and 400 where due, and
 * {@code finstream report} writes files whose links all resolve.
 */
class ReportTest {
    private static final Site SERVED = new Site(new ServerLinks(), 0, true);
    private static final Set<String> ETFS = Set.of("SPY", "TLT", "IWM", "IWD", "IWF", "MTUM", "QUAL", "USMV");
    private static final Pattern HREF = Pattern.compile("href=\"([^\"]*)\"");

    @TempDir
    static Path tmp;
    private static EmbeddedStack stack;
    private static FinstreamConfig.Postgres pg;

    @BeforeAll
    static void fill() throws Exception {
        stack = ReportFixture.start(tmp);
        pg = stack.config().postgres;
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    private static String symbolPage(String symbol, DateRange range) throws Exception {
        try (ReportStore store = ReportStore.open(pg)) {
            return SymbolPage.render(store, SERVED, symbol, range);
        }
    }

    private static String portfolioPage(String id) throws Exception {
        try (ReportStore store = ReportStore.open(pg)) {
            return PortfolioPage.render(store, SERVED, id, DateRange.ALL);
        }
    }

    private static String indexPage() throws Exception {
        try (ReportStore store = ReportStore.open(pg)) {
            return IndexPage.render(store, SERVED);
        }
    }

    private static List<String> columnsOf(String table, String prefix) throws Exception {
        return ReportFixture.select(pg, "SELECT column_name FROM information_schema.columns WHERE table_name = ?"
                + " ORDER BY ordinal_position", table).stream().map(Object::toString).filter(c -> c.startsWith(prefix))
                .toList();
    }

    @Test
    void symbolChartsCarryTheRowsOfPostgresWithGapsForNulls() throws Exception {
        String symbol = ReportFixture.select(pg, "SELECT DISTINCT symbol FROM symbol_daily ORDER BY symbol").stream().map(Object::toString).filter(s -> !ETFS.contains(s)).findFirst()
                .orElseThrow();
        List<String> dates = ReportFixture.dates(pg, "symbol_daily", "symbol", symbol);
        ReportFixture.execute(pg, "UPDATE symbol_daily SET vol_21 = NULL WHERE symbol = '" + symbol + "' AND date = '"
                + dates.get(200) + "'");

        String html = symbolPage(symbol, DateRange.ALL);
        List<Dom.Chart> charts = Dom.charts(html);
        assertEquals(List.of("Close and 52-week range", "Volatility (annualized)", "Market and rates beta",
                "Factor exposures (ridge)"), charts.stream().map(Dom.Chart::title).toList());
        assertEquals(List.of("close", "high_52w", "low_52w"), List.copyOf(charts.get(0).series().keySet()));
        assertEquals(List.of("vol_21", "vol_63", "vol_252"), List.copyOf(charts.get(1).series().keySet()));
        assertEquals(List.of("beta_mkt_90", "beta_rates_90"), List.copyOf(charts.get(2).series().keySet()));
        assertEquals(columnsOf("symbol_daily", "exp_"), List.copyOf(charts.get(3).series().keySet()));
        int compared = ReportFixture.assertChartsMatch(pg, html, "symbol_daily", "symbol", symbol);
        assertEquals(dates.size() * (3 + 3 + 2 + columnsOf("symbol_daily", "exp_").size()), compared);
        assertEquals(2, charts.get(1).paths().get("vol_21").size(), "the null splits vol_21 in two lines");
        assertEquals(1, charts.get(0).paths().get("close").size());
        assertTrue(charts.get(0).body().contains("class=\"band\""), "52-week band");

        double close = ReportFixture.column(pg, "symbol_daily", "symbol", symbol, "close").get(299);
        assertTrue(html.contains("<dt>close</dt><dd>" + ValueFormat.MONEY.cell(close) + "</dd>"), "latest close");
        assertTrue(html.contains("<h2>Latest: " + dates.get(299) + "</h2>"));
        assertTrue(html.contains("<h2>Valuation: " + dates.get(299) + "</h2>") && html.contains("<dt>pe</dt>"),
                "latest valuation");
    }

    @Test
    void aDateRangeLimitsTheCharts() throws Exception {
        List<String> dates = ReportFixture.dates(pg, "symbol_daily", "symbol", "SPY");
        String html = symbolPage("SPY", new DateRange(LocalDate.parse(dates.get(100)), LocalDate.parse(dates.get(149))));
        for (Dom.Chart chart : Dom.charts(html)) {
            assertEquals(dates.subList(100, 150), chart.dates(), chart.title());
        }
        String empty = symbolPage("SPY", new DateRange(LocalDate.of(1990, 1, 1), LocalDate.of(1990, 12, 31)));
        assertTrue(empty.contains("no rows for 1990-01-01 to 1990-12-31"), "says the range is empty");
        for (Dom.Chart chart : Dom.charts(empty)) {
            assertTrue(chart.body().contains(">no data</text>") && chart.paths().isEmpty(), chart.title());
        }
    }

    @Test
    void portfolioChartsCarryTheRowsOfPostgresAndTheLatestDetails() throws Exception {
        String id = ReportFixture.PORTFOLIO;
        LocalDate last = ReportFixture.lastDate(pg, "portfolio_daily", "portfolio_id", id);
        LocalDate live = last.plusDays(3);
        ReportFixture.execute(pg, "INSERT INTO portfolio_live (portfolio_id, date, event_time, provisional, market_value,"
                + " pnl) VALUES ('" + id + "', '" + live + "', now(), true, 123456.0, -42.5)");

        String html = portfolioPage(id);
        List<Dom.Chart> charts = Dom.charts(html);
        assertEquals(List.of("Market value and equity", "Gross exposure", "Daily P&L", "Daily return",
                "Market and rates beta", "Factor exposures (ridge)", "Volatility (annualized)"),
                charts.stream().map(Dom.Chart::title).toList());
        assertEquals(columnsOf("portfolio_daily", "exp_"), List.copyOf(charts.get(5).series().keySet()));
        int compared = ReportFixture.assertChartsMatch(pg, html, "portfolio_daily", "portfolio_id", id);
        int days = ReportFixture.dates(pg, "portfolio_daily", "portfolio_id", id).size();
        assertEquals(days * (6 + 2 + columnsOf("portfolio_daily", "exp_").size()), compared);

        String weights = (String) ReportFixture.select(pg, "SELECT sector_weights::text FROM portfolio_daily"
                + " WHERE portfolio_id = ? ORDER BY date DESC LIMIT 1", id).get(0);
        Map<String, Double> sectors = new ObjectMapper().readValue(weights, new TypeReference<Map<String, Double>>() {});
        assertFalse(sectors.isEmpty());
        sectors.forEach((sector, w) -> assertTrue(html.contains("<tr><td>" + Html.escape(sector)
                + "</td><td class=\"num\">" + ValueFormat.PERCENT.cell(w) + "</td>"), sector));

        List<Object> pairs = ReportFixture.select(pg, "SELECT symbol_a || ' / ' || symbol_b || '=' || correlation"
                + " FROM portfolio_correlations WHERE portfolio_id = ?", id);
        long held = ReportFixture.select(pg, "SELECT symbol_a FROM portfolio_correlations WHERE portfolio_id = ?"
                + " UNION SELECT symbol_b FROM portfolio_correlations WHERE portfolio_id = ?", id, id).size();
        assertTrue(held >= 3 && pairs.size() == held * (held - 1) / 2, pairs.size() + " pairs of " + held);
        for (Object pair : pairs) {
            String[] p = pair.toString().split("=");
            assertTrue(html.contains("<td title=\"" + p[0] + "\" style=\"background:rgb("), p[0]);
            assertTrue(html.contains(String.format(Locale.ROOT, "%.2f</td>", Double.parseDouble(p[1]))), p[0]);
        }
        String heat = html.substring(html.indexOf("<table class=\"heat\">"));
        heat = heat.substring(0, heat.indexOf("</table>"));
        assertEquals(held * held, Pattern.compile("<td").matcher(heat).results().count(), "a square matrix");

        assertTrue(html.contains("<h2>Live, provisional: " + live + "</h2>"), "the live row");
        assertTrue(html.contains("<dt>market_value</dt><dd>123,456</dd>") && html.contains("<dt>pnl</dt><dd>-42.50</dd>"));
    }

    @Test
    void indexListsTheLatestRowOfEverySymbolAndPortfolio() throws Exception {
        String html = indexPage();
        List<Object> symbols = ReportFixture.select(pg, "SELECT DISTINCT symbol FROM symbol_daily ORDER BY symbol");
        assertEquals(13, symbols.size());
        for (Object symbol : symbols) {
            List<Double> closes = ReportFixture.column(pg, "symbol_daily", "symbol", symbol.toString(), "close");
            assertTrue(html.contains("<tr><td><a href=\"/symbol/" + symbol + "\">" + symbol + "</a></td><td>"
                    + ReportFixture.lastDate(pg, "symbol_daily", "symbol", symbol.toString()) + "</td><td class=\"num\">"
                    + ValueFormat.MONEY.cell(closes.get(closes.size() - 1)) + "</td>"), symbol.toString());
        }
        List<Double> values = ReportFixture.column(pg, "portfolio_daily", "portfolio_id", ReportFixture.PORTFOLIO,
                "market_value");
        assertTrue(html.contains("<a href=\"/portfolio/P0001\">P0001</a></td><td>" + ReportFixture.lastDate(pg,
                "portfolio_daily", "portfolio_id", "P0001") + "</td><td class=\"num\">"
                + ValueFormat.MONEY.cell(values.get(values.size() - 1)) + "</td>"));
        assertFalse(html.contains("http-equiv=\"refresh\""), "no refresh unless asked");
    }

    @Test
    void textFromTheDatabaseIsEscaped() throws Exception {
        String id = "<script>alert(1)</script>";
        ReportFixture.execute(pg, "INSERT INTO portfolio_daily (portfolio_id, date, event_time, market_value,"
                + " gross_exposure, pnl, equity, sector_weights) VALUES ('" + id + "', '2024-01-02', now(), 1, 1, 0, 0,"
                + " '{\"<img src=x onerror=alert(2)>\": 1.0}')");
        ReportFixture.execute(pg, "INSERT INTO portfolio_correlations VALUES ('" + id + "', '<b>A</b>', 'B&C',"
                + " '2024-01-02', 0.5)");

        String index = indexPage();
        assertFalse(index.contains("<script"), "no script element");
        assertTrue(index.contains("<a href=\"/portfolio/%3Cscript%3Ealert%281%29%3C%2Fscript%3E\">"
                + "&lt;script&gt;alert(1)&lt;/script&gt;</a>"), "escaped and linked");
        String page = portfolioPage(id);
        assertFalse(page.contains("<script") || page.contains("<img") || page.contains("<b>"), "nothing unescaped");
        assertTrue(page.contains("<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>"));
        assertTrue(page.contains("<td>&lt;img src=x onerror=alert(2)&gt;</td>"));
        assertTrue(page.contains("<th>&lt;b&gt;A&lt;/b&gt;</th>") && page.contains("<th>B&amp;C</th>"));
        assertTrue(page.contains("title=\"&lt;b&gt;A&lt;/b&gt; / B&amp;C\""));

        try (ReportServer server = ReportServer.start(pg, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0,
                new PrintStream(OutputStream.nullOutputStream()))) {
            HttpResponse<String> r = get(server.url().resolve("/portfolio/%3Cscript%3Ealert%281%29%3C%2Fscript%3E"));
            assertEquals(200, r.statusCode());
            assertTrue(r.body().contains("<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>"));
        }
    }

    private static HttpResponse<String> send(HttpRequest request) throws Exception {
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        return send(HttpRequest.newBuilder(uri).GET().build());
    }

    @Test
    void theServerAnswersGetAndHeadOnlyWith404And400WhereDue() throws Exception {
        try (ReportServer server = ReportServer.start(pg, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 30,
                new PrintStream(OutputStream.nullOutputStream()))) {
            URI base = server.url();
            assertTrue(base.toString().matches("http://127\\.0\\.0\\.1:\\d+/"), base.toString());
            HttpResponse<String> index = get(base);
            assertEquals(200, index.statusCode());
            assertEquals("text/html; charset=utf-8", index.headers().firstValue("Content-Type").orElseThrow());
            assertTrue(index.headers().firstValue("Content-Security-Policy").orElseThrow().startsWith("default-src 'none'"));
            assertTrue(index.body().contains("<meta http-equiv=\"refresh\" content=\"30\">"));

            List<String> dates = ReportFixture.dates(pg, "symbol_daily", "symbol", "SPY");
            HttpResponse<String> spy = get(base.resolve("/symbol/SPY?from=" + dates.get(10) + "&to=" + dates.get(19)));
            assertEquals(200, spy.statusCode());
            assertEquals(dates.subList(10, 20), Dom.charts(spy.body()).get(0).dates());
            assertTrue(spy.body().contains("<input type=\"date\" name=\"from\" value=\"" + dates.get(10) + "\">"));
            assertEquals(200, get(base.resolve("/symbol/SPY?from=&to=")).statusCode());
            assertEquals(200, get(base.resolve("/portfolio/" + ReportFixture.PORTFOLIO)).statusCode());

            HttpResponse<String> unknown = get(base.resolve("/symbol/NOSUCH"));
            assertEquals(404, unknown.statusCode());
            assertTrue(unknown.body().contains("There is no symbol &#39;NOSUCH&#39; in the database."));
            HttpResponse<String> invalid = get(base.resolve("/symbol/%3Cx%3E"));
            assertEquals(404, invalid.statusCode());
            assertTrue(invalid.body().contains("&#39;&lt;x&gt;&#39;") && !invalid.body().contains("<x>"));
            assertEquals(404, get(base.resolve("/portfolio/NOPE")).statusCode());
            assertEquals(404, get(base.resolve("/favicon.ico")).statusCode());
            assertEquals(404, get(base.resolve("/symbol/SPY/more")).statusCode());

            for (String query : List.of("from=2024-13-01", "from=2024-02-01&to=2024-01-01", "x=1", "from=2024-01-01&from=2024-01-02")) {
                HttpResponse<String> bad = get(base.resolve("/symbol/SPY?" + query));
                assertEquals(400, bad.statusCode(), query);
            }
            assertTrue(get(base.resolve("/?from=soon")).body().contains("from must be a date like 2024-06-28"));

            for (String method : List.of("POST", "PUT", "DELETE")) {
                HttpResponse<String> r = send(HttpRequest.newBuilder(base).method(method,
                        HttpRequest.BodyPublishers.ofString("x")).build());
                assertEquals(405, r.statusCode(), method);
                assertEquals("GET, HEAD", r.headers().firstValue("Allow").orElseThrow());
            }
            HttpResponse<String> head = send(HttpRequest.newBuilder(base.resolve("/symbol/SPY"))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
            assertEquals(200, head.statusCode());
            assertEquals("", head.body());
            assertEquals(404, send(HttpRequest.newBuilder(base.resolve("/symbol/NOSUCH"))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build()).statusCode());
        }
    }

    /** Runs the command line, returning {exit code, stdout, stderr}. */
    private static Object[] cli(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            List<String> all = new ArrayList<>(List.of(args));
            all.addAll(List.of("--set", "postgres.url=" + pg.url, "--set", "postgres.user=" + pg.user));
            int code = Main.execute(all.toArray(String[]::new));
            return new Object[] {code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /** Every relative link of every HTML file in the folder names a file there; returns the links. */
    private static Set<String> assertLinksResolve(Path dir) throws Exception {
        Set<String> links = new java.util.TreeSet<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Matcher m = HREF.matcher(Files.readString(f));
                while (m.find()) {
                    String href = Dom.unescape(m.group(1));
                    assertFalse(href.startsWith("/") || href.contains(":"), "relative: " + href);
                    assertTrue(Files.isRegularFile(dir.resolve(href)), f.getFileName() + " -> " + href);
                    links.add(href);
                }
            }
        }
        return links;
    }

    @Test
    void theReportCommandWritesPagesWhoseLinksResolve(@TempDir Path dir) throws Exception {
        Path some = dir.resolve("some");
        List<String> dates = ReportFixture.dates(pg, "symbol_daily", "symbol", "SPY");
        Object[] r = cli("report", "--out", some.toString(), "--symbol", "SPY", "--portfolio", ReportFixture.PORTFOLIO,
                "--from", dates.get(250), "--to", dates.get(299));
        assertEquals(0, r[0], r[2].toString());
        List<Path> printed = r[1].toString().lines().map(Path::of).toList();
        assertEquals(List.of(some.resolve("index.html"), some.resolve("symbol-SPY.html"),
                some.resolve("portfolio-P0001.html")).stream().map(Path::toAbsolutePath).toList(), printed);
        assertEquals(Set.of("index.html", "symbol-SPY.html", "portfolio-P0001.html"), assertLinksResolve(some));
        assertEquals(dates.subList(250, 300), Dom.charts(Files.readString(some.resolve("symbol-SPY.html"))).get(0).dates());
        assertFalse(Files.readString(some.resolve("index.html")).contains("<form"), "no form without a server");

        Path all = dir.resolve("all");
        r = cli("report", "--out", all.toString(), "--limit", "2");
        assertEquals(0, r[0], r[2].toString());
        assertTrue(r[2].toString().contains("13 symbols: writing the first 2 (raise --limit, or pick some with --symbol)"),
                r[2].toString());
        try (Stream<Path> files = Files.list(all)) {
            Map<String, Long> kinds = files.map(f -> f.getFileName().toString().replaceAll("-.*", ""))
                    .collect(Collectors.groupingBy(k -> k, Collectors.counting()));
            assertEquals(Map.of("index.html", 1L, "symbol", 2L, "portfolio", 2L), kinds);
        }
        assertEquals(5, assertLinksResolve(all).size());

        r = cli("report", "--out", dir.resolve("none").toString(), "--symbol", "ZZZZ");
        assertEquals(1, r[0]);
        assertTrue(r[2].toString().contains("no symbol 'ZZZZ' in the database"), r[2].toString());
        assertFalse(Files.exists(dir.resolve("none")), "nothing written");
    }

    @Test
    void aPortfolioIdThatIsNoFileNameStillGetsALinkedFile(@TempDir Path dir) throws Exception {
        String id = "desk/a b&c";
        ReportFixture.execute(pg, "INSERT INTO portfolio_daily (portfolio_id, date, event_time, market_value,"
                + " gross_exposure, pnl, equity, sector_weights) VALUES ('" + id + "', '2024-01-02', now(), 1, 1, 0, 0,"
                + " '{}')");
        Object[] r = cli("report", "--out", dir.toString(), "--portfolio", id, "--symbol", "SPY");
        assertEquals(0, r[0], r[2].toString());
        Set<String> links = assertLinksResolve(dir);
        assertTrue(links.stream().anyMatch(l -> l.matches("portfolio-desk_a_b_c-[0-9a-f]{8}\\.html")), links.toString());
    }

    @Test
    void serveReportsABusyPort() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Object[] r = cli("serve", "--port", Integer.toString(busy.getLocalPort()));
            assertEquals(1, r[0]);
            assertTrue(r[2].toString().contains("cannot listen on 127.0.0.1:" + busy.getLocalPort()), r[2].toString());
        }
    }
}
