package org.minibatch.app;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.minibatch.util.Range;
import org.minibatch.util.Suggest;

/**
 * The configuration of a run: defaults ({@link Key}), then a properties file, then
 * {@code --set key=value} overrides. Unknown keys are errors that suggest the closest valid key;
 * {@code spark.*} keys go to Spark. Values are checked by the typed getters, with messages that
 * name the key, the value and what is allowed.
 */
public final class Settings {
  private final Map<String, String> explicit;
  private final String name;

  private Settings(Map<String, String> explicit, String name) {
    this.explicit = explicit;
    this.name = name;
  }

  /** Reads {@code conf} (may be null) and applies {@code overrides} ("key=value"). */
  public static Settings load(Path conf, List<String> overrides) {
    Map<String, String> values = new TreeMap<>();
    String name = "run";
    if (conf != null) {
      Properties file = new Properties();
      try (Reader in = Files.newBufferedReader(conf, StandardCharsets.UTF_8)) {
        file.load(in);
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read config file " + conf + ": "
            + e.getMessage());
      }
      file.stringPropertyNames().forEach(k -> values.put(k.strip(), file.getProperty(k).strip()));
      name = conf.getFileName().toString().replaceFirst("\\.properties$", "");
    }
    for (String override : overrides) {
      int eq = override.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("--set expects key=value, got '" + override + "'");
      }
      values.put(override.substring(0, eq).strip(), override.substring(eq + 1).strip());
    }
    for (String key : values.keySet()) {
      if (Key.byName(key) == null && !key.startsWith("spark.")) {
        throw new IllegalArgumentException(Suggest.unknown("config key", key, Key.names()));
      }
    }
    return new Settings(values, name);
  }

  /** Settings from a map (tests, programmatic use), validated like a file. */
  public static Settings of(Map<String, String> values) {
    List<String> overrides = new ArrayList<>();
    values.forEach((k, v) -> overrides.add(k + "=" + v));
    return load(null, overrides);
  }

  /** The config file's base name ("fashion-mnist" for conf/fashion-mnist.properties). */
  public String name() {
    return name;
  }

  public String get(Key key) {
    return explicit.getOrDefault(key.key(), key.defaultValue());
  }

  public boolean isSet(Key key) {
    String v = explicit.get(key.key());
    return v != null && !v.isEmpty();
  }

  public int getInt(Key key, Range range) {
    String raw = get(key);
    try {
      return range.check(key.key(), Integer.parseInt(raw));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key.key() + " must be an integer, got '" + raw + "'");
    }
  }

  public long getLong(Key key, Range range) {
    String raw = get(key);
    try {
      return range.check(key.key(), Long.parseLong(raw));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key.key() + " must be an integer, got '" + raw + "'");
    }
  }

  public double getDouble(Key key, Range range) {
    String raw = get(key);
    try {
      return range.check(key.key(), Double.parseDouble(raw));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key.key() + " must be a number, got '" + raw + "'");
    }
  }

  public boolean getBoolean(Key key) {
    String raw = get(key).toLowerCase(Locale.ROOT);
    return switch (raw) {
      case "true", "yes", "1" -> true;
      case "false", "no", "0" -> false;
      default -> throw new IllegalArgumentException(key.key() + " must be true or false, got '"
          + get(key) + "'");
    };
  }

  /** One of {@code choices} (lower case). */
  public String getChoice(Key key, List<String> choices) {
    String raw = get(key).toLowerCase(Locale.ROOT);
    if (!choices.contains(raw)) {
      throw new IllegalArgumentException(Suggest.unknown(key.key() + " value", get(key),
          choices));
    }
    return raw;
  }

  /** Every setting in effect, defaults included, by key (Spark keys too). */
  public Map<String, String> effective() {
    Map<String, String> all = new java.util.LinkedHashMap<>();
    for (Key key : Key.values()) {
      all.put(key.key(), get(key));
    }
    explicit.forEach(all::putIfAbsent);
    return all;
  }

  /** Settings for Spark: every {@code spark.*} key given, plus the master. */
  public Map<String, String> sparkSettings() {
    Map<String, String> spark = new TreeMap<>();
    explicit.forEach((k, v) -> {
      if (k.startsWith("spark.")) {
        spark.put(k, v);
      }
    });
    spark.put(Key.SPARK_MASTER.key(), get(Key.SPARK_MASTER));
    return Collections.unmodifiableMap(spark);
  }

  /** The same settings with {@code key} set to {@code value}. */
  public Settings with(Key key, String value) {
    Map<String, String> copy = new TreeMap<>(explicit);
    copy.put(key.key(), value);
    return new Settings(copy, name);
  }

  /**
   * Every setting in effect (defaults included), as a properties file that {@code train --conf}
   * reads back to the same run.
   */
  public String toProperties() {
    StringWriter out = new StringWriter();
    out.write("# minibatch configuration in effect for run '" + name + "'\n");
    for (Key key : Key.values()) {
      out.write(key.key() + "=" + escape(get(key)) + "\n");
    }
    explicit.forEach((k, v) -> {
      if (Key.byName(k) == null) {
        out.write(k + "=" + escape(v) + "\n");
      }
    });
    return out.toString();
  }

  private static String escape(String v) {
    Properties p = new Properties();
    p.setProperty("k", v);
    StringWriter w = new StringWriter();
    try {
      p.store(w, null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String[] lines = w.toString().split("\n");
    String line = lines[lines.length - 1];
    return line.substring(line.indexOf('=') + 1).stripTrailing();
  }
}
