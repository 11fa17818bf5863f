package org.minibatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * No Docker engine runs here, so the container files are kept honest by reading them: the image
 * they name, the jar they copy and run, the main class and the paths must match the build and
 * the submit scripts.
 */
class DeploymentFilesTest {
  static final String APP_JAR = "target/minibatch-0.1.0-SNAPSHOT-app.jar";
  static final String JAR_IN_IMAGE = "/opt/minibatch/lib/minibatch-app.jar";

  private static String read(String path) throws IOException {
    return Files.readString(Path.of(path));
  }

  private static String pomValue(String tag) throws IOException {
    Matcher m = Pattern.compile("<" + tag + ">([^<]+)</" + tag + ">").matcher(read("pom.xml"));
    assertTrue(m.find(), tag);
    return m.group(1);
  }

  @Test
  void dockerfileBuildsOnTheSparkVersionWeCompileAgainstWithTheAppJar() throws IOException {
    String dockerfile = read("docker/Dockerfile");
    String version = pomValue("version");
    String spark = pomValue("spark.version");
    assertTrue(dockerfile.contains("FROM apache/spark:" + spark + "-scala"
        + pomValue("scala.binary.version") + "-java17-ubuntu"), "base image");
    assertTrue(APP_JAR.contains(version));
    assertTrue(dockerfile.contains("COPY " + APP_JAR + " " + JAR_IN_IMAGE), "jar copy");
    assertTrue(dockerfile.contains("COPY conf/ /opt/minibatch/conf/"));
    assertTrue(read("submit-scripts/build").contains("minibatch-" + version + "-app.jar"));
  }

  @Test
  void composeRunsTheImageTheDockerfileDescribesWithOurMainClassAndConfig()
      throws IOException {
    String compose = read("docker/compose.yaml");
    String dockerfile = read("docker/Dockerfile");
    Matcher tag = Pattern.compile("docker build -f docker/Dockerfile -t (\\S+) \\.")
        .matcher(dockerfile);
    assertTrue(tag.find());
    assertTrue(compose.contains("image: " + tag.group(1)), "compose image");
    assertTrue(compose.contains("\"" + Main.class.getName() + "\""), "main class");
    assertTrue(compose.contains(JAR_IN_IMAGE), "jar path");
    assertTrue(compose.contains("/opt/minibatch/conf/fashion-mnist.properties"));
    assertTrue(Files.exists(Path.of("conf/fashion-mnist.properties")));
    for (String worker : List.of("worker-1", "worker-2")) {
      assertTrue(compose.contains(worker + ":"), worker);
    }
    String k8s = read("submit-scripts/submit-k8s.sh");
    assertTrue(k8s.contains("local://" + JAR_IN_IMAGE), "k8s jar");
    assertTrue(k8s.contains("IMAGE:-" + tag.group(1)), "k8s image");
  }

  @Test
  void everySubmitScriptRunsOurMainClassFromTheAppJar() throws IOException {
    for (String script : List.of("submit-standalone.sh", "submit-yarn.sh", "submit-k8s.sh")) {
      String text = read("submit-scripts/" + script);
      assertTrue(text.contains("--class " + Main.class.getName()), script);
      assertTrue(text.contains(APP_JAR.substring("target/".length()))
          || text.contains(JAR_IN_IMAGE), script);
      assertTrue(text.contains("spark-submit-java"), script);
    }
    assertEquals(true, Files.isExecutable(Path.of("submit-scripts/minibatch")));
  }
}
