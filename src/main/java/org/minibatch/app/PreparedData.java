package org.minibatch.app;

import static org.apache.spark.sql.functions.max;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.minibatch.app.DataSources.Role;
import org.minibatch.data.DataReader;
import org.minibatch.data.DataSource;
import org.minibatch.data.FeatureStorage;
import org.minibatch.data.RowsByIndex;
import org.minibatch.nn.NetworkSpec;
import org.minibatch.spark.CachedData;
import org.minibatch.spark.DistributedTrainer;
import org.minibatch.spark.SparkErrors;
import org.minibatch.spark.SparkGradientSource;
import org.minibatch.train.Checkpointer;
import org.minibatch.train.Evaluation;
import org.minibatch.train.TrainConfig;
import org.minibatch.train.TrainingListener;
import org.minibatch.train.TrainingResult;
import org.minibatch.train.TrainingState;
import org.minibatch.util.Range;

/**
 * The data of a config read, scaled and cached once, for one training ({@code train}) or many
 * ({@code tune}, {@code compare}): the fitted scaler, the training rows (with the held-out
 * validation rows in the same cached blocks), optional separate validation and test sets, and
 * the network the config describes. Any config with the same data keys can train over it, with
 * any hidden layers ({@link CachedData#checkFits}); {@link #config(Settings)} builds a config's
 * {@link TrainConfig} sized by this data.
 */
public final class PreparedData implements AutoCloseable {
  private final SparkSession spark;
  private final DataSource source;
  private final boolean skip;
  private final OptionalDouble scaleFactor;
  /** The training rows readable by position, when the format and scaling allow; or null. */
  private final RowsByIndex byIndex;
  /** The training rows as read, when they are not read by position; or null. */
  private final Dataset<Row> frame;
  private final Optional<Transformer> scaler;
  private final int features;
  private final boolean vectorLabel;
  private final int targetWidth;
  private final TrainSettings parsed;
  /** The network; its first layer stored by input column once the rows are cached sparse. */
  private NetworkSpec spec;
  private final List<CachedData> cached = new ArrayList<>();
  private CachedData train;
  private CachedData validation;
  private CachedData test;
  private double seconds;
  private double readSeconds;
  private int classes;
  private long skippedRows;
  private String firstSkipped;

  private PreparedData(Settings settings, SparkSession spark, DataSource source, boolean skip) {
    this.spark = spark;
    this.skip = skip;
    String mode = settings.getChoice(Key.DATA_SCALE, Scaling.MODES);
    if (mode.equals("standardize")
        && FeatureStorage.parse(settings.get(Key.DATA_SPARSE)) == FeatureStorage.SPARSE) {
      throw new IllegalArgumentException("data.scale=standardize subtracts each feature's mean,"
          + " which makes sparse rows dense; with data.sparse=true use data.scale=none or 255");
    }
    this.scaleFactor = Scaling.factor(mode);
    this.byIndex = scaleFactor.isPresent() ? DataReader.byIndex(spark, source).orElse(null)
        : null;
    this.frame = byIndex == null ? DataReader.read(spark, source, skip) : null;
    this.source = source;
    if (byIndex != null) {
      this.features = byIndex.features();
      this.vectorLabel = false;
      this.targetWidth = 1;
    } else {
      Row first = frame.select(DataReader.FEATURES, DataReader.LABEL).head();
      this.features = ((Vector) first.get(0)).size();
      this.vectorLabel = frame.schema().apply(DataReader.LABEL).dataType() instanceof VectorUDT;
      this.targetWidth = vectorLabel ? ((Vector) first.get(1)).size() : 1;
    }
    this.scaler = Scaling.fit(mode, () -> frame, features);
    this.parsed = TrainSettings.parse(settings);
    this.spec = network(parsed);
  }

  /**
   * Reads the training data of {@code settings}, fits the scaling, and caches the training rows
   * (holding out {@code data.validation_fraction} of them), the validation data if the config
   * names any, and, if {@code withTest}, the test data.
   */
  public static PreparedData prepare(Settings settings, SparkSession spark, boolean withTest) {
    try {
      return read(settings, spark, withTest);
    } catch (Exception e) {
      // a bad row found by a Spark task: report it as the data error it is
      throw SparkErrors.unwrap(e);
    }
  }

