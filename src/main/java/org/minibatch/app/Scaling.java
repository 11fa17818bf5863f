package org.minibatch.app;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Supplier;
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

  private static final double PIXEL_FACTOR = 1.0 / 255;

  private Scaling() {}

  /**
   * The one factor every feature is multiplied by under {@code mode} (1 for none), or empty
   * when the scaling depends on the data. Multiplying a value by it gives the same double as
   * the stage of {@link #fit}.
   */
  public static OptionalDouble factor(String mode) {
    return switch (mode) {
      case "none" -> OptionalDouble.of(1);
      case "255" -> OptionalDouble.of(PIXEL_FACTOR);
      default -> OptionalDouble.empty();
    };
  }

  /**
   * The fitted stage for {@code mode} (none for "none"), fitted on {@code train}, which is read
   * only when the mode needs statistics of the data.
   */
  public static Optional<Transformer> fit(String mode, Supplier<Dataset<Row>> train,
      int features) {
    return switch (mode) {
      case "none" -> Optional.empty();
      case "255" -> {
        double[] scale = new double[features];
        Arrays.fill(scale, PIXEL_FACTOR);
        yield Optional.of(new ElementwiseProduct().setScalingVec(Vectors.dense(scale))
            .setInputCol(DataReader.FEATURES).setOutputCol(SCALED));
      }
      case "standardize" -> Optional.of(ExactStandardizer.fit(train.get(), features, SCALED));
      default -> throw new IllegalArgumentException("data.scale must be one of " + MODES
          + ", got '" + mode + "'");
    };
  }
}
