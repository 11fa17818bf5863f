package org.minibatch.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The benchmark's results: a value, the reference it is compared with, and their ratio. */
public final class Table {
  /** One line of the table. */
  public record Row(String group, String metric, double value, double reference,
      String referenceNote) {
    public double ratio() {
      return value / reference;
    }
  }

  private final List<Row> rows = new ArrayList<>();

  void add(String group, String metric, double value, double reference, String note) {
    rows.add(new Row(group, metric, value, reference, note));
  }

  public List<Row> rows() {
    return rows;
  }

  public String markdown() {
    StringBuilder md = new StringBuilder("| group | metric | value | reference | ratio |\n"
        + "| --- | --- | ---: | --- | ---: |\n");
    for (Row r : rows) {
      md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", r.group(),
          r.metric(), number(r.value()), Double.isNaN(r.reference()) ? r.referenceNote()
              : number(r.reference()) + (r.referenceNote().isEmpty() ? ""
                  : " (" + r.referenceNote() + ")"),
          Double.isNaN(r.reference()) ? "" : number(r.ratio())));
    }
    return md.toString();
  }

  public String csv() {
    StringBuilder csv = new StringBuilder("group,metric,value,reference,ratio,note\n");
    for (Row r : rows) {
      csv.append(String.format(Locale.ROOT, "%s,\"%s\",%s,%s,%s,\"%s\"%n", r.group(),
          r.metric(), r.value(), r.reference(), r.ratio(), r.referenceNote()));
    }
    return csv.toString();
  }

  private static String number(double v) {
    if (Double.isNaN(v)) {
      return "n/a";
    }
    return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.0f", v)
        : String.format(Locale.ROOT, "%.3g", v);
  }
}
