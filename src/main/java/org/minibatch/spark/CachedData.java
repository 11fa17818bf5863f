package org.minibatch.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.RDDInfo;
import org.apache.spark.storage.StorageLevel;
import org.minibatch.data.FeatureStorage;
import org.minibatch.data.LabeledRow;
import org.minibatch.data.RowValidator;
import org.minibatch.data.RowsByIndex;
import org.minibatch.nn.NetworkSpec;
import org.minibatch.train.EpochOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Training data prepared once for many steps: every row validated ({@link RowValidator}), spread
 * over partitions at random with a seed, and each partition turned into contiguous float32 blocks
 * ({@link PartitionData}) persisted deserialized in memory, spilling to local disk what memory
 * cannot hold (then a warning says how much, and how much executor memory would keep it all in
 * memory): a partition that is neither would be recomputed from the input at every step. Steps
 * never re-read or re-parse rows.
 *
 * <p>Row i (its 0-based position in the input) goes to partition {@code hash(seed, i) mod P} and,
 * when a validation fraction f is set, to the held-out rows if {@code u(seed, i) < f}; within a
 * partition rows keep their input order. So the cached blocks depend only on the data, the seed
 * and P, not on how Spark shuffled them, and with P = 1 the block is the input in order. Rows
 * that tasks can read by position ({@link RowsByIndex}) get the same blocks without the
 * shuffle ({@link #fromRowsByIndex}).
 */
public final class CachedData implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CachedData.class);
  private final JavaSparkContext jsc;
  private final JavaRDD<PartitionData> blocks;
  private final NetworkSpec spec;
  private final int[] trainRows;
  private final int[] validationRows;
  private final long skippedRows;
  private final String firstSkipped;
  private final FeatureStorage storage;
  private final long storedValues;
  private final int maxRowValues;

  private CachedData(JavaSparkContext jsc, JavaRDD<PartitionData> blocks, NetworkSpec spec,
      int[] trainRows, int[] validationRows, long skippedRows, String firstSkipped,
      FeatureStorage storage, long storedValues, int maxRowValues) {
    this.maxRowValues = maxRowValues;
    this.storage = storage;
    this.storedValues = storedValues;
    this.jsc = jsc;
    this.blocks = blocks;
    this.spec = spec;
    this.trainRows = trainRows;
    this.validationRows = validationRows;
    this.skippedRows = skippedRows;
    this.firstSkipped = firstSkipped;
  }

  /**
   * How to lay the rows out: partition count, held-out fraction, seed, whether invalid rows are
   * left out, and how blocks store the features ({@link FeatureStorage}; {@code AUTO} is
   * resolved from a sample of the rows when the blocks are planned).
   */
  public record Layout(int partitions, double validationFraction, long seed,
      boolean skipInvalid, FeatureStorage storage) implements Serializable {
    /** A layout that fails on the first invalid row. */
    public Layout(int partitions, double validationFraction, long seed) {
      this(partitions, validationFraction, seed, false);
    }

    /** A layout whose feature storage is chosen from the data. */
    public Layout(int partitions, double validationFraction, long seed, boolean skipInvalid) {
      this(partitions, validationFraction, seed, skipInvalid, FeatureStorage.AUTO);
    }

    /** This layout with the given feature storage. */
    public Layout with(FeatureStorage storage) {
      return new Layout(partitions, validationFraction, seed, skipInvalid, storage);
    }

    public Layout {
      if (partitions < 1) {
        throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
      }
      if (!(validationFraction >= 0 && validationFraction < 1)) {
        throw new IllegalArgumentException("validation fraction must be in [0, 1), got "
            + validationFraction);
      }
    }
  }

  /** Validates, spreads and caches {@code rows} for a network of shape {@code spec}. */
  public static CachedData prepare(JavaRDD<LabeledRow> rows, NetworkSpec spec, Layout layout) {
    return prepare(rows, spec, layout, false);
  }

  /**
   * As {@link #prepare(JavaRDD, NetworkSpec, Layout)}; with {@code weighted}, the blocks keep
   * each row's weight ({@link LabeledRow#weight}), which the loss and the metrics then use.
   */
  public static CachedData prepare(JavaRDD<LabeledRow> rows, NetworkSpec spec, Layout layout,
      boolean weighted) {
    return cacheAll(List.of(plan(rows, spec, layout, weighted))).get(0);
  }

  /** The blocks {@link #prepare} caches, defined but not built: see {@link #cacheAll}. */
  public static Plan plan(JavaRDD<LabeledRow> rows, NetworkSpec spec, Layout layout) {
    return plan(rows, spec, layout, false);
  }

  /** As {@link #plan(JavaRDD, NetworkSpec, Layout)}, keeping the weights if {@code weighted}. */
  public static Plan plan(JavaRDD<LabeledRow> rows, NetworkSpec spec, Layout layout,
      boolean weighted) {
    Layout resolved = layout.with(layout.storage().resolve(layout.storage().needsSample(
        spec.inputs()) ? rows.take(FeatureStorage.AUTO_SAMPLE_ROWS) : List.of()));
    return new Plan(RowBlocks.blocks(rows, new RowValidator(spec), resolved, weighted), spec,
        resolved);
  }

  /**
   * The same blocks as {@link #prepare} gives for the same rows, seed and layout, built without
   * a shuffle: each partition's task reads the rows by position and keeps those whose seeded
   * hash names its partition.
   */
  public static CachedData fromRowsByIndex(JavaSparkContext jsc, RowsByIndex rows,
      NetworkSpec spec, Layout layout) {
    return cacheAll(List.of(plan(jsc, rows, spec, layout))).get(0);
  }

  /** The blocks {@link #fromRowsByIndex} caches, defined but not built. */
  public static Plan plan(JavaSparkContext jsc, RowsByIndex rows, NetworkSpec spec,
      Layout requested) {
    if (requested.storage() == FeatureStorage.SPARSE) {
      throw new IllegalArgumentException("data.sparse=true: rows read by position (idx images)"
          + " are stored dense; use auto or false");
    }
    Layout layout = requested.with(FeatureStorage.DENSE);
    RowValidator validator = new RowValidator(spec);
    List<Integer> ids = IntStream.range(0, layout.partitions()).boxed().toList();
    return new Plan(jsc.parallelize(ids, layout.partitions()).mapPartitionsWithIndex(
        (p, it) -> List.of(BlocksByIndex.build(p, rows, validator, layout)).iterator(), true),
        spec, layout);
  }

  /** Cached blocks defined but not built yet, for {@link #cacheAll}. */
  public static final class Plan {
    private final JavaRDD<PartitionData> blocks;
    private final NetworkSpec spec;
    private final Layout layout;

    private Plan(JavaRDD<PartitionData> blocks, NetworkSpec spec, Layout layout) {
      this.blocks = blocks.setName("minibatch blocks " + spec);
      this.spec = spec;
      this.layout = layout;
    }

    /** How the blocks will store the features ({@code AUTO} already resolved). */
    public FeatureStorage storage() {
      return layout.storage();
    }
  }

  /**
   * Builds and caches the blocks of every plan in one Spark job (the training, validation and
   * test sets of a run: the tasks of the small sets fill the cores the big one leaves idle),
   * counting their rows in the same pass; on failure nothing stays cached.
   */
  public static List<CachedData> cacheAll(List<Plan> plans) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(plans.get(0).blocks.context());
    List<JavaRDD<PartitionData>> cached = new ArrayList<>();
    for (Plan plan : plans) {
      cached.add(plan.blocks.persist(StorageLevel.MEMORY_AND_DISK()));
    }
    List<PartitionData.Counts> counts;
    try {
      // Counted before the union, which then has no partitioner and keeps the partitions in
      // order (the first plan's, then the next's) instead of zipping co-partitioned ones.
      @SuppressWarnings("unchecked")
      JavaRDD<PartitionData.Counts>[] all = cached.stream().map(rdd -> rdd.map(
          PartitionData::counts)).toArray(JavaRDD[]::new);
      counts = jsc.union(all).collect();
    } catch (Exception e) {
      cached.forEach(rdd -> rdd.unpersist(false));
      throw SparkErrors.unwrap(e);
    }
    List<CachedData> result = new ArrayList<>();
    int from = 0;
    for (int i = 0; i < plans.size(); i++) {
      int partitions = cached.get(i).getNumPartitions();
      result.add(counted(cached.get(i), plans.get(i), counts.subList(from, from + partitions)));
      from += partitions;
    }
    return result;
  }

  /** The cached data of {@code blocks}, from the counts of its partitions. */
  private static CachedData counted(JavaRDD<PartitionData> blocks, Plan plan,
      List<PartitionData.Counts> counts) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(blocks.context());
    int[] train = new int[plan.layout.partitions()];
    int[] validation = new int[plan.layout.partitions()];
    long skipped = 0;
    long stored = 0;
    int maxRow = 0;
    PartitionData.Counts first = null;
    for (PartitionData.Counts c : counts) {
      stored += c.storedValues();
      maxRow = Math.max(maxRow, c.maxRowValues());
      train[c.partition()] = c.train();
      validation[c.partition()] = c.validation();
      skipped += c.skipped();
      if (c.firstSkipped() != null && (first == null || c.firstSkippedRow()
          < first.firstSkippedRow())) {
        first = c;
      }
    }
    CachedData data = new CachedData(jsc, blocks, plan.spec, train, validation, skipped,
        first == null ? null : first.firstSkipped(), plan.storage(), stored, maxRow);
    data.checkCached();
    return data;
  }

  /** Warns if some partitions did not fit executor memory and went to disk (or nowhere). */
  private void checkCached() {
    long rows = totalTrainRows() + totalValidationRows();
    long expected = (storage == FeatureStorage.SPARSE ? 8L : 4L) * storedValues
        + 4L * spec.targetWidth() * rows;
    int withRows = 0;
    for (int p = 0; p < trainRows.length; p++) {
      withRows += trainRows[p] + validationRows[p] > 0 ? 1 : 0;
    }
    RDDInfo info = storageInfo();
    String warning = info == null ? null : cacheWarning(expected, info.memSize(),
        info.diskSize(), info.numCachedPartitions(), withRows);
    if (warning != null) {
      LOG.warn(warning);
    }
  }

  /**
   * What to tell the user when the cached blocks are not all in memory, or null if they are.
   * An empty partition holds nothing to cache, so only the partitions with rows must be.
   *
   * @param expectedBytes the blocks' float32 size, 4 bytes a feature and target of every row
   * @param withRows the partitions that hold rows
   */
  static String cacheWarning(long expectedBytes, long memoryBytes, long diskBytes, int cached,
      int withRows) {
    if (diskBytes == 0 && cached >= withRows) {
      return null;
    }
    return String.format(Locale.ROOT, "the training data did not fit executor storage memory:"
        + " %s in memory, %s on local disk, %d of the %d partitions with rows cached at all;"
        + " steps read the rest from disk or recompute it from the input. It needs about %s:"
        + " give executors about %s more storage memory in all (spark.executor.memory,"
        + " spark.memory.fraction, or more executors)", size(memoryBytes), size(diskBytes),
        Math.min(cached, withRows), withRows, size(expectedBytes),
        size(Math.max(0, expectedBytes - memoryBytes)));
  }

  /** Bytes as KB, MB or GB, whichever reads best. */
  static String size(long bytes) {
    return bytes < 1e6 ? String.format(Locale.ROOT, "%.1f KB", bytes / 1e3)
        : bytes < 1e9 ? String.format(Locale.ROOT, "%.1f MB", bytes / 1e6)
        : String.format(Locale.ROOT, "%.2f GB", bytes / 1e9);
  }

  /** Spark's storage record of the cached blocks, or null if none. */
  private RDDInfo storageInfo() {
    for (RDDInfo info : jsc.sc().getRDDStorageInfo()) {
      if (info.id() == blocks.id()) {
        return info;
      }
    }
    return null;
  }

  /**
   * Rows of a DataFrame: {@code featuresCol} a vector column, {@code labelCol} a numeric column
   * (class index or single regression target) or a vector column (several targets).
   */
  public static CachedData fromDataFrame(Dataset<Row> frame, String featuresCol, String labelCol,
      NetworkSpec spec, Layout layout) {
    return fromDataFrame(frame, featuresCol, labelCol, null, spec, layout);
  }

  /**
   * As {@link #fromDataFrame(Dataset, String, String, NetworkSpec, Layout)}, each row weighted
   * by the numeric column {@code weightCol} when it is given (null or empty: unweighted).
   */
  public static CachedData fromDataFrame(Dataset<Row> frame, String featuresCol, String labelCol,
      String weightCol, NetworkSpec spec, Layout layout) {
    return cacheAll(List.of(plan(frame, featuresCol, labelCol, weightCol, spec, layout)))
        .get(0);
  }

  /** The blocks {@link #fromDataFrame} caches, defined but not built. */
  public static Plan plan(Dataset<Row> frame, String featuresCol, String labelCol,
      NetworkSpec spec, Layout layout) {
    return plan(frame, featuresCol, labelCol, null, spec, layout);
  }

  /** The blocks {@link #fromDataFrame} caches with weights, defined but not built. */
  public static Plan plan(Dataset<Row> frame, String featuresCol, String labelCol,
      String weightCol, NetworkSpec spec, Layout layout) {
    boolean weighted = weightCol != null && !weightCol.isEmpty();
    return plan(RowBlocks.rows(frame, featuresCol, labelCol, weightCol), spec, layout,
        weighted);
  }

  /** The partition row {@code index} goes to: a seeded hash of its position. */
  static int partitionOf(long index, Layout layout) {
    return (int) Math.floorMod(EpochOrder.mix(layout.seed(), index, -2),
        (long) layout.partitions());
  }

  /** Fails unless {@code rows} rows of {@code features} floats fit one Java array. */
  static void checkBlockSize(int rows, int features) {
    if ((long) rows * features > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(rows + " rows of " + features + " features do not fit"
          + " one block: use more partitions, or, if most features are 0, sparse vectors"
          + " (train's data.sparse=true)");
    }
  }

  /** Fails unless a sparse block's {@code nonZeros} values fit one Java array. */
  static void checkNonZeros(long nonZeros) {
    if (nonZeros > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(nonZeros + " non-zero features do not fit one block:"
          + " use more partitions");
    }
  }

  /** Whether row {@code index} is held out for validation: a seeded uniform draw below f. */
  static boolean isHeldOut(long index, Layout layout) {
    double u = (EpochOrder.mix(layout.seed(), index, -1) >>> 11) * 0x1p-53;
    return u < layout.validationFraction();
  }

  public JavaSparkContext context() {
    return jsc;
  }

  /** The cached partitions. */
  public JavaRDD<PartitionData> blocks() {
    return blocks;
  }

  /** The network the rows were validated for. */
  public NetworkSpec spec() {
    return spec;
  }

  /**
   * Fails unless {@code other} can train on these rows: the same inputs, outputs and loss as the
   * network they were validated for (hidden layers and activation may differ, so trials of
   * different shapes share one cached copy).
   */
  public void checkFits(NetworkSpec other) {
    if (other.inputs() != spec.inputs() || other.outputs() != spec.outputs()
        || other.loss() != spec.loss()) {
      throw new IllegalArgumentException("data was prepared for " + spec + ", which "
          + other + " does not fit: inputs, outputs and loss must match");
    }
  }

  /** Training rows per partition. */
  public int[] trainRows() {
    return trainRows.clone();
  }

  /** Held-out validation rows per partition. */
  public int[] validationRows() {
    return validationRows.clone();
  }

  public long totalTrainRows() {
    long sum = 0;
    for (int n : trainRows) {
      sum += n;
    }
    return sum;
  }

  /** Invalid rows left out (only with {@link Layout#skipInvalid()}). */
  public long skippedRows() {
    return skippedRows;
  }

  /** What was wrong with the first row left out (lowest row number), or null. */
  public String firstSkipped() {
    return firstSkipped;
  }

  public long totalValidationRows() {
    long sum = 0;
    for (int n : validationRows) {
      sum += n;
    }
    return sum;
  }

  /** How the blocks hold the features: {@code DENSE} or {@code SPARSE} (CSR). */
  public FeatureStorage storage() {
    return storage;
  }

  /** Feature values the blocks hold: every feature when dense, the non-zeros when sparse. */
  public long storedValues() {
    return storedValues;
  }

  /** The most feature values one cached row holds: the feature count, or its non-zeros. */
  public int maxRowValues() {
    return maxRowValues;
  }

  /** Bytes the cached blocks take in executor memory, from Spark's storage info. */
  public long cachedBytes() {
    RDDInfo info = storageInfo();
    return info == null ? 0 : info.memSize();
  }

  @Override
  public void close() {
    blocks.unpersist(false);
  }
}
