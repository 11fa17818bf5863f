package org.minibatch.ml;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.SparkSession;
import org.json4s.JArray;
import org.json4s.JObject;
import org.json4s.JString;
import org.json4s.JValue;
import scala.Option;
import scala.Tuple2;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Spark ML's persistence layout written straight through the Hadoop file system, without a
 * Spark job. Spark's {@code DefaultParamsWriter} writes each stage's one line of metadata JSON
 * through a DataFrame text writer; in a fresh JVM, the three such writes of a saved
 * {@code train} model and its Parquet data cost more planning and class loading than evaluation
 * and charts together (BENCHMARKS.md, "Behind the code"). The JSON is Spark's
 * own ({@link DefaultParamsWriter#getMetadataToSave}), in the file layout its text writer
 * leaves ({@code metadata/part-00000} and {@code _SUCCESS}), so {@code PipelineModel.load} and
 * every stage's reader read it as their own; the tests load what this writes with Spark's
 * readers.
 */
public final class ParamsFiles {
  /** The one file of a metadata directory. */
  static final String METADATA_FILE = "part-00000";

  private ParamsFiles() {}

  /**
   * Writes {@code instance}'s metadata under {@code path/metadata}, as
   * {@code DefaultParamsWriter.saveMetadata} would.
   */
  static void writeMetadata(Params instance, String path, SparkSession spark,
      Option<JObject> extra, Option<JValue> paramMap) {
    String json = DefaultParamsWriter.getMetadataToSave(instance, spark, extra, paramMap);
    Path dir = new Path(path, "metadata");
    write(spark, new Path(dir, METADATA_FILE), json.getBytes(StandardCharsets.UTF_8));
    write(spark, new Path(dir, "_SUCCESS"), new byte[0]);
  }

  /** Writes {@code bytes} as the file {@code file}, replacing one that is there. */
  static void write(SparkSession spark, Path file, byte[] bytes) {
    write(spark, file, out -> out.write(bytes));
  }

  /** What writes a file's content into its stream. */
  @FunctionalInterface
  interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  /** Writes what {@code content} streams as the file {@code file}, replacing one there. */
  static void write(SparkSession spark, Path file, Content content) {
    try {
      FileSystem fs = file.getFileSystem(spark.sparkContext().hadoopConfiguration());
      try (OutputStream out = fs.create(file, true)) {
        content.writeTo(out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Saves {@code stages} as a fitted {@link PipelineModel} at {@code path}, the layout
   * {@code PipelineModel.load} reads: the pipeline's metadata with the stages' uids, then each
   * stage under {@code stages/INDEX_UID}. Stages whose writer only writes params (Spark's
   * {@code DefaultParamsWriter}, as {@code ElementwiseProduct} has) and minibatch's networks
   * are written without a Spark job; any other stage by its own writer. An existing
   * {@code path} is replaced when {@code overwrite}, else an error.
   */
  public static void savePipeline(String path, List<Transformer> stages, SparkSession spark,
      boolean overwrite) {
    Path root = new Path(path);
    try {
      FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (fs.exists(root)) {
        if (!overwrite) {
          throw new IllegalArgumentException("cannot save a model to " + path + ": it exists"
              + " (overwrite to replace it)");
        }
        fs.delete(root, true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save a model to " + path + ": " + e.getMessage(),
          e);
    }
    List<JValue> uids = new ArrayList<>();
    for (Transformer stage : stages) {
      if (!(stage instanceof MLWritable)) {
        throw new IllegalArgumentException("cannot save a pipeline with stage " + stage.uid()
            + " (" + stage.getClass().getName() + "): it is not MLWritable");
      }
      uids.add(new JString(stage.uid()));
    }
    PipelineModel pipeline = new PipelineModel(
        Identifiable$.MODULE$.randomUID("pipeline"), stages.toArray(new Transformer[0]));
    JObject stageUids = new JObject(CollectionConverters.asScala(List.of(
        new Tuple2<String, JValue>("stageUids",
            new JArray(CollectionConverters.asScala(uids).toList())))).toList());
    writeMetadata(pipeline, path, spark, Option.empty(), Option.apply(stageUids));
    String stagesDir = new Path(root, "stages").toString();
    for (int i = 0; i < stages.size(); i++) {
      Transformer stage = stages.get(i);
      String stagePath = Pipeline.SharedReadWrite$.MODULE$.getStagePath(stage.uid(), i,
          stages.size(), stagesDir);
      MLWriter writer = ((MLWritable) stage).write();
      if (writer instanceof DefaultParamsWriter) {
        writeMetadata(stage, stagePath, spark, Option.empty(), Option.empty());
      } else {
        try {
          writer.session(spark).save(stagePath);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot save stage " + stage.uid() + " to " + stagePath
              + ": " + e.getMessage(), e);
        }
      }
    }
  }
}
