package org.minibatch.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.minibatch.app.EvaluateJob;
import org.minibatch.app.ModelFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code minibatch evaluate}: metrics of a saved model on labelled data. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, usageHelpWidth = 100,
    versionProvider = Main.Version.class,
    header = "Evaluate a saved model on labelled data.",
    description = {
        "Classifiers: accuracy, log loss, precision and recall per class, confusion matrix"
            + " (printed and drawn as confusion_matrix.png). Regressors: RMSE, MAE and R2."
            + " The metrics also go to evaluation.json in --out.",
        ""},
    footerHeading = "%nExamples:%n",
    footer = {
        "  minibatch evaluate --model runs/fashion-mnist-20261122-101500 \\",
        "      --data /usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz",
        "  minibatch evaluate --model runs/regression-x/model \\",
        "      --data examples/data/friedman1-test.csv --label-column y"})
final class EvaluateCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  SavedModelOptions saved;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "evaluation",
      description = "Where evaluation.json and the PNG go (default: ${DEFAULT-VALUE}).")
  Path out;

  @Override
  public Integer call() throws Exception {
    try (SparkSession spark = saved.session("minibatch evaluate")) {
      int features = ModelFiles.load(saved.model).numFeatures();
      Map<String, Object> metrics = EvaluateJob.run(spark, saved.model,
          saved.data.source(features), out);
      EvaluateJob.lines(metrics).forEach(spec.commandLine().getOut()::println);
      spec.commandLine().getOut().println("written: " + out.resolve("evaluation.json"));
      spec.commandLine().getOut().flush();
    }
    return Main.OK;
  }
}
