package org.minibatch.app;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.feature.ElementwiseProduct;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.minibatch.data.DataReader;

/**
 * Feature scaling as a Spark ML stage, so the saved model applies it to new data by itself:
 * {@code 255} divides every feature by 255 (pixels), {@code standardize} subtracts the training
 * set's mean and divides by its standard deviation (computed exactly, {@link ExactStandardizer}),
 * {@code none} leaves the features alone.
 */
public final class Scaling {
  public static final List<String> MODES = List.of("none", "255", "standardize");
  /** The column the scaled features go to. */
  public static final String SCALED = "scaled_features";

  private Scaling() {}

  /** The fitted stage for {@code mode} (none for "none"), fitted on {@code train}. */
  public static Optional<Transformer> fit(String mode, Dataset<Row> train, int features) {
    return switch (mode) {
      case "none" -> Optional.empty();
      case "255" -> {
        double[] scale = new double[features];
        Arrays.fill(scale, 1.0 / 255);
        yield Optional.of(new ElementwiseProduct().setScalingVec(Vectors.dense(scale))
            .setInputCol(DataReader.FEATURES).setOutputCol(SCALED));
      }
      case "standardize" -> Optional.of(ExactStandardizer.fit(train, features, SCALED));
      default -> throw new IllegalArgumentException("data.scale must be one of " + MODES
          + ", got '" + mode + "'");
    };
  }
}
