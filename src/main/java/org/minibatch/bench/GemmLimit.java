package org.minibatch.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.minibatch.nn.Blas;

/**
 * The machine's gemm rate through the library training uses: {@code threads} threads each
 * multiplying square matrices at once, as {@code threads} Spark tasks do, summed. This is the
 * limit a training step's floating-point work can approach.
 */
public final class GemmLimit {
  private GemmLimit() {}

  /** GFLOP/s of float64 (or float32) gemm with n x n matrices in {@code threads} threads. */
  public static double measure(int threads, int n, boolean single) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Double>> rates = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        rates.add(pool.submit(() -> single ? Blas.measureSgemm(n) : Blas.measureDgemm(n)));
      }
      double total = 0;
      for (Future<Double> rate : rates) {
        total += rate.get();
      }
      return total;
    } finally {
      pool.shutdownNow();
    }
  }
}