  private static PreparedData read(Settings settings, SparkSession spark, boolean withTest) {
    long start = System.nanoTime();
    boolean skip = settings.getChoice(Key.DATA_ON_INVALID, List.of("fail", "skip"))
        .equals("skip");
    DataSource trainSource = DataSources.resolve(settings, Role.TRAIN);
    PreparedData data = new PreparedData(settings, spark, trainSource, skip);
    data.readSeconds = (System.nanoTime() - start) / 1e9;
    int partitions = settings.getInt(Key.TRAIN_PARTITIONS, Range.nonNegative());
    if (partitions == 0) {
      partitions = spark.sparkContext().defaultParallelism();
    }
    long seed = settings.getLong(Key.TRAIN_SEED, Range.nonNegative());
    FeatureStorage storage = FeatureStorage.parse(settings.get(Key.DATA_SPARSE));
    if (data.byIndex != null && storage == FeatureStorage.SPARSE) {
      throw new IllegalArgumentException("data.sparse=true: idx images are read as dense rows;"
          + " use auto or false");
    }
    CachedData.Layout layout = new CachedData.Layout(partitions,
        settings.getDouble(Key.DATA_VALIDATION_FRACTION, Range.closedOpen(0, 1)), seed, skip,
        data.byIndex != null ? FeatureStorage.DENSE : storage);
    List<CachedData.Plan> plans = new ArrayList<>();
    plans.add(data.byIndex != null ? data.plan(data.byIndex, layout)
        : data.plan(data.frame, layout));
    // Validation and test rows are stored as the training rows are: one storage per run.
    CachedData.Layout whole = new CachedData.Layout(partitions, 0, seed, skip,
        plans.get(0).storage());
    boolean validation = DataSources.present(settings, Role.VALIDATION);
    if (validation) {
      plans.add(data.plan(DataSources.resolve(settings, Role.VALIDATION), whole));
    }
    boolean test = withTest && DataSources.present(settings, Role.TEST);
    if (test) {
      plans.add(data.plan(DataSources.resolve(settings, Role.TEST), whole));
    }
    List<CachedData> built = CachedData.cacheAll(plans);
    data.cached.addAll(built);
    data.train = built.get(0);
    data.spec = data.byStorage(data.spec);
    data.validation = validation ? built.get(1) : null;
    data.test = test ? built.get(built.size() - 1) : null;
    if (skip) {
      try {
        data.countSkipped(spark, trainSource);
      } catch (RuntimeException e) {
        data.close();
        throw e;
      }
    }
    data.seconds = (System.nanoTime() - start) / 1e9;
    return data;
  }

  /** Training rows left out: unreadable in the file, then invalid for the network. */
  private void countSkipped(SparkSession spark, DataSource source) {
    DataReader.Invalid unreadable = DataReader.countInvalid(spark, source);
    skippedRows = unreadable.count() + train.skippedRows();
    firstSkipped = unreadable.first() != null ? unreadable.first() : train.firstSkipped();
  }

  /** Training rows left out with {@code data.on_invalid=skip} (0 otherwise). */
  public long skippedRows() {
    return skippedRows;
  }

  /** What was wrong with the first training row left out, or null. */
  public String firstSkipped() {
    return firstSkipped;
  }

  /** The blocks of a validation or test set, read the way the training set was. */
  private CachedData.Plan plan(DataSource source, CachedData.Layout layout) {
    Optional<RowsByIndex> rows = byIndex != null ? DataReader.byIndex(spark, source)
        : Optional.empty();
    return rows.isPresent() ? plan(rows.get(), layout)
        : plan(DataReader.read(spark, source, skip), layout);
  }

  private CachedData.Plan plan(Dataset<Row> rows, CachedData.Layout layout) {
    Dataset<Row> scaled = scaler.isPresent() ? scaler.get().transform(rows) : rows;
    String weights = java.util.Arrays.asList(rows.columns()).contains(DataReader.WEIGHT)
        ? DataReader.WEIGHT : null;
    return CachedData.plan(scaled, featuresColumn(), DataReader.LABEL, weights, spec, layout);
  }

