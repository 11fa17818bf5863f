package org.minibatch.tune;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs trials, up to {@code parallel} at the same time, one thread per running trial. With a
 * Spark objective every thread submits its own jobs, and Spark's fair scheduler shares the
 * executors between them (one pool per trial), so a trial's driver-side work (optimizer update,
 * broadcast, merging partial sums) overlaps the other trials' tasks.
 */
public final class TrialRunner {
  /**
   * One unit of work: train {@code trial} to {@code budget} epochs in all, at {@code rung} of
   * {@code bracket}; {@code from}, if not null, is a finished trial whose final weights it starts
   * from (the genetic search's inherited weights).
   */
  public record Task(Trial trial, int bracket, int rung, double budget, Trial from) {
    public Task(Trial trial, int rung, double budget) {
      this(trial, 0, rung, budget, null);
    }
  }

  private static final double TOLERANCE = 1e-9;

  private final Objective objective;
  private final int parallel;
  private final SearchListener listener;
  private final double budgetEpochs;
  private final Map<Integer, Double> trained = new HashMap<>();
  private boolean exhausted;

  public TrialRunner(Objective objective, int parallel, SearchListener listener) {
    this(objective, parallel, listener, Double.POSITIVE_INFINITY);
  }

  /**
   * @param budgetEpochs the epochs all trials together may train (infinity for no limit): a task
   *     whose epochs would go past it is not started, and the search stops there
   */
  public TrialRunner(Objective objective, int parallel, SearchListener listener,
      double budgetEpochs) {
    if (parallel < 1) {
      throw new IllegalArgumentException("--parallel must be at least 1, got " + parallel);
    }
    if (!(budgetEpochs > 0)) {
      throw new IllegalArgumentException("--budget-epochs must be positive, got "
          + budgetEpochs);
    }
    this.objective = objective;
    this.parallel = parallel;
    this.listener = listener;
    this.budgetEpochs = budgetEpochs;
  }

  /** Whether a total epoch budget limits the search. */
  public boolean budgeted() {
    return budgetEpochs != Double.POSITIVE_INFINITY;
  }

  /**
   * Whether the budget is spent, or a task was refused because it would go past it: the search
   * should end.
   */
  public boolean exhausted() {
    return exhausted || spentEpochs() >= budgetEpochs * (1 - TOLERANCE);
  }

  /** Epochs trained so far by all trials together. */
  public double spentEpochs() {
    return trained.values().stream().mapToDouble(Double::doubleValue).sum();
  }

  /** Epochs a trial has trained so far (0 before its first task). */
  public double trainedEpochs(Trial trial) {
    return trained.getOrDefault(trial.id(), 0.0);
  }

  public int parallel() {
    return parallel;
  }

  Objective objective() {
    return objective;
  }

  SearchListener listener() {
    return listener;
  }

  /**
   * Runs the tasks, in task order as far as the epoch budget reaches (the first task that would
   * exceed it and those after it are not run, and {@link #exhausted} turns true), and returns
   * their results in task order. Which tasks run depends only on the tasks and on the epochs of
   * earlier results, never on timing, so a seeded search is reproducible at any parallelism. A
   * trial that throws stops the whole search: the exception (unwrapped) is rethrown once the
   * running trials have been cancelled.
   */
  public List<TrialResult> runAll(List<Task> all) {
    List<Task> tasks = withinBudget(all);
    List<TrialResult> results = execute(tasks);
    for (TrialResult r : results) {
      trained.put(r.trial().id(), r.outcome().epochs());
    }
    return results;
  }

  private List<Task> withinBudget(List<Task> all) {
    double planned = spentEpochs();
    for (int i = 0; i < all.size(); i++) {
      planned += Math.max(0, all.get(i).budget() - trainedEpochs(all.get(i).trial()));
      if (planned > budgetEpochs * (1 + TOLERANCE)) {
        exhausted = true;
        return all.subList(0, i);
      }
    }
    return all;
  }

  private List<TrialResult> execute(List<Task> tasks) {
    if (parallel == 1 || tasks.size() <= 1) {
      List<TrialResult> results = new ArrayList<>();
      for (Task task : tasks) {
        results.add(run(task));
      }
      return results;
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallel, tasks.size()),
        threads());
    try {
      List<Future<TrialResult>> futures = new ArrayList<>();
      for (Task task : tasks) {
        futures.add(pool.submit(() -> run(task)));
      }
      List<TrialResult> results = new ArrayList<>();
      for (Future<TrialResult> f : futures) {
        results.add(f.get());
      }
      return results;
    } catch (ExecutionException e) {
      throw unwrap(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while trials were running", e);
    } finally {
      pool.shutdownNow();
    }
  }

  private TrialResult run(Task task) {
    Outcome outcome = task.from() == null ? objective.run(task.trial(), task.budget())
        : objective.runFrom(task.trial(), task.budget(), task.from());
    TrialResult result = new TrialResult(task.trial(), task.bracket(), task.rung(),
        task.budget(), outcome);
    listener.trialDone(result);
    return result;
  }

  private static RuntimeException unwrap(Throwable cause) {
    if (cause instanceof RuntimeException r) {
      return r;
    }
    if (cause instanceof Error e) {
      throw e;
    }
    return new IllegalStateException(cause);
  }

  private static ThreadFactory threads() {
    AtomicInteger count = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "minibatch-trial-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
