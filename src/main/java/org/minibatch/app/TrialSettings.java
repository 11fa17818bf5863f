package org.minibatch.app;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.minibatch.tune.Param;
import org.minibatch.tune.SearchSpace;
import org.minibatch.train.TrainingKey;
import org.minibatch.tune.Trial;
import org.minibatch.util.Specs;
import org.minibatch.util.Suggest;

/**
 * How a search space's keys apply to a config. Any key of {@link Key} can be searched except
 * those the shared data depends on ({@code data.*}, {@code train.partitions}: the data is read,
 * scaled and cached once for all trials), Spark's (one application runs every trial), and
 * {@code run.dir}/{@code checkpoint.*} (trials write no run directories). A key
 * {@code train.optimizer.NAME} sets the argument NAME inside the optimizer spec (after
 * {@code train.optimizer} itself, if that is searched too), e.g. {@code train.optimizer.lr}
 * for the learning rate of whichever optimizer the trial uses.
 *
 * <p>Two keys search the network's shape as depth x width: {@code model.layers} (hidden layers,
 * 0 for none) and {@code model.width} (units in each), e.g. {@code model.layers = 1..4} and
 * {@code model.width = loguniform_int(32, 1024)}; the one not searched is taken from the base
 * {@code model.hidden} (its layer count, or its first width). {@code model.hidden} itself can list
 * shapes ({@code 128 | 256,128}). Every shape trains over the same cached data.
 */
public final class TrialSettings {
  /** Prefix of the keys that set one argument of the optimizer spec. */
  public static final String OPTIMIZER_ARG = "train.optimizer.";
  /** Searched depth: the number of hidden layers. */
  public static final String LAYERS = "model.layers";
  /** Searched width: the units of every hidden layer. */
  public static final String WIDTH = "model.width";
  private static final Pattern ARG_NAME = Pattern.compile("[a-z][a-z0-9_]*");

  private final Settings base;
  private final Map<Integer, TrainSettings> parsed = new ConcurrentHashMap<>();

  public TrialSettings(Settings base) {
    this.base = base;
  }

  public Settings base() {
    return base;
  }

  /**
   * Fails unless every key of {@code space} can be searched by {@code strategy}. Halving and
   * Hyperband set the epoch and step limits themselves, so those cannot be searched with them.
   */
  public static void checkKeys(SearchSpace space, TuneJob.Strategy strategy) {
    for (Param p : space.params()) {
      String key = p.key();
      String where = p.where(space.source());
      if (key.equals(LAYERS) || key.equals(WIDTH)) {
        checkShapeKey(where, p, space);
        continue;
      }
      if (key.startsWith(OPTIMIZER_ARG)) {
        String arg = key.substring(OPTIMIZER_ARG.length());
        if (!ARG_NAME.matcher(arg).matches()) {
          throw new IllegalArgumentException(where + key + ": expected " + OPTIMIZER_ARG
              + "NAME with NAME an argument of the optimizer spec, such as lr");
        }
        if (!p.numeric()) {
          throw new IllegalArgumentException(where + key + " takes numbers, got " + p.text());
        }
        continue;
      }
      if (key.startsWith("spark.")) {
        throw new IllegalArgumentException(where + key + " cannot be searched: every trial"
            + " runs in the same Spark application");
      }
      Key k = Key.byName(key);
      if (k == null) {
        List<String> candidates = new ArrayList<>(Key.names());
        candidates.add(OPTIMIZER_ARG + "lr");
        throw new IllegalArgumentException(where + Suggest.unknown("config key", key,
            candidates));
      }
      if (key.startsWith("data.") || k == Key.TRAIN_PARTITIONS) {
        throw new IllegalArgumentException(where + key + " cannot be searched: the data is"
            + " read, scaled and cached once for all trials");
      }
      if (k == Key.RUN_DIR || key.startsWith("checkpoint.")) {
        throw new IllegalArgumentException(where + key + " cannot be searched: trials write"
            + " no run directory or checkpoints");
      }
      if (strategy.multiFidelity() && (k == Key.TRAIN_MAX_EPOCHS || k == Key.TRAIN_MAX_STEPS)) {
        throw new IllegalArgumentException(where + key + " cannot be searched with --strategy "
            + strategy.label() + ": " + strategy.label() + " sets every trial's epoch budget");
      }
    }
  }

