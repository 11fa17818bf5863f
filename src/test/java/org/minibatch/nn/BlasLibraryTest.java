package org.minibatch.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.minibatch.testing.ChildJvm;

/** Which BLAS library and kernel a JVM computes with, as summary.json records them. */
class BlasLibraryTest {
  @Test
  void theJavaFallbackAndAnUnlistedLibraryAreNamedWithoutAKernel() {
    BlasLibrary java = BlasLibrary.detect(true, List.of());
    assertTrue(java.library().startsWith("netlib's Java BLAS"), java.library());
    assertEquals("unknown", java.config());
    BlasLibrary unlisted = BlasLibrary.detect(false, List.of("/usr/lib/libc.so.6"));
    assertTrue(unlisted.library().contains("its file is not listed"), unlisted.library());
    assertEquals("unknown", unlisted.kernel());
    BlasLibrary other = BlasLibrary.detect(false, List.of("/opt/blis/lib/libblis.so.4",
        "/usr/lib/libc.so.6"));
    assertEquals(new BlasLibrary("/opt/blis/lib/libblis.so.4", "unknown", "unknown"), other);
    assertEquals("/opt/blis/lib/libblis.so.4", other.describe());
  }

  /**
   * The kernel comes from the library itself, not from the CPU's flags: a JVM told by
   * {@code OPENBLAS_CORETYPE} to take OpenBLAS's Haswell kernel reports that kernel, where the
   * library picks kernels at load time (DYNAMIC_ARCH, as Debian builds it).
   */
  @Test
  void theKernelIsTheOneTheLibraryChose() throws Exception {
    BlasLibrary here = BlasLibrary.current();
    String child = childKernel("Haswell");
    if (here.config().startsWith("OpenBLAS")) {
      assertTrue(here.config().contains(here.kernel()), here.toString());
      assertEquals(here.config().contains("DYNAMIC_ARCH") ? "Haswell" : here.kernel(), child);
    } else {
      assertEquals(here.kernel(), child, "not OpenBLAS: " + here);
    }
  }

  private static String childKernel(String coreType) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(ChildJvm.command(List.of(),
        PrintKernel.class.getName(), List.of())).redirectErrorStream(false);
    builder.environment().put("OPENBLAS_CORETYPE", coreType);
    builder.redirectError(ProcessBuilder.Redirect.DISCARD);
    Process p = builder.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM did not finish");
    assertEquals(0, p.exitValue(), out);
    return out;
  }

  /** Prints this JVM's BLAS kernel. */
  public static final class PrintKernel {
    public static void main(String[] args) {
      System.out.println(BlasLibrary.current().kernel());
    }
  }
}
