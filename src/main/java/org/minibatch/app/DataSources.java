package org.minibatch.app;

import java.nio.file.Files;
import java.nio.file.Path;
import org.minibatch.data.DataFormat;
import org.minibatch.data.DataSource;
import org.minibatch.data.FashionMnist;

/** The data sets a config names: training, test and validation, each a {@link DataSource}. */
public final class DataSources {
  /** Which data set of the config. */
  public enum Role { TRAIN, TEST, VALIDATION }

  private DataSources() {}

  /** Whether the config names data for {@code role} (Fashion-MNIST always has train and test). */
  public static boolean present(Settings s, Role role) {
    return switch (role) {
      case TRAIN -> true;
      case TEST -> s.isSet(Key.DATA_TEST) || isFashionMnist(s);
      case VALIDATION -> s.isSet(Key.DATA_VALIDATION);
    };
  }

  private static boolean isFashionMnist(Settings s) {
    return s.isSet(Key.DATA_FORMAT)
        && DataFormat.parse(s.get(Key.DATA_FORMAT)) == DataFormat.FASHION_MNIST;
  }

  /** The source for {@code role}; fails with a message naming the missing key or file. */
  public static DataSource resolve(Settings s, Role role) {
    Key pathKey = switch (role) {
      case TRAIN -> Key.DATA_TRAIN;
      case TEST -> Key.DATA_TEST;
      case VALIDATION -> Key.DATA_VALIDATION;
    };
    String path = s.get(pathKey);
    DataFormat format;
    if (s.isSet(Key.DATA_FORMAT)) {
      format = DataFormat.parse(s.get(Key.DATA_FORMAT));
    } else if (!path.isEmpty()) {
      format = DataFormat.fromPath(path);
    } else {
      throw new IllegalArgumentException(pathKey.key() + " is not set: give the path of the "
          + role.name().toLowerCase(java.util.Locale.ROOT) + " data (and data.format if its"
          + " name does not tell)");
    }
    if (format == DataFormat.FASHION_MNIST && path.isEmpty()) {
      String file = role == Role.TEST ? FashionMnist.TEST_IMAGES : FashionMnist.TRAIN_IMAGES;
      Path debian = FashionMnist.DEBIAN_DIR.resolve(file);
      if (!Files.isReadable(debian)) {
        throw new IllegalArgumentException(FashionMnist.HOW_TO_GET);
      }
      path = debian.toString();
    }
    if (path.isEmpty()) {
      throw new IllegalArgumentException(pathKey.key() + " is not set");
    }
    String labels = "";
    if (format == DataFormat.IDX || format == DataFormat.FASHION_MNIST) {
      Key labelsKey = role == Role.TEST ? Key.DATA_TEST_LABELS : Key.DATA_TRAIN_LABELS;
      labels = s.isSet(labelsKey) && role != Role.VALIDATION ? s.get(labelsKey)
          : DataSource.idxLabelsFor(path);
    }
    return new DataSource(format, path, labels, s.get(Key.DATA_LABEL_COLUMN),
        s.get(Key.DATA_FEATURES_COLUMN), s.get(Key.DATA_WEIGHT_COLUMN),
        s.getBoolean(Key.DATA_CSV_HEADER),
        s.get(Key.DATA_CSV_SEPARATOR),
        s.getInt(Key.DATA_NUM_FEATURES, org.minibatch.util.Range.nonNegative()));
  }
}
