package org.minibatch.app;

import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.minibatch.report.HtmlReport;
import org.minibatch.report.TrainingCharts;
import org.minibatch.train.MetricsCsvListener;
import org.minibatch.train.TrainConfig;
import org.minibatch.train.TrainingResult;

/** Writes what a person looks at after a run: summary.json, metrics.csv, charts, report.html. */
final class RunReport {
  private RunReport() {}

  /** Draws the charts, then writes everything. */
  static void write(RunDirectory run, RunSummary summary, TrainingResult result,
      TrainConfig config) throws IOException {
    write(run, summary, result, charts(result, config));
  }

  /** The run's charts as PNG bytes by file name (the slow part of the report). */
  static Map<String, byte[]> charts(TrainingResult result, TrainConfig config) {
    return TrainingCharts.draw(result.history(), config.schedule(), result.steps());
  }

  /** Writes summary.json, metrics.csv, the charts drawn by {@link #charts} and report.html. */
  static void write(RunDirectory run, RunSummary summary, TrainingResult result,
      Map<String, byte[]> charts) throws IOException {
    run.writeText("summary.json", summary.toJson());
    // Streamed during training; rewritten whole here, so a resumed run has every window.
    try (Writer csv = run.writer("metrics.csv")) {
      MetricsCsvListener.write(result.history(), csv);
    }
    for (Map.Entry<String, byte[]> chart : charts.entrySet()) {
      run.writeBytes(chart.getKey(), chart.getValue());
    }
    Map<String, String> rows = new LinkedHashMap<>();
    for (String field : new String[] {"test_accuracy", "test_rmse", "test_loss", "stop_reason",
        "stop_detail", "epochs", "steps", "train_seconds", "data_seconds", "network",
        "parameters", "optimizer", "schedule", "batch_size", "partitions", "train_rows",
        "validation_rows", "test_rows", "cached_bytes_per_row", "timings", "blas",
        "stages", "spark_master", "spark_version", "weights_sha256", "run_dir"}) {
      Object value = summary.get(field);
      if (value != null) {
        rows.put(field, String.valueOf(value));
      }
    }
    run.writeText("report.html", HtmlReport.render("minibatch run " + summary.get("run_dir"),
        summary.oneLine(), rows, charts));
  }
}
