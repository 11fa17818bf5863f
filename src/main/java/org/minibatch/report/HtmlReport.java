package org.minibatch.report;

import java.util.Base64;
import java.util.Map;

/**
 * One self-contained HTML page for a run: the summary as a table and the charts embedded as
 * data URIs, so the file can be mailed or opened from any copy of the run directory.
 */
public final class HtmlReport {
  private HtmlReport() {}

  /**
   * @param headline the one-line outcome
   * @param rows label and value pairs of the summary table, in order
   * @param charts PNG bytes by file name
   */
  public static String render(String title, String headline, Map<String, String> rows,
      Map<String, byte[]> charts) {
    StringBuilder html = new StringBuilder();
    html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>").append(escape(title)).append("</title><style>")
        .append("body{font-family:sans-serif;max-width:1000px;margin:2em auto;color:#222}")
        .append("table{border-collapse:collapse}td{padding:3px 12px;border-bottom:1px solid")
        .append(" #ddd;vertical-align:top}td:first-child{color:#555;white-space:nowrap}")
        .append("img{max-width:100%;margin:1em 0;border:1px solid #eee}</style></head><body>\n")
        .append("<h1>").append(escape(title)).append("</h1>\n<p><b>").append(escape(headline))
        .append("</b></p>\n<table>\n");
    rows.forEach((label, value) -> html.append("<tr><td>").append(escape(label))
        .append("</td><td>").append(escape(value)).append("</td></tr>\n"));
    html.append("</table>\n");
    charts.forEach((name, png) -> html.append("<figure><img alt=\"").append(escape(name))
        .append("\" src=\"data:image/png;base64,")
        .append(Base64.getEncoder().encodeToString(png)).append("\"><figcaption>")
        .append(escape(name)).append("</figcaption></figure>\n"));
    return html.append("</body></html>\n").toString();
  }

  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
