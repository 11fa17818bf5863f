package org.minibatch.ml;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.Test;

/** fit logs as Spark's estimators do, through Spark's Instrumentation. */
class InstrumentationLogTest {
  private static final String LOGGER = "org.apache.spark.ml.util.Instrumentation";

  /** Keeps every message it is given. */
  private static final class Collect extends AbstractAppender {
    final List<String> messages = new CopyOnWriteArrayList<>();

    Collect() {
      super("collect", null, null, true, Property.EMPTY_ARRAY);
    }

    @Override
    public void append(LogEvent event) {
      messages.add(event.getMessage().getFormattedMessage());
    }
  }

  @Test
  void fitLogsItsStageDataParamsShapeAndResult() {
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    Configuration config = context.getConfiguration();
    Collect collect = new Collect();
    collect.start();
    LoggerConfig logger = new LoggerConfig(LOGGER, Level.INFO, false);
    logger.addAppender(collect, Level.INFO, null);
    config.addLogger(LOGGER, logger);
    context.updateLoggers();
    try {
      NeuralNetClassifier nn = new NeuralNetClassifier().setHiddenLayers(8).setMaxEpochs(2)
          .setValidationFraction(0.2).setNumPartitions(2);
      nn.fit(MlTestData.blobs(200, 4, 1));
      String log = String.join("\n", collect.messages);
      for (String expected : new String[] {"Stage class: NeuralNetClassifier",
          "Stage uid: " + nn.uid(), "\"hiddenLayers\":[8]", "\"maxEpochs\":2",
          "{\"numExamples\":200}", "{\"numFeatures\":4}", "{\"numClasses\":3}",
          "{\"network\":\"4-8-3 relu softmax cross_entropy\"}", "{\"numPartitions\":2}",
          "{\"start\":\"initializer\"}", "{\"stopReason\":\"max_epochs\"}", "{\"epochs\":2}",
          "\"validationAccuracy\":", "training finished"}) {
        assertTrue(log.contains(expected), expected + " in:\n" + log);
      }
    } finally {
      config.removeLogger(LOGGER);
      context.updateLoggers();
      collect.stop();
    }
  }
}
