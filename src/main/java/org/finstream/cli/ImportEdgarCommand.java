package org.finstream.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.finstream.ingest.EdgarConcepts;
import org.finstream.ingest.EdgarImport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "import-edgar", mixinStandardHelpOptions = true,
        description = {"Convert SEC EDGAR XBRL companyfacts JSON files (data.sec.gov/api/xbrl/companyfacts/"
                + "CIK##########.json) into the filings JSONL input format: one line per 10-Q/10-K, written to"
                + " DIR/filings_<SYMBOL>.jsonl for each FILE."})
final class ImportEdgarCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE",
            description = "companyfacts JSON files, named companyfacts_CIK##########_SYMBOL.json unless --symbol is given")
    List<Path> files;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder (created if needed)")
    Path out;

    @Option(names = "--symbol", paramLabel = "SYMBOL", description = "Symbol of the filings (only with exactly one FILE)")
    String symbol;

    @Option(names = "--concepts", paramLabel = "FILE",
            description = "YAML concept map replacing the default one (edgar-concepts.yaml, see the README)")
    Path concepts;

    @Override
    public Integer call() throws Exception {
        EdgarConcepts map = concepts == null ? EdgarConcepts.defaults() : EdgarConcepts.load(concepts);
        for (EdgarImport.Conversion c : new EdgarImport(map).importFiles(files, symbol, out)) {
            c.summary().forEach(System.out::println);
        }
        System.out.println("written to " + out);
        return 0;
    }
}
