package org.minibatch.cli;

import picocli.CommandLine.Option;

/** Where a command that writes a directory of results puts it (compare, tune). */
final class OutputOptions {
  @Option(names = "--out", paramLabel = "DIR",
      description = "Output directory (default: runs/${COMMAND-NAME}-<conf>-<time>).")
  String out;

  @Option(names = "--overwrite", description = "Replace the output directory if it exists.")
  boolean overwrite;
}
