package org.minibatch.app;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.minibatch.tune.Param;
import org.minibatch.tune.SearchSpace;
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
 */
public final class TrialSettings {
  /** Prefix of the keys that set one argument of the optimizer spec. */
  public static final String OPTIMIZER_ARG = "train.optimizer.";
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
   * Fails unless every key of {@code space} can be searched. With {@code halving}, the epoch
   * and step limits are the halving budget and cannot be searched either.
   */
  public static void checkKeys(SearchSpace space, boolean halving) {
    String where = space.source() + ": ";
    for (Param p : space.params()) {
      String key = p.key();
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
      if (halving && (k == Key.TRAIN_MAX_EPOCHS || k == Key.TRAIN_MAX_STEPS)) {
        throw new IllegalArgumentException(where + key + " cannot be searched with --strategy"
            + " halving: halving sets every trial's epoch budget");
      }
    }
  }

  /** The base settings with a trial's values. */
  public Settings apply(Trial trial) {
    Settings s = base;
    Map<String, String> optimizerArgs = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : trial.values().entrySet()) {
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
