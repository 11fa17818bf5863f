package org.minibatch.tune;

import java.util.ArrayList;
import java.util.List;
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
  /** One unit of work: train {@code trial} to {@code budget} epochs at {@code rung}. */
  public record Task(Trial trial, int rung, double budget) {}

  private final Objective objective;
  private final int parallel;
  private final SearchListener listener;

  public TrialRunner(Objective objective, int parallel, SearchListener listener) {
    if (parallel < 1) {
      throw new IllegalArgumentException("--parallel must be at least 1, got " + parallel);
    }
    this.objective = objective;
    this.parallel = parallel;
    this.listener = listener;
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
   * Runs every task and returns the results in task order. A trial that throws stops the whole
   * search: the exception (unwrapped) is rethrown once the running trials have been cancelled.
   */
  public List<TrialResult> runAll(List<Task> tasks) {
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
    Outcome outcome = objective.run(task.trial(), task.budget());
    TrialResult result = new TrialResult(task.trial(), task.rung(), task.budget(), outcome);
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
