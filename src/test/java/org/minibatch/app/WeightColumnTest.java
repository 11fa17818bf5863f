package org.minibatch.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minibatch.spark.LocalSpark;

/** train's data.weight_column, in CSV (by name) and Parquet: rows count their weight. */
class WeightColumnTest {
  @TempDir
  Path dir;

  /** The blobs with a weight column w = 1 + row % 3, and the same rows repeated w times. */
  private Path[] weightedAndRepeated() throws IOException {
    List<String> lines = Files.readAllLines(Blobs.write(dir, "blobs.csv", 120, 4));
    StringBuilder weighted = new StringBuilder("a,w,b,c,d,label\n");
    StringBuilder repeated = new StringBuilder(lines.get(0) + "\n");
    for (int i = 1; i < lines.size(); i++) {
      String[] f = lines.get(i).split(",");
      int w = 1 + (i - 1) % 3;
      weighted.append(f[0]).append(',').append(w).append(',').append(f[1]).append(',')
          .append(f[2]).append(',').append(f[3]).append(',').append(f[4]).append('\n');
      for (int c = 0; c < w; c++) {
        repeated.append(lines.get(i)).append('\n');
      }
    }
    Path a = Files.writeString(dir.resolve("weighted.csv"), weighted);
    Path b = Files.writeString(dir.resolve("repeated.csv"), repeated);
    return new Path[] {a, b};
  }

  private double[] trainLoss(String run, String... settings) throws IOException {
    List<String> values = new ArrayList<>(List.of("model.hidden=5", "model.activation=tanh",
        "train.optimizer=sgd(lr=0.3)", "train.max_epochs=8", "train.partitions=2",
        "train.precision=float64", "data.scale=none", "run.dir=" + dir.resolve(run)));
    values.addAll(List.of(settings));
    new TrainJob(Settings.load(null, values), LocalSpark.session(), System.err)
        .run(new TrainJob.Options(false, false));
    JsonNode history = new ObjectMapper().readTree(dir.resolve(run).resolve("summary.json")
        .toFile()).get("history");
    double[] loss = new double[history.size()];
    for (int e = 0; e < loss.length; e++) {
      loss[e] = history.get(e).get("train_loss").asDouble();
    }
    return loss;
  }

  @Test
  void weightedCsvAndParquetTrainAsRepeatedRows() throws IOException {
    Path[] files = weightedAndRepeated();
    // full batch: 120 weighted rows, 240 repeated ones
    double[] repeated = trainLoss("repeated", "data.train=" + files[1],
        "train.batch_size=240");
    double[] csv = trainLoss("csv", "data.train=" + files[0], "data.weight_column=w",
        "train.batch_size=120");
    Dataset<Row> frame = LocalSpark.session().read().option("header", "true")
        .option("inferSchema", "true").csv(files[0].toString());
    String parquet = dir.resolve("weighted.parquet").toString();
    frame.write().parquet(parquet);
    double[] fromParquet = trainLoss("parquet", "data.train=" + parquet,
        "data.weight_column=w", "train.batch_size=120");
    assertEquals(8, repeated.length);
    for (int e = 0; e < repeated.length; e++) {
      assertEquals(repeated[e], csv[e], 1e-6 * repeated[e], "csv, epoch " + (e + 1));
      assertEquals(repeated[e], fromParquet[e], 1e-6 * repeated[e], "parquet, epoch " + (e + 1));
    }
  }

  @Test
  void weightColumnsThatAreNotThereOrNotApplicableFailClearly() throws IOException {
    Path[] files = weightedAndRepeated();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> trainLoss("x", "data.train=" + files[0], "data.weight_column=weight"));
    assertEquals("data.weight_column 'weight' is not a column of " + files[0]
        + "; its header has: a, w, b, c, d, label", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> trainLoss("y", "data.format=fashion-mnist", "data.weight_column=w"));
    assertEquals("data.weight_column 'w' applies to csv and parquet data, not fashion-mnist",
        e.getMessage());
  }
}
