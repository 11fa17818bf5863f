package org.minibatch.spark;

/** Turns a failed Spark job back into the error a task threw, when it is one of ours. */
public final class SparkErrors {
  private SparkErrors() {}

  /**
   * The {@link IllegalArgumentException} (bad data or settings, e.g.
   * {@link org.minibatch.data.InvalidDataException}) that made a task fail, found in the cause
   * chain of Spark's job failure. Anything else is rethrown as it is (Spark's Java API throws the
   * checked {@code SparkException} without declaring it).
   */
  public static RuntimeException unwrap(Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IllegalArgumentException ours) {
        return ours;
      }
    }
    return SparkErrors.<RuntimeException>sneaky(e);
  }

  @SuppressWarnings("unchecked")
  private static <T extends Exception> T sneaky(Exception e) throws T {
    throw (T) e;
  }
}
