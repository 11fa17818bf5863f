package org.minibatch.examples;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.hash;
import static org.apache.spark.sql.functions.lit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.HashingTF;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.Tokenizer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.minibatch.ml.NeuralNetClassifier;

/**
 * Real sparse text, the Spark ML way: Debian's package descriptions, labelled with their
 * section ({@code libs}, {@code python}, {@code java}, ...), through {@code StringIndexer ->
 * Tokenizer -> HashingTF(2^20) -> NeuralNetClassifier}. The hashed term counts are
 * {@code SparseVector}s of 2^20 features with tens of non-zeros; the classifier caches them in
 * CSR form and its first layer works on the non-zeros only, so nothing is densified (a dense
 * row would be 4 MB).
 *
 * <p>The text is the dpkg status file every Debian system has (the installed packages), or,
 * for all of Debian's packages, {@code apt-cache dumpavail > packages.txt} (the same stanza
 * format, about 60,000 packages once {@code apt-get update} has run). Sections with fewer than
 * {@code minRows} packages are left out; one package in five (by a hash of its name) is the
 * test set.
 *
 * <pre>
 *   submit-scripts/minibatch example-package-text [file=/var/lib/dpkg/status] [epochs=10]
 *       [minRows=25]
 * </pre>
 */
public final class PackageTextExample {
  /** HashingTF's width: 2^20, Spark's default. */
  public static final int FEATURES = 1 << 20;

  private PackageTextExample() {}

  /** One package: its name, its section, and its description (synopsis and long text). */
  public record Package(String name, String section, String description) {}

  public static void main(String[] args) throws IOException {
    Path file = Path.of(args.length > 0 ? args[0] : "/var/lib/dpkg/status");
    int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int minRows = args.length > 2 ? Integer.parseInt(args[2]) : 25;
    SparkSession spark = PipelineExample.session("minibatch package text");
    try {
      Dataset<Row> packages = frame(spark, read(file), minRows).cache();
      Dataset<Row> train = packages.where(abs(hash(col("name"))).mod(5).notEqual(0));
      Dataset<Row> test = packages.where(abs(hash(col("name"))).mod(5).equalTo(0));
      long start = System.nanoTime();
      PipelineModel model = pipeline(epochs).fit(train);
      double seconds = (System.nanoTime() - start) / 1e9;
      double accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy")
          .evaluate(model.transform(test));
      Row majority = test.groupBy("section").agg(count(lit(1)).as("n"))
          .orderBy(col("n").desc()).head();
      System.out.printf(Locale.ROOT, "%d packages in %d sections from %s; trained on %d in"
          + " %.1f s%ntest accuracy %.4f (the largest section, %s, is %.4f of the test set)%n",
          packages.count(), packages.select("section").distinct().count(), file, train.count(),
          seconds, accuracy, majority.getString(0),
          majority.getLong(1) / (double) test.count());
    } finally {
      spark.stop();
    }
  }

  /**
   * StringIndexer(section), Tokenizer, HashingTF(2^20) and a 2^20-16-k classifier trained with
   * {@code lazy_adam}: a step moves only the weights of the words in its batch, where Adam
   * would move all 16M of them every step.
   */
  public static Pipeline pipeline(int epochs) {
    StringIndexer sections = new StringIndexer().setInputCol("section").setOutputCol("label");
    Tokenizer words = new Tokenizer().setInputCol("description").setOutputCol("words");
    HashingTF counts = new HashingTF().setInputCol("words").setOutputCol("features")
        .setNumFeatures(FEATURES);
    NeuralNetClassifier nn = new NeuralNetClassifier().setHiddenLayers(16)
        .setOptimizer("lazy_adam").setLearningRate(0.003).setBatchSize(64).setMaxEpochs(epochs)
        .setNumPartitions(2).setSeed(1);
    return new Pipeline().setStages(new PipelineStage[] {sections, words, counts, nn});
  }

  /** The packages of the sections with at least {@code minRows} of them, as (name, section, description). */
  public static Dataset<Row> frame(SparkSession spark, List<Package> packages, int minRows) {
    StructType schema = new StructType().add("name", DataTypes.StringType)
        .add("section", DataTypes.StringType).add("description", DataTypes.StringType);
    List<Row> rows = packages.stream()
        .map(p -> RowFactory.create(p.name(), p.section(), p.description())).toList();
    Dataset<Row> all = spark.createDataFrame(rows, schema);
    Dataset<Row> kept = all.groupBy("section").agg(count(lit(1)).as("n"))
        .where(col("n").geq(minRows)).select("section");
    return all.join(kept, "section").select("name", "section", "description")
        .orderBy("name");
  }

  /**
   * The packages of a dpkg status or {@code apt-cache dumpavail} file: stanzas of
   * {@code Field: value} lines, a description's long text on indented lines (" ." a blank
   * line). A stanza without a section or a description is left out; a package listed twice
   * (several versions) counts once.
   */
  public static List<Package> read(Path file) throws IOException {
    List<Package> out = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    String name = null;
    String section = null;
    StringBuilder description = null;
    boolean inDescription = false;
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.isEmpty()) {
        add(out, seen, name, section, description);
        name = null;
        section = null;
        description = null;
        inDescription = false;
      } else if (line.startsWith(" ") || line.startsWith("\t")) {
        if (inDescription && !line.strip().equals(".")) {
          description.append(' ').append(line.strip());
        }
      } else {
        inDescription = line.startsWith("Description:");
        if (inDescription) {
          description = new StringBuilder(line.substring("Description:".length()).strip());
        } else if (line.startsWith("Package:")) {
          name = line.substring("Package:".length()).strip();
        } else if (line.startsWith("Section:")) {
          String value = line.substring("Section:".length()).strip();
          // "contrib/net" and "non-free/libs" are the sections net and libs
          section = value.substring(value.lastIndexOf('/') + 1);
        }
      }
    }
    add(out, seen, name, section, description);
    return out;
  }

  private static void add(List<Package> out, java.util.Set<String> seen, String name,
      String section, StringBuilder description) {
    if (name != null && section != null && description != null && seen.add(name)) {
      out.add(new Package(name, section, description.toString()));
    }
  }
}
