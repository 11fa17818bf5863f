package org.minibatch.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.minibatch.app.ModelFiles;
import org.minibatch.app.PredictJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code minibatch predict}: write a saved model's predictions for new data. */
@Command(name = "predict", mixinStandardHelpOptions = true, usageHelpWidth = 100,
    versionProvider = Main.Version.class,
    header = "Write a saved model's predictions as CSV or Parquet.",
    description = {
        "Writes a directory of part files (as Spark does) with the prediction, the class"
            + " probabilities (CSV: one column p0..pK per class) and the label when the data"
            + " has one.",
        ""},
    footerHeading = "%nExamples:%n",
    footer = {
        "  minibatch predict --model runs/fashion-mnist-20261122-101500 \\",
        "      --data /usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz \\",
        "      --out predictions.csv",
        "  minibatch predict --model runs/r/model --data new.csv --label-column '' \\",
        "      --out p.parquet --out-format parquet"})
final class PredictCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  SavedModelOptions saved;

  @Option(names = "--out", required = true, paramLabel = "PATH",
      description = "Output directory (Hadoop path).")
  String out;

  @Option(names = "--out-format", paramLabel = "F",
      description = "csv or parquet (default: from --out's extension, else csv).")
  String outFormat;

  @Option(names = "--overwrite", description = "Replace --out if it exists.")
  boolean overwrite;

  @Override
  public Integer call() throws Exception {
    String format = outFormat != null ? outFormat
        : out.endsWith(".parquet") ? "parquet" : "csv";
    if (!List.of("csv", "parquet").contains(format)) {
      throw new ParameterException(spec.commandLine(), "--out-format must be csv or parquet,"
          + " got '" + format + "'");
    }
    try (SparkSession spark = saved.session("minibatch predict")) {
      int features = ModelFiles.load(saved.model).numFeatures();
      long rows = PredictJob.run(spark, saved.model, saved.data.source(features), out, format, overwrite);
      spec.commandLine().getOut().println("wrote " + rows + " predictions to " + out);
      spec.commandLine().getOut().flush();
    }
    return Main.OK;
  }
}
