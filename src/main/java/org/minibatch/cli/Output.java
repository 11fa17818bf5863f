package org.minibatch.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;

/** Where a command's CSV goes: a file, or standard output for {@code -}. */
final class Output {
  private Output() {}

  /** A writer for {@code target}; closing it leaves standard output open. */
  static Writer open(String target, CommandLine cmd) throws IOException {
    if (target.equals("-")) {
      PrintWriter out = cmd.getOut();
      return new Writer() {
        @Override
        public void write(char[] buf, int off, int len) {
          out.write(buf, off, len);
        }

        @Override
        public void flush() {
          out.flush();
        }

        @Override
        public void close() {
          out.flush();
        }
      };
    }
    Path path = Path.of(target);
    Path parent = path.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    return new BufferedWriter(Files.newBufferedWriter(path, StandardCharsets.UTF_8));
  }

  /** Where progress messages go: stdout, unless the data itself is going there. */
  static PrintWriter messages(String target, CommandLine cmd) {
    return target.equals("-") ? cmd.getErr() : cmd.getOut();
  }

  /** A CSV field, quoted (RFC 4180) when it holds a comma, quote or line break. */
  static String csvField(String text) {
    if (text.contains(",") || text.contains("\"") || text.contains("\n")) {
      return "\"" + text.replace("\"", "\"\"") + "\"";
    }
    return text;
  }
}
