package org.minibatch.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minibatch.util.Range;

class SettingsTest {
  @TempDir
  Path dir;

  @Test
  void fileThenOverridesThenDefaults() throws IOException {
    Path conf = dir.resolve("mine.properties");
    Files.writeString(conf, "train.batch_size=256\nmodel.hidden=64\nspark.executor.memory=4g\n");
    Settings s = Settings.load(conf, List.of("train.batch_size=512"));
    assertEquals("mine", s.name());
    assertEquals(512, s.getInt(Key.TRAIN_BATCH_SIZE, Range.atLeast(1)));
    assertEquals("64", s.get(Key.MODEL_HIDDEN));
    assertEquals("relu", s.get(Key.MODEL_ACTIVATION));
    assertEquals(Map.of("spark.master", "local[*]", "spark.executor.memory", "4g"),
        s.sparkSettings());
  }

  @Test
  void unknownKeysSuggestTheClosest() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Settings.load(null, List.of("train.batchsize=3")));
    assertTrue(e.getMessage().startsWith(
        "unknown config key 'train.batchsize'; did you mean 'train.batch_size'?"), e.getMessage());
    assertEquals("--set expects key=value, got 'train.batch_size'", assertThrows(
        IllegalArgumentException.class, () -> Settings.load(null,
            List.of("train.batch_size"))).getMessage());
  }

  @Test
  void valuesAreValidatedWithTheKeyInTheMessage() {
    Settings s = Settings.load(null, List.of("train.batch_size=-4", "train.max_epochs=ten",
        "data.scale=minmax", "data.csv_header=maybe"));
    assertEquals("train.batch_size must be in [1, inf), got -4", assertThrows(
        IllegalArgumentException.class, () -> s.getInt(Key.TRAIN_BATCH_SIZE, Range.atLeast(1)))
        .getMessage());
    assertEquals("train.max_epochs must be an integer, got 'ten'", assertThrows(
        IllegalArgumentException.class, () -> s.getInt(Key.TRAIN_MAX_EPOCHS, Range.atLeast(1)))
        .getMessage());
    assertEquals("unknown data.scale value 'minmax' Valid: none, 255, standardize",
        assertThrows(IllegalArgumentException.class,
            () -> s.getChoice(Key.DATA_SCALE, List.of("none", "255", "standardize")))
            .getMessage());
    assertEquals("data.csv_header must be true or false, got 'maybe'", assertThrows(
        IllegalArgumentException.class, () -> s.getBoolean(Key.DATA_CSV_HEADER)).getMessage());
  }

  @Test
  void savedConfigReadsBackToTheSameSettings() throws IOException {
    Settings s = Settings.load(null, List.of("train.optimizer=adam(lr=0.01,beta1=0.8)",
        "data.csv_separator=;", "spark.driver.memory=2g", "run.dir=C:\\runs\\a b"));
    Path saved = dir.resolve("config.properties");
    Files.writeString(saved, s.toProperties());
    Settings back = Settings.load(saved, List.of());
    for (Key key : Key.values()) {
      assertEquals(s.get(key), back.get(key), key.key());
    }
    assertEquals(s.sparkSettings(), back.sparkSettings());
  }

  @Test
  void theReferenceFileDocumentsEveryKeyWithItsDefault() throws IOException {
    Properties reference = new Properties();
    try (var in = Files.newBufferedReader(Path.of("conf/reference.properties"))) {
      reference.load(in);
    }
    List<String> missing = new ArrayList<>();
    for (Key key : Key.values()) {
      if (!key.defaultValue().equals(reference.getProperty(key.key()))) {
        missing.add(key.key());
      }
    }
    assertEquals(List.of(), missing);
    assertEquals(Key.values().length, reference.size());
    for (String example : List.of("fashion-mnist", "mnist", "regression", "sparse-text")) {
      Settings.load(Path.of("conf", example + ".properties"), List.of());
    }
  }

  @Test
  void theLossIsParsedOnItsOwnAndMustFitTheOutput() {
    Settings mse = Settings.load(null, List.of("model.output=identity", "model.loss=MSE",
        "model.hidden=4"));
    assertEquals("3-4-1 relu identity mse",
        TrainSettings.parse(mse).network(3, false, 1, () -> 0).toString());
    Settings bce = Settings.load(null, List.of("model.loss=bce", "model.classes=3"));
    assertEquals("loss bce does not fit a softmax output; use cross_entropy",
        assertThrows(IllegalArgumentException.class,
            () -> TrainSettings.parse(bce).network(3, false, 1, () -> 0)).getMessage());
  }
}
