package org.minibatch.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Commands for a fresh JVM with the tests' classpath and the project's JVM options. */
public final class ChildJvm {
  private ChildJvm() {}

  /** {@code java @conf/jvm.options <options> -cp <tests' classpath> mainClass args...}. */
  public static List<String> command(List<String> options, String mainClass, List<String> args) {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "@" + Path.of("conf/jvm.options").toAbsolutePath(),
        "-Dlog4j.configurationFile=" + Path.of("conf/log4j2.properties").toAbsolutePath()));
    command.addAll(options);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
    command.addAll(args);
    return command;
  }
}