  /** Rows read by position, scaled in the same pass: no data frame, no shuffle. */
  private CachedData.Plan plan(RowsByIndex rows, CachedData.Layout layout) {
    return CachedData.plan(JavaSparkContext.fromSparkContext(spark.sparkContext()),
        rows.scaled(scaleFactor.getAsDouble()), spec, layout);
  }

  /** The network of the config the data was prepared for. */
  public NetworkSpec spec() {
    return spec;
  }

  /** The network {@code s} describes, sized by this data: its inputs, classes or targets. */
  NetworkSpec network(TrainSettings s) {
    return byStorage(s.network(features, vectorLabel, targetWidth, this::classesInData));
  }

  /** {@code net} with its first layer stored by input column when the rows are cached sparse. */
  private NetworkSpec byStorage(NetworkSpec net) {
    return train == null ? net
        : net.withFirstLayerByInput(train.storage() == FeatureStorage.SPARSE);
  }

  /** The training config {@code s} describes, for a network sized by this data. */
  TrainConfig config(TrainSettings s) {
    return s.config(network(s));
  }

  /** The training config of the settings the data was prepared with. */
  public TrainConfig config() {
    return config(parsed);
  }

  /** Largest label + 1 (at least 2), computed once: it is a pass over the data. */
  private synchronized int classesInData() {
    if (classes == 0 && byIndex != null) {
      classes = byIndex.classes();
    } else if (classes == 0) {
      Row top = frame.agg(max(DataReader.LABEL)).head();
      classes = (int) Math.max(2, top.getDouble(0) + 1);
    }
    return classes;
  }

  /** The training rows, and the held-out validation rows when a fraction was set. */
  public CachedData train() {
    return train;
  }

  /** Separate validation data, or null (then the held-out rows of {@link #train()}, if any). */
  public CachedData validation() {
    return validation;
  }

  /** The test data, or null. */
  public CachedData test() {
    return test;
  }

  /** Whether every epoch can be validated: held-out rows or separate validation data. */
  public boolean hasValidation() {
    return validation != null ? validation.totalTrainRows() > 0
        : train.totalValidationRows() > 0;
  }

  /** Seconds spent reading, scaling and caching. */
  public double seconds() {
    return seconds;
  }

  /** Of {@link #seconds()}, those spent before the caching: headers, schema, the scaler. */
  public double readSeconds() {
    return readSeconds;
  }

  public Optional<Transformer> scaler() {
    return scaler;
  }

  /** The column the network reads: the scaled features when there is a scaler. */
  public String featuresColumn() {
    return scaler.isPresent() ? Scaling.SCALED : DataReader.FEATURES;
  }

  public boolean vectorLabel() {
    return vectorLabel;
  }

  /** Trains {@code config} from {@code initialParams} (or its initializer's, if null). */
  public TrainingResult train(TrainConfig config, List<TrainingListener> listeners,
      Checkpointer checkpointer, double[] initialParams) {
    return trainer(config, listeners, checkpointer).train(train, validation, initialParams);
  }

  /** Continues a run of {@code config} from {@code state}. */
  public TrainingResult resume(TrainConfig config, List<TrainingListener> listeners,
      Checkpointer checkpointer, TrainingState state) {
    return trainer(config, listeners, checkpointer).resume(train, validation, state);
  }

  private static DistributedTrainer trainer(TrainConfig config,
      List<TrainingListener> listeners, Checkpointer checkpointer) {
    DistributedTrainer trainer = new DistributedTrainer(config).checkpointer(checkpointer);
    listeners.forEach(trainer::addListener);
    return trainer;
  }

  /** Loss and accuracy of {@code params} of network {@code net} on the validation rows. */
  public Evaluation validate(NetworkSpec net, double[] params) {
    return validation != null ? SparkGradientSource.evaluate(net, validation, false, params)
        : SparkGradientSource.evaluate(net, train, true, params);
  }

  /** Loss and accuracy on the test data, or null without test data. */
  public Evaluation test(NetworkSpec net, double[] params) {
    return test == null ? null : SparkGradientSource.evaluate(net, test, false, params);
  }

  /** Unpersists every cached data set. */
  @Override
  public void close() {
    cached.forEach(CachedData::close);
    cached.clear();
  }
}
