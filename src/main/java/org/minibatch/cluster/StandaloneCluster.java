package org.minibatch.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A real Spark standalone cluster on 127.0.0.1 built from this JVM's jars (the Maven ones): a
 * directory with {@code jars/} linking every jar of the classpath serves as SPARK_HOME, then a
 * Master and the Workers run as their own JVMs, and executors start in further JVMs. No Spark
 * download and no Docker engine needed; {@code bench --cluster} and the cluster tests use it.
 */
public final class StandaloneCluster implements AutoCloseable {
  private final Path home;
  private final String masterUrl;
  private final int webPort;
  private final List<Process> daemons = new ArrayList<>();

  private StandaloneCluster(Path home, String masterUrl, int webPort) {
    this.home = home;
    this.masterUrl = masterUrl;
    this.webPort = webPort;
  }

  /**
   * Starts a master and {@code workers} workers with {@code cores} cores and {@code memory}
   * (such as "3g") each, their logs and work directories under {@code dir}.
   */
  public static StandaloneCluster start(Path dir, int workers, int cores, String memory)
      throws IOException, InterruptedException {
    if (workers < 1 || cores < 1) {
      throw new IllegalArgumentException("a cluster needs workers >= 1 and cores >= 1, got "
          + workers + " and " + cores);
    }
    Path home = dir.resolve("spark-home");
    Path jars = Files.createDirectories(home.resolve("jars"));
    for (Path source : classpathJars()) {
      Path link = jars.resolve(source.getFileName());
      if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        Files.createSymbolicLink(link, source.toAbsolutePath());
      }
    }
    int port = freePort();
    int web = freePort();
    StandaloneCluster cluster = new StandaloneCluster(home, "spark://127.0.0.1:" + port, web);
    cluster.daemon(dir.resolve("master.log"), "org.apache.spark.deploy.master.Master",
        "--host", "127.0.0.1", "--port", Integer.toString(port), "--webui-port",
        Integer.toString(web));
    for (int w = 0; w < workers; w++) {
      Path workDir = Files.createDirectories(dir.resolve("worker-" + w));
      cluster.daemon(dir.resolve("worker-" + w + ".log"), "org.apache.spark.deploy.worker.Worker",
          "--host", "127.0.0.1", "--cores", Integer.toString(cores), "--memory", memory,
          "--webui-port", Integer.toString(freePort()), "--work-dir", workDir.toString(),
          cluster.masterUrl);
    }
    cluster.awaitWorkers(workers);
    return cluster;
  }

  /**
   * The jars of this JVM's classpath; under Maven's test runners (a manifest-only jar) those of
   * {@code target/classpath.txt} and the project's jar instead.
   */
  static List<Path> classpathJars() throws IOException {
    List<Path> jars = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (entry.endsWith(".jar") && !entry.contains("surefire")) {
        jars.add(Path.of(entry));
      }
    }
    Path listed = Path.of("target/classpath.txt");
    if (jars.size() < 10 && Files.exists(listed)) {
      jars.clear();
      for (String entry : Files.readString(listed).strip().split(File.pathSeparator)) {
        jars.add(Path.of(entry));
      }
    }
    return jars;
  }

  public String masterUrl() {
    return masterUrl;
  }

  /** The environment a process talking to this cluster (spark-submit, say) needs. */
  public void environment(ProcessBuilder builder) {
    builder.environment().put("SPARK_HOME", home.toString());
    builder.environment().put("SPARK_SCALA_VERSION", "2.13");
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
  }

  private void daemon(Path log, String mainClass, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m"));
    // The module flags Spark needs on Java 17, as this JVM was given them (conf/jvm.options).
    for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (option.startsWith("--add-opens") || option.startsWith("--add-exports")
          || option.startsWith("-Dlog4j.configurationFile")) {
        command.add(option);
      }
    }
    command.addAll(List.of("-cp", home.resolve("jars") + "/*", mainClass));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    environment(builder);
    daemons.add(builder.start());
  }

  /** The master's view of the cluster (its web UI's JSON). */
  public JsonNode state() throws IOException, InterruptedException {
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + webPort + "/json/")).timeout(Duration.ofSeconds(5))
        .build(), HttpResponse.BodyHandlers.ofString());
    return new ObjectMapper().readTree(response.body());
  }

  private void awaitWorkers(int workers) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        int alive = 0;
        for (JsonNode w : state().path("workers")) {
          alive += "ALIVE".equals(w.path("state").asText()) ? 1 : 0;
        }
        if (alive == workers) {
          return;
        }
      } catch (IOException notYet) {
        // the master's web UI is not up yet
      }
      Thread.sleep(500);
    }
    close();
    throw new IllegalStateException("the standalone cluster did not come up in 90 s");
  }

  /** Executor JVMs running now (their command line names the executor backend). */
  public static List<ProcessHandle> executors() {
    return ProcessHandle.allProcesses().filter(p -> p.info().commandLine()
        .map(c -> c.contains("CoarseGrainedExecutorBackend")).orElse(false)).toList();
  }

  public static Optional<ProcessHandle> anyExecutor() {
    return executors().stream().findFirst();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Stops the daemons and the executors they started (not other clusters' executors). */
  @Override
  public void close() {
    for (Process p : daemons) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }
}
