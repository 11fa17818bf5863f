package org.minibatch.nn;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which native BLAS this JVM computes with, and which of its kernels: the last bits of every
 * gemm depend on both. OpenBLAS picks its kernel by CPU at load time ({@code SkylakeX} with
 * AVX-512, {@code Haswell} or {@code Zen} with AVX2; {@code OPENBLAS_CORETYPE} overrides it), and
 * within a kernel by the call's shape, so two machines of different CPUs give other weights for
 * the same run, and a cluster of mixed CPUs other weights than a uniform one.
 *
 * <p>The library is the file netlib's JNI wrapper loaded (read from {@code /proc/self/maps} on
 * Linux); the kernel and build come from OpenBLAS itself ({@code openblas_get_corename},
 * {@code openblas_get_config}, called through JNA). Another BLAS is named by its file, its
 * kernel unknown.
 *
 * @param library the shared object in use, or a description when there is none
 * @param config the library's own description of its build (OpenBLAS), or "unknown"
 * @param kernel the kernel the library chose for this CPU (OpenBLAS), or "unknown"
 */
public record BlasLibrary(String library, String config, String kernel) {
  static final String UNKNOWN = "unknown";
  private static final Pattern BLAS_FILE = Pattern.compile(
      ".*/(lib(open)?blas[^/]*\\.so[^/]*|libmkl_rt[^/]*|libblis[^/]*|libflexiblas[^/]*)");
  private static volatile BlasLibrary current;

  /** The BLAS of this JVM, found once. */
  public static BlasLibrary current() {
    BlasLibrary b = current;
    if (b == null) {
      b = detect(Blas.isJavaFallback(), mappedFiles());
      current = b;
    }
    return b;
  }

  /** One line for logs, summaries and the executors' report: library, kernel. */
  public String describe() {
    return kernel.equals(UNKNOWN) ? library : library + " (kernel " + kernel + ")";
  }

  /**
   * The library among the files this process maps: OpenBLAS answers for its kernel; the first
   * BLAS-like file otherwise.
   */
  static BlasLibrary detect(boolean javaFallback, List<String> mapped) {
    if (javaFallback) {
      return new BlasLibrary("netlib's Java BLAS (no native libblas.so.3 loaded)", UNKNOWN,
          "Java (" + Blas.implementation() + ")");
    }
    // the generic name netlib loads (Debian's alternatives point it at OpenBLAS) first
    List<String> candidates = mapped.stream().filter(f -> BLAS_FILE.matcher(f).matches())
        .distinct().sorted(java.util.Comparator.comparing(f -> !f.endsWith("/libblas.so.3")))
        .toList();
    for (String file : candidates) {
      BlasLibrary openBlas = askOpenBlas(file);
      if (openBlas != null) {
        return openBlas;
      }
    }
    return new BlasLibrary(candidates.isEmpty() ? "a native BLAS (" + Blas.implementation()
        + "; its file is not listed in /proc/self/maps)" : candidates.get(0), UNKNOWN, UNKNOWN);
  }

  /** The kernel and build of {@code file} if it is OpenBLAS; null if not, or if JNA fails. */
  private static BlasLibrary askOpenBlas(String file) {
    try {
      NativeLibrary lib = NativeLibrary.getInstance(file);
      String core = lib.getFunction("openblas_get_corename").invokeString(new Object[0], false);
      Function config = lib.getFunction("openblas_get_config");
      return new BlasLibrary(file, config.invokeString(new Object[0], false).trim(),
          core.trim());
    } catch (UnsatisfiedLinkError | RuntimeException e) {
      // not OpenBLAS (no such symbol), or JNA's native part cannot load here
      return null;
    }
  }

  /** Files mapped into this process, from {@code /proc/self/maps}; empty where there is none. */
  static List<String> mappedFiles() {
    Path maps = Path.of("/proc/self/maps");
    if (!Files.isReadable(maps)) {
      return List.of();
    }
    try {
      return Files.readAllLines(maps).stream().map(line -> {
        int slash = line.indexOf('/');
        return slash < 0 ? "" : line.substring(slash).trim();
      }).filter(f -> !f.isEmpty()).toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%s; %s", describe(), config);
  }
}
