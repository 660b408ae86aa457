package org.finstream.report;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Links between the files of one report folder: {@code index.html}, {@code symbol-<SYM>.html},
 * {@code portfolio-<ID>.html}. A name with characters a file name or URL should not hold gets
 * them replaced by '_' and a digest of the name appended, so distinct names stay distinct files
 * and every link is a plain relative path. Only pages that are written are linked.
 */
final class FileLinks implements Links {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,80}");

    private final Map<String, String> symbolFiles;
    private final Map<String, String> portfolioFiles;

    /** @param symbolFiles, portfolioFiles the pages written: name -> file name */
    FileLinks(Map<String, String> symbolFiles, Map<String, String> portfolioFiles) {
        this.symbolFiles = Map.copyOf(symbolFiles);
        this.portfolioFiles = Map.copyOf(portfolioFiles);
    }

    static String fileName(String kind, String name) {
        if (PLAIN.matcher(name).matches()) {
            return kind + "-" + name + ".html";
        }
        String safe = name.replaceAll("[^A-Za-z0-9._-]", "_");
        String digest = UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString().substring(0, 8);
        return kind + "-" + safe.substring(0, Math.min(safe.length(), 60)) + "-" + digest + ".html";
    }

    @Override
    public String index() {
        return "index.html";
    }

    @Override
    public String symbol(String symbol) {
        return symbolFiles.get(symbol);
    }

    @Override
    public String portfolio(String id) {
        return portfolioFiles.get(id);
    }
}
