package org.minibatch.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.minibatch.app.Settings;
import picocli.CommandLine.Option;

/** The config of train, compare and tune: a properties file and {@code --set} overrides. */
final class ConfigOptions {
  @Option(names = "--conf", paramLabel = "FILE",
      description = "Config file (Java properties); every key is in conf/reference.properties.")
  Path conf;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "Override one config key; repeatable.")
  List<String> overrides = new ArrayList<>();

  /** The settings of {@code --conf} and {@code --set}; fails when no file is given. */
  Settings load() {
    if (conf == null) {
      throw new IllegalArgumentException("give --conf FILE (see conf/)");
    }
    return Settings.load(conf, overrides);
  }
}
