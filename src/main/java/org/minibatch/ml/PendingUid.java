package org.minibatch.ml;

/**
 * Hands a stage's uid to its Scala superclass constructor.
 *
 * <p>Why this exists: Spark's shared params ({@code featuresCol}, {@code probabilityCol}, ...) are
 * {@code val}s of Scala traits, created while the superclass constructor runs, and each records
 * {@code parent.uid} at that moment. A Scala subclass takes {@code uid} as a constructor
 * parameter, which Scala assigns before calling the superclass; Java cannot assign a field before
 * {@code super()}, so {@code uid()} would return null there and every inherited param would belong
 * to "null" ({@code Param null__featuresCol does not belong to ...}). The public constructor
 * therefore parks the uid in a thread-local ({@link #begin}), {@code uid()} reads it while the
 * field is still unset, and the constructor body takes it back ({@link #end}).
 */
final class PendingUid {
  private static final ThreadLocal<String> PENDING = new ThreadLocal<>();

  private final String uid;

  private PendingUid(String uid) {
    this.uid = uid;
  }

  /** Parks {@code uid} for the superclass constructor that is about to run on this thread. */
  static PendingUid begin(String uid) {
    if (uid == null || uid.isEmpty()) {
      throw new IllegalArgumentException("uid must not be empty");
    }
    PENDING.set(uid);
    return new PendingUid(uid);
  }

  /** The uid parked on this thread (what {@code uid()} returns during {@code super()}). */
  static String current() {
    return PENDING.get();
  }

  /** Clears the parked uid and returns it, for the constructor body to store. */
  String end() {
    PENDING.remove();
    return uid;
  }
}
