package org.minibatch.data;

/**
 * A row of input data that cannot be trained on. The message names where (file, line, row,
 * column) and what was expected, e.g. {@code row 17, feature 3: NaN is not a finite number}.
 */
public class InvalidDataException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidDataException(String message) {
    super(message);
  }
}
