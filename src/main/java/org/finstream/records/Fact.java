package org.finstream.records;

import java.time.LocalDate;
import org.apache.flink.api.common.typeinfo.TypeInfo;
import java.util.Objects;

/** One XBRL fact of a filing: a duration ({@code start} set) or an instant ({@code start} null). */
public class Fact {
    private String concept;
    @TypeInfo(LocalDateType.class)
    private LocalDate start;
    @TypeInfo(LocalDateType.class)
    private LocalDate end;
    private double value;

    public Fact() {}

    public Fact(String concept, LocalDate start, LocalDate end, double value) {
        this.concept = concept;
        this.start = start;
        this.end = end;
        this.value = value;
    }

    public String getConcept() { return concept; }
    public void setConcept(String concept) { this.concept = concept; }
    public LocalDate getStart() { return start; }
    public void setStart(LocalDate start) { this.start = start; }
    public LocalDate getEnd() { return end; }
    public void setEnd(LocalDate end) { this.end = end; }
    public double getValue() { return value; }
    public void setValue(double value) { this.value = value; }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Fact)) {
            return false;
        }
        Fact f = (Fact) o;
        return Objects.equals(concept, f.concept) && Objects.equals(start, f.start)
                && Objects.equals(end, f.end) && Double.compare(value, f.value) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(concept, start, end, value);
    }
}
