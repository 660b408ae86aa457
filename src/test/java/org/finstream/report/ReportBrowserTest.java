package org.finstream.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.finstream.config.FinstreamConfig;
import org.finstream.runtime.EmbeddedStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The served pages in a real browser (Debian's headless Chromium): the DOM Chromium builds has
 * every chart with its data and one line per run of values, and the latest values; the
 * screenshot is a full window of drawn charts. Skipped when /usr/bin/chromium is absent. The
 * portfolio page's screenshot is kept as {@code target/report-screenshot.png} (the symbol
 * page's as {@code target/report-screenshot-symbol.png}) for a person to look at.
 */
class ReportBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final int WIDTH = 1280;
    private static final int HEIGHT = 1600;
    /** The colour of every chart's first series. */
    private static final int FIRST_SERIES = 0x2563eb;

    @TempDir
    static Path tmp;
    private static EmbeddedStack stack;
    private static ReportServer server;
    private static FinstreamConfig.Postgres pg;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "browser test skipped: no " + CHROMIUM
                + " (install Debian's Chromium with `apt-get install chromium`)");
        stack = ReportFixture.start(tmp);
        pg = stack.config().postgres;
        server = ReportServer.start(pg, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 30,
                new PrintStream(OutputStream.nullOutputStream()));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void thePortfolioPageInChromium() throws Exception {
        String id = ReportFixture.PORTFOLIO;
        URI page = server.url().resolve("/portfolio/" + id);
        String dom = chromium("--dump-dom", page.toString());
        assertEquals(7, Dom.charts(dom).size());
        int days = ReportFixture.dates(pg, "portfolio_daily", "portfolio_id", id).size();
        assertTrue(ReportFixture.assertChartsMatch(pg, dom, "portfolio_daily", "portfolio_id", id) >= days * 8);
        List<Double> values = ReportFixture.column(pg, "portfolio_daily", "portfolio_id", id, "market_value");
        assertTrue(dom.contains("<dt>market_value</dt><dd>" + ValueFormat.MONEY.cell(values.get(values.size() - 1))
                + "</dd>"), "the latest market value");
        assertTrue(dom.contains("<table class=\"heat\">"), "the correlations");
        screenshot(page, "report-screenshot.png");
    }

    @Test
    void theSymbolPageInChromium() throws Exception {
        URI page = server.url().resolve("/symbol/SPY");
        String dom = chromium("--dump-dom", page.toString());
        assertEquals(4, Dom.charts(dom).size());
        int days = ReportFixture.dates(pg, "symbol_daily", "symbol", "SPY").size();
        assertTrue(ReportFixture.assertChartsMatch(pg, dom, "symbol_daily", "symbol", "SPY") >= days * 8);
        List<Double> closes = ReportFixture.column(pg, "symbol_daily", "symbol", "SPY", "close");
        String close = ValueFormat.MONEY.cell(closes.get(closes.size() - 1));
        assertTrue(dom.contains("<dt>close</dt><dd>" + close + "</dd>"), "the latest close");
        assertTrue(dom.contains(">close " + close + "</text>"), "the latest close in the legend");
        screenshot(page, "report-screenshot-symbol.png");
    }

    /** A screenshot of the page: a PNG of the window's size, with charts drawn; kept in target/ as {@code name}. */
    private static void screenshot(URI page, String name) throws Exception {
        Path png = tmp.resolve(name);
        chromium("--screenshot=" + png, page.toString());
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, "a PNG");
        assertEquals(WIDTH, image.getWidth());
        assertEquals(HEIGHT, image.getHeight());
        Map<Integer, Integer> colors = new HashMap<>();
        int lines = 0;
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                int rgb = image.getRGB(x, y) & 0xffffff;
                colors.merge(rgb, 1, Integer::sum);
                lines += distance(rgb, FIRST_SERIES) < 60 ? 1 : 0;
            }
        }
        int background = colors.values().stream().max(Integer::compare).orElseThrow();
        assertTrue(colors.size() > 200, colors.size() + " colours");
        assertTrue(WIDTH * HEIGHT - background > WIDTH * HEIGHT / 10, "a tenth of the window is not background");
        assertTrue(lines > 1000, lines + " pixels of the first series' colour");
        Files.copy(png, Path.of("target", name), StandardCopyOption.REPLACE_EXISTING);
    }

    private static int distance(int a, int b) {
        int d = 0;
        for (int shift = 0; shift <= 16; shift += 8) {
            d += Math.abs((a >> shift & 0xff) - (b >> shift & 0xff));
        }
        return d;
    }

    /** Runs headless Chromium with a fresh profile and returns what it printed. */
    private static String chromium(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + Files.createTempDirectory(tmp, "chromium-profile-"),
                "--window-size=" + WIDTH + "," + HEIGHT));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(tmp, "chromium-", ".out");
        Path err = Files.createTempFile(tmp, "chromium-", ".err");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            fail("chromium did not finish within 180 s: " + Files.readString(err));
        }
        assertEquals(0, process.exitValue(), "chromium failed: " + Files.readString(err));
        return Files.readString(out);
    }
}
