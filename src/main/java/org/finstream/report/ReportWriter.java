package org.finstream.report;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code finstream report}: index.html and one page per selected symbol and portfolio, in one folder. */
public final class ReportWriter {
    /**
     * What to write.
     *
     * @param symbols    the symbols with a page; empty: every symbol, up to {@code limit}
     * @param portfolios the portfolios with a page; empty: every portfolio, up to {@code limit}
     * @param range      the dates of the charts
     * @param limit      the most pages of each kind written when none are named
     */
    public record Selection(List<String> symbols, List<String> portfolios, DateRange range, int limit) {
        public Selection {
            symbols = List.copyOf(symbols);
            portfolios = List.copyOf(portfolios);
            if (limit < 1) {
                throw new IllegalArgumentException("limit must be at least 1, got " + limit);
            }
        }
    }

    /** A page renderer: the page of one name. */
    private interface Renderer {
        String render(Site site, String name) throws SQLException;
    }

    private ReportWriter() {}

    /**
     * Writes the pages and returns their paths, index.html first.
     *
     * @param log where a capped selection is explained
     */
    public static List<Path> write(ReportStore store, Path dir, Selection selection, PrintStream log)
            throws SQLException, IOException {
        Map<String, String> symbolFiles = files("symbol", selection.symbols(), store.symbols(), selection.limit(), log);
        Map<String, String> portfolioFiles = files("portfolio", selection.portfolios(), store.portfolios(),
                selection.limit(), log);
        Site site = new Site(new FileLinks(symbolFiles, portfolioFiles), 0, false);
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        written.add(Files.writeString(dir.resolve(site.links().index()), IndexPage.render(store, site),
                StandardCharsets.UTF_8));
        written.addAll(pages(dir, site, symbolFiles, (s, name) -> SymbolPage.render(store, s, name, selection.range())));
        written.addAll(pages(dir, site, portfolioFiles,
                (s, name) -> PortfolioPage.render(store, s, name, selection.range())));
        return written;
    }

    /**
     * name -> file name of the pages to write: the named ones, or every one up to the limit;
     * throws IllegalArgumentException for a name without rows, before anything is written.
     */
    private static Map<String, String> files(String kind, List<String> named, List<String> all, int limit,
                                             PrintStream log) {
        List<String> chosen = named;
        for (String name : named) {
            if (!all.contains(name)) {
                throw new IllegalArgumentException("no " + kind + " '" + name + "' in the database");
            }
        }
        if (named.isEmpty()) {
            chosen = all.subList(0, Math.min(limit, all.size()));
            if (all.size() > limit) {
                log.printf("%d %ss: writing the first %d (raise --limit, or pick some with --%s)%n", all.size(), kind,
                        limit, kind);
            }
        }
        Map<String, String> files = new LinkedHashMap<>();
        chosen.forEach(name -> files.put(name, FileLinks.fileName(kind, name)));
        return files;
    }

    private static List<Path> pages(Path dir, Site site, Map<String, String> files, Renderer renderer)
            throws SQLException, IOException {
        List<Path> written = new ArrayList<>();
        for (Map.Entry<String, String> f : files.entrySet()) {
            written.add(Files.writeString(dir.resolve(f.getValue()), renderer.render(site, f.getKey()),
                    StandardCharsets.UTF_8));
        }
        return written;
    }
}
