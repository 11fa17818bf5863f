package org.minibatch.ml;

import java.io.Serializable;
import java.util.Locale;
import org.apache.spark.ml.param.ParamValidators;
import scala.Function1;
import scala.runtime.AbstractFunction1;

/**
 * Param validators that fail with a message saying what is allowed. Spark's
 * {@code Param.validate} only reports {@code <uid> parameter <name> given invalid value <v>.};
 * these throw that same sentence followed by the rule (or the parser's explanation), so
 * {@code setBatchSize(-1)} says {@code ... parameter batchSize given invalid value -1: must be
 * >= 1}. Numeric rules delegate to {@link ParamValidators}.
 */
final class Validators {
  private Validators() {}

  /** A check of one value: throws IllegalArgumentException with the reason when invalid. */
  @FunctionalInterface
  interface Check<T> extends Serializable {
    void check(T value);
  }

  /** A validator for {@code owner}'s param {@code name} from a Spark validator and its rule. */
  static <T> Function1<T, Object> spark(String owner, String name, Function1<T, Object> rule,
      String description) {
    return of(owner, name, v -> {
      if (!Boolean.TRUE.equals(rule.apply(v))) {
        throw new IllegalArgumentException(description);
      }
    });
  }

  static <T> Function1<T, Object> gtEq(String owner, String name, double low) {
    return spark(owner, name, ParamValidators.gtEq(low), "must be >= " + number(low));
  }

  static <T> Function1<T, Object> gt(String owner, String name, double low) {
    return spark(owner, name, ParamValidators.gt(low), "must be > " + number(low));
  }

  /** [low, high). */
  static <T> Function1<T, Object> closedOpen(String owner, String name, double low,
      double high) {
    return spark(owner, name, ParamValidators.inRange(low, high, true, false),
        "must be in [" + number(low) + ", " + number(high) + ")");
  }

  /** A validator that runs {@code check} and wraps its message in Spark's sentence. */
  static <T> Function1<T, Object> of(String owner, String name, Check<T> check) {
    return new Validator<>(owner, name, check);
  }

  private static String number(double v) {
    return v == Math.rint(v) ? String.format(Locale.ROOT, "%d", (long) v) : Double.toString(v);
  }

  private static final class Validator<T> extends AbstractFunction1<T, Object>
      implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String owner;
    private final String name;
    private final Check<T> check;

    Validator(String owner, String name, Check<T> check) {
      this.owner = owner;
      this.name = name;
      this.check = check;
    }

    @Override
    public Object apply(T value) {
      try {
        check.check(value);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(owner + " parameter " + name + " given invalid value "
            + show(value) + ": " + e.getMessage(), e);
      }
      return Boolean.TRUE;
    }

    private static String show(Object value) {
      if (value instanceof int[] a) {
        return java.util.Arrays.toString(a).replace(" ", "");
      }
      return value instanceof String s ? "'" + s + "'" : String.valueOf(value);
    }
  }
}
