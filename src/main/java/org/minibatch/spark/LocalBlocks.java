package org.minibatch.spark;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.storage.BlockResult;
import org.apache.spark.storage.RDDBlockId;
import scala.Option;
import scala.collection.Iterator;

/**
 * Work on the cached blocks of this JVM without a Spark job, for local mode: there the
 * "executor" is the driver's own JVM, the cached {@link PartitionData} sit in its block manager,
 * and a job per step adds only scheduling, task and result serialization, and the broadcast. In
 * a fresh JVM that machinery runs cold for the whole of a short run, and costs more than the
 * step itself (BENCHMARKS.md, "The whole command"). The work is the same function the tasks
 * run ({@link SparkGradientSource#partitionGradient}), on a thread per local core, and the
 * caller combines the results in partition order exactly as it combines task results, so the
 * weights are the same bits either way ({@code LocalBlocksTest}).
 *
 * <p>Only in local masters ({@code local}, {@code local[N]}, {@code local[*]},
 * {@code local[N,F]}; not {@code local-cluster}, whose executors are other JVMs), and only while
 * every block a call needs is cached here; otherwise the caller runs its Spark job, which also
 * caches the block again. {@value #KEY}{@code =jobs} turns it off (a job per step, as on a
 * cluster).
 */
public final class LocalBlocks {
  /** The Spark conf key that chooses how local mode computes steps. */
  public static final String KEY = "spark.minibatch.localSteps";
  private static final Pattern LOCAL = Pattern.compile("local(?:\\[(\\*|\\d+)(?:,\\d+)?])?");
  /** One pool per thread count, shared by concurrent trainings (tune's parallel trials). */
  private static final Map<Integer, ExecutorService> POOLS = new ConcurrentHashMap<>();

  private final ExecutorService pool;
  private final int threads;

  private LocalBlocks(int threads) {
    this.threads = threads;
    this.pool = POOLS.computeIfAbsent(threads, n -> {
      AtomicInteger count = new AtomicInteger();
      return Executors.newFixedThreadPool(n, r -> {
        Thread t = new Thread(r, "minibatch local step " + count.incrementAndGet());
        t.setDaemon(true);
        return t;
      });
    });
  }

  /**
   * Direct work for {@code sc}: present when its master is local and {@value #KEY} is
   * {@code direct} (the default).
   */
  public static Optional<LocalBlocks> of(SparkContext sc) {
    int threads = localThreads(sc.master());
    return direct(sc.getConf().get(KEY, "direct")) && threads > 0
        ? Optional.of(new LocalBlocks(threads)) : Optional.empty();
  }

  /** Direct work on {@code threads} threads, whatever the master (tests). */
  static LocalBlocks withThreads(int threads) {
    return new LocalBlocks(threads);
  }

  /** Whether {@value #KEY}'s value asks for direct work: direct or jobs, else an error. */
  static boolean direct(String mode) {
    if (!mode.equals("direct") && !mode.equals("jobs")) {
      throw new IllegalArgumentException(KEY + " must be direct or jobs, got '" + mode + "'");
    }
    return mode.equals("direct");
  }

  /** The task threads of a local master (local[*]: the machine's cores), 0 for any other. */
  static int localThreads(String master) {
    Matcher m = LOCAL.matcher(master.trim());
    if (!m.matches()) {
      return 0;
    }
    String n = m.group(1);
    return n == null ? 1 : n.equals("*") ? Runtime.getRuntime().availableProcessors()
        : Math.max(1, Integer.parseInt(n));
  }

  /** Whether {@code master} runs tasks in the driver's JVM (a {@code local} master). */
  public static boolean isLocal(String master) {
    return localThreads(master) > 0;
  }

  int threads() {
    return threads;
  }

  /**
   * Applies {@code work} to the cached block of each of {@code partitions} of {@code blocks},
   * and hands the results to {@code inOrder} in the order of {@code partitions}, with at most
   * twice the thread count of results waiting (on the tree route a result is a whole exact
   * gradient). Returns false, having computed nothing, when a block is not cached in this JVM.
   */
  public <R> boolean run(JavaRDD<PartitionData> blocks, int[] partitions,
      Function<PartitionData, R> work, Consumer<R> inOrder) {
    PartitionData[] data = new PartitionData[partitions.length];
    for (int i = 0; i < partitions.length; i++) {
      data[i] = cached(blocks.id(), partitions[i]);
      if (data[i] == null) {
        return false;
      }
    }
    Deque<Future<R>> running = new ArrayDeque<>();
    int next = 0;
    try {
      while (next < data.length || !running.isEmpty()) {
        while (next < data.length && running.size() < 2 * threads) {
          PartitionData block = data[next++];
          running.add(pool.submit(() -> work.apply(block)));
        }
        inOrder.accept(running.removeFirst().get());
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during a local step", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
    } finally {
      running.forEach(f -> f.cancel(false));
    }
  }

  /**
   * The block of {@code partition} from this JVM's block manager (memory, or disk if it was
   * spilled), or null. Reading the one-value iterator to its end releases Spark's read lock.
   */
  static PartitionData cached(int rddId, int partition) {
    SparkEnv env = SparkEnv.get();
    if (env == null) {
      return null;
    }
    Option<BlockResult> result = env.blockManager()
        .getLocalValues(new RDDBlockId(rddId, partition));
    if (result.isEmpty()) {
      return null;
    }
    Iterator<Object> values = result.get().data();
    PartitionData block = values.hasNext() ? (PartitionData) values.next() : null;
    while (values.hasNext()) {
      values.next();
    }
    return block;
  }
}