  private static void checkShapeKey(String where, Param p, SearchSpace space) {
    if (space.keys().contains(Key.MODEL_HIDDEN.key())) {
      throw new IllegalArgumentException(where + p.key() + " and " + Key.MODEL_HIDDEN.key()
          + " both set the hidden layers: search either " + LAYERS + "/" + WIDTH + " or "
          + Key.MODEL_HIDDEN.key());
    }
    int least = p.key().equals(LAYERS) ? 0 : 1;
    boolean fits = p.integer() && (p.range() ? p.low() >= least
        : p.values().stream().allMatch(v -> Long.parseLong(v.strip()) >= least));
    if (!fits) {
      throw new IllegalArgumentException(where + p.key() + " takes whole numbers of at least "
          + least + ", got " + p.text());
    }
  }

  /** The base settings with a trial's values. */
  public Settings apply(Trial trial) {
    Settings s = base;
    Map<String, String> optimizerArgs = new LinkedHashMap<>();
    String layers = trial.values().get(LAYERS);
    String width = trial.values().get(WIDTH);
    if (layers != null || width != null) {
      s = s.with(Key.MODEL_HIDDEN, hidden(layers, width));
    }
    for (Map.Entry<String, String> e : trial.values().entrySet()) {
      if (e.getKey().equals(LAYERS) || e.getKey().equals(WIDTH)) {
        continue;
      }
      if (e.getKey().startsWith(OPTIMIZER_ARG)) {
        optimizerArgs.put(e.getKey().substring(OPTIMIZER_ARG.length()),
            Specs.formatNumber(Double.parseDouble(e.getValue())));
      } else {
        s = s.with(Key.byName(e.getKey()), e.getValue());
      }
    }
    if (!optimizerArgs.isEmpty()) {
      Specs.Parsed optimizer = Specs.parse("optimizer", s.get(Key.TRAIN_OPTIMIZER));
      for (Map.Entry<String, String> arg : optimizerArgs.entrySet()) {
        optimizer = optimizer.with(arg.getKey(), arg.getValue());
      }
      s = s.with(Key.TRAIN_OPTIMIZER, optimizer.toString());
    }
    return s;
  }

  /** {@code model.hidden} for a searched depth and/or width, the other from the base. */
  private String hidden(String layers, String width) {
    int[] sizes = TrainingKey.sizes(base.get(Key.MODEL_HIDDEN));
    int depth = layers != null ? Integer.parseInt(layers.strip()) : sizes.length;
    if (width == null && depth > 0 && sizes.length == 0) {
      throw new IllegalArgumentException(LAYERS + "=" + depth + " needs a width: search "
          + WIDTH + " too, or give model.hidden in the config");
    }
    String units = width != null ? width.strip() : Integer.toString(sizes[0]);
    return String.join(",", java.util.Collections.nCopies(depth, units));
  }

  /**
   * Parses every trial's settings without data, so a bad value fails before anything trains;
   * the message names the trial. {@link #parsed} then hands out what was parsed here.
   */
  public void check(List<Trial> trials) {
    for (Trial t : trials) {
      parsed(t);
    }
  }

  /** The trial's settings parsed (once per trial): what its runs are configured from. */
  TrainSettings parsed(Trial t) {
    return parsed.computeIfAbsent(t.id(), id -> {
      try {
        return TrainSettings.parse(apply(t));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("trial " + t.id() + " (" + t.describe() + "): "
            + e.getMessage(), e);
      }
    });
  }
}
