package org.minibatch.spark;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * What Spark ran while this object listened: the jobs started, the tasks ended and the
 * executors that ran them. It tells which path a run took, which its weights cannot: local mode's direct steps
 * start no job, a job per step starts one a step, and a cluster run names each executor that
 * computed. Spark delivers listener events on its own thread, so {@link #close} first waits for
 * the events already posted.
 */
public final class SparkActivity extends SparkListener implements AutoCloseable {
  /** How long {@link #close} waits for events posted before it (a guard, not a timing). */
  private static final long DRAIN_MILLIS = 60_000;

  private final SparkContext sc;
  private final AtomicLong jobs = new AtomicLong();
  private final AtomicLong tasks = new AtomicLong();
  private final Set<String> executors = new TreeSet<>();
  private boolean closed;

  private SparkActivity(SparkContext sc) {
    this.sc = sc;
  }

  /** Starts listening on {@code sc}. */
  public static SparkActivity listen(SparkContext sc) {
    SparkActivity activity = new SparkActivity(sc);
    sc.addSparkListener(activity);
    return activity;
  }

  @Override
  public void onJobStart(SparkListenerJobStart jobStart) {
    jobs.incrementAndGet();
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
    tasks.incrementAndGet();
    synchronized (executors) {
      executors.add(taskEnd.taskInfo().executorId());
    }
  }

  /** Jobs started so far (all of them, once closed). */
  public long jobs() {
    return jobs.get();
  }

  /** Tasks ended so far, of every stage (all of them, once closed). */
  public long tasks() {
    return tasks.get();
  }

  /** The ids of the executors that ran tasks ({@code driver} in local mode), sorted. */
  public List<String> executors() {
    synchronized (executors) {
      return List.copyOf(executors);
    }
  }

  /** Waits for the events posted so far, then stops listening; the counts are final. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (!sc.isStopped()) {
        sc.listenerBus().waitUntilEmpty(DRAIN_MILLIS);
      }
    } catch (TimeoutException e) {
      throw new IllegalStateException("Spark's listener bus did not drain in "
          + DRAIN_MILLIS / 1000 + " s", e);
    } finally {
      sc.removeSparkListener(this);
    }
  }
}
