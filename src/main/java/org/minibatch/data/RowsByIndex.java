package org.minibatch.data;

import java.io.IOException;
import java.io.Serializable;

/**
 * Rows that any task can read by their position in the input (fixed-size records such as IDX
 * images): each partition then picks its own rows out of the input, by the seeded hash of
 * their position that the shuffle would have used, and the cached blocks are built in a single
 * pass with no shuffle and no intermediate rows. The rows come out already scaled.
 */
public interface RowsByIndex extends Serializable {
  /** How many rows the input holds. */
  long rows();

  /** Features per row. */
  int features();

  /** Largest label + 1 (at least 2): the classes a softmax output needs for these labels. */
  int classes();

  /** The same rows with every feature multiplied by {@code factor}, as the scaler would. */
  RowsByIndex scaled(double factor);

  /** Opens the rows inside a task (input shared by the tasks of one JVM where it can be). */
  Access open() throws IOException;

  /** Reading rows by position, from one task's thread. */
  interface Access {
    /** Writes row {@code index}'s scaled features and its targets (the label) into the arrays. */
    void read(long index, double[] features, double[] targets);
  }
}
