package org.minibatch.nn;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one door to BLAS level 3 in this code base, over {@code dev.ludovic.netlib}.
 *
 * <p>All matrices are column-major, as BLAS expects. A row-major {@code rows x cols} array is the
 * column-major {@code cols x rows} matrix, which is how {@link Backprop} uses it.
 *
 * <p>netlib reports {@code JNIBLAS} whenever it can load {@code libblas.so.3}, whether that is
 * OpenBLAS (about 86 GFLOP/s in float64 on 2 cores) or Debian's reference BLAS (about 5 GFLOP/s),
 * so the implementation name alone does not tell fast from slow: {@link #probe()} times a gemm.
 */
public final class Blas {
  /** Below this rate (GFLOP/s, float64) training is slow enough that the user should hear about it. */
  static final double SLOW_GFLOPS = 15.0;

  private static final BLAS INSTANCE = BLAS.getInstance();
  private static final Logger LOG = LoggerFactory.getLogger(Blas.class);
  private static final AtomicBoolean ANNOUNCED = new AtomicBoolean();
  private static volatile Probe probe;

  private Blas() {}

  /** C = alpha * op(A) * op(B) + beta * C, column-major, with offsets. */
  public static void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
      double[] a, int offA, int lda, double[] b, int offB, int ldb, double beta,
      double[] c, int offC, int ldc) {
    INSTANCE.dgemm(transA ? "T" : "N", transB ? "T" : "N", m, n, k, alpha, a, offA, lda, b, offB,
        ldb, beta, c, offC, ldc);
  }

  /** Single-precision gemm, same conventions as {@link #dgemm}. */
  public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
      float[] a, int offA, int lda, float[] b, int offB, int ldb, float beta,
      float[] c, int offC, int ldc) {
    INSTANCE.sgemm(transA ? "T" : "N", transB ? "T" : "N", m, n, k, alpha, a, offA, lda, b, offB,
        ldb, beta, c, offC, ldc);
  }

  /** The netlib implementation class in use, e.g. {@code JNIBLAS} or {@code VectorBLAS}. */
  public static String implementation() {
    return INSTANCE.getClass().getSimpleName();
  }

  /** True when netlib fell back to its pure-Java implementation (no system libblas.so.3). */
  public static boolean isJavaFallback() {
    return INSTANCE instanceof JavaBLAS;
  }

  /** Measured gemm rates, taken once per JVM, and the library and kernel that gave them. */
  public record Probe(String implementation, BlasLibrary library, double dgemmGflops,
      double sgemmGflops) {
    public boolean slow() {
      return dgemmGflops < SLOW_GFLOPS;
    }

    /** One line for logs and summaries. */
    public String describe() {
      return String.format(Locale.ROOT, "BLAS %s, %s: dgemm %.1f GFLOP/s, sgemm %.1f GFLOP/s%s",
          implementation, library.describe(), dgemmGflops, sgemmGflops,
          slow() ? " (SLOW: install OpenBLAS, e.g. apt-get install libopenblas0-pthread)" : "");
    }
  }

  /**
   * Logs, once per JVM, which BLAS is in use and how fast it is; a warning when it is slow
   * (the pure-Java fallback, or Debian's reference libblas3).
   */
  public static Probe announce() {
    Probe p = probe();
    if (ANNOUNCED.compareAndSet(false, true)) {
      if (p.slow()) {
        LOG.warn(p.describe());
      } else {
        LOG.info(p.describe());
      }
    }
    return p;
  }

  /** Times square gemms of size 512 (a fraction of a second with a fast BLAS); cached per JVM. */
  public static Probe probe() {
    Probe p = probe;
    if (p == null) {
      synchronized (Blas.class) {
        if (probe == null) {
          probe = new Probe(implementation(), BlasLibrary.current(), measureDgemm(512),
              measureSgemm(512));
        }
        p = probe;
      }
    }
    return p;
  }

  /** Best-of-three dgemm rate for n x n matrices, in GFLOP/s. */
  public static double measureDgemm(int n) {
    double[] a = filled(n * n);
    double[] b = filled(n * n);
    double[] c = new double[n * n];
    dgemm(false, false, n, n, n, 1, a, 0, n, b, 0, n, 0, c, 0, n); // warm-up
    long best = Long.MAX_VALUE;
    for (int rep = 0; rep < 3; rep++) {
      long start = System.nanoTime();
      dgemm(false, false, n, n, n, 1, a, 0, n, b, 0, n, 0, c, 0, n);
      best = Math.min(best, System.nanoTime() - start);
    }
    return 2.0 * n * n * n / best;
  }

  /** Best-of-three sgemm rate for n x n matrices, in GFLOP/s. */
  public static double measureSgemm(int n) {
    float[] a = new float[n * n];
    float[] b = new float[n * n];
    for (int i = 0; i < a.length; i++) {
      a[i] = (i % 17) * 0.01f;
      b[i] = (i % 13) * 0.01f;
    }
    float[] c = new float[n * n];
    sgemm(false, false, n, n, n, 1, a, 0, n, b, 0, n, 0, c, 0, n);
    long best = Long.MAX_VALUE;
    for (int rep = 0; rep < 3; rep++) {
      long start = System.nanoTime();
      sgemm(false, false, n, n, n, 1, a, 0, n, b, 0, n, 0, c, 0, n);
      best = Math.min(best, System.nanoTime() - start);
    }
    return 2.0 * n * n * n / best;
  }

  private static double[] filled(int size) {
    double[] x = new double[size];
    for (int i = 0; i < size; i++) {
      x[i] = (i % 17) * 0.01;
    }
    return x;
  }
}
