package org.minibatch.spark;

import java.util.LinkedHashMap;
import java.util.Map;
import org.minibatch.nn.NetworkSpec;
import org.minibatch.train.PartitionWorker;

/**
 * Executor-side {@link PartitionWorker}s, one per task thread and network, kept between steps so
 * their scratch buffers are allocated once per executor thread, not once per task. A few specs
 * are remembered per thread, for concurrent trials of different networks, but together no more
 * than {@value #PARAMS_PER_THREAD} parameters besides the newest: that memory is outside what
 * Spark accounts for, and a 10M-parameter network's buffers are tens of megabytes a thread.
 */
final class Workers {
  private static final int PER_THREAD = 4;
  private static final long PARAMS_PER_THREAD = 4_000_000;
  private static final ThreadLocal<Map<NetworkSpec, PartitionWorker>> WORKERS =
      ThreadLocal.withInitial(() -> new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<NetworkSpec, PartitionWorker> eldest) {
          long params = 0;
          for (NetworkSpec spec : keySet()) {
            params += spec.numParameters();
          }
          return size() > PER_THREAD || (size() > 1 && params > PARAMS_PER_THREAD);
        }
      });

  private Workers() {}

  static PartitionWorker get(NetworkSpec spec) {
    return WORKERS.get().computeIfAbsent(spec, PartitionWorker::new);
  }
}
