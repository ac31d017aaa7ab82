package dev.recsys.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.recsys.cli.RecsysCli;
import dev.recsys.events.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * There is no Docker engine in CI, so this is what keeps docker/ honest: it reads compose.yaml (with the
 * variables of docker/.env), the Dockerfiles and the scripts they copy, and checks them against this
 * build: image tags against the pom's versions, every class they name against the classpath, every
 * {@code recsys} command line against the CLI's own parser, the job's arguments against the parser inside
 * the shaded jar the image copies, ports, topics, volumes, the Flink settings that must agree with each
 * other, and the platform ND4J's native libraries are built for.
 */
class ComposeFileTest {
  private static final String CLI_PROGRAM = "recsys";
  private static final String JOB_CLASS_VARIABLE = "RECSYS_JOB_CLASS";
  private static final String JOB_JAR_VARIABLE = "RECSYS_JOB_JAR";
  private static final String JOBMANAGER_VARIABLE = "RECSYS_JOBMANAGER";
  private static final Set<String> TOPIC_OPTIONS = Set.of("--topic", "--input-topic", "--output-topic", "--dlq-topic",
      "--dead-letter-topic", "--model-updates-topic", "--user-actions-topic", "--recommendations-topic",
      "--actions-topic");
  private static final Set<String> CONDITIONS = Set.of("service_started", "service_healthy",
      "service_completed_successfully");
  private static final Pattern CLASS_NAME = Pattern.compile("\\bdev\\.recsys(?:\\.[a-z_][a-z0-9_]*)+\\.[A-Z][A-Za-z0-9_]*\\b");
  /** javacpp.platform (the ND4J natives the build bundles) to the Docker platform that can load them. */
  private static final Map<String, String> DOCKER_PLATFORMS = Map.of(
      "linux-x86_64", "linux/amd64", "linux-arm64", "linux/arm64");

  private static BuildFacts build;
  private static ComposeFile compose;
  private static Dockerfile cliDockerfile;
  private static Dockerfile flinkDockerfile;
  private static ComposeService cliBuilder;
  private static ComposeService flinkBuilder;
  private static ComposeService jobSubmit;
  private static ComposeService jobManager;
  private static ComposeService taskManager;
  private static ComposeService kafka;
  private static Invocation job;
  private static List<Invocation> cliRuns;

  @BeforeAll
  static void readTheStack() throws IOException {
    build = BuildFacts.fromSystemProperties();
    compose = ComposeFile.read(build.file("docker/compose.yaml"), EnvFile.read(build.file("docker/.env")));
    cliBuilder = builderOf("docker/Dockerfile.cli");
    flinkBuilder = builderOf("docker/Dockerfile.flink");
    cliDockerfile = Dockerfile.read(build.file(cliBuilder.dockerfile()));
    flinkDockerfile = Dockerfile.read(build.file(flinkBuilder.dockerfile()));
    jobSubmit = only("the service that submits the job (has " + JOB_CLASS_VARIABLE + ")",
        s -> s.env(JOB_CLASS_VARIABLE).isPresent());
    jobManager = only("the JobManager", s -> runs(s, flinkBuilder) && s.command().equals(List.of("jobmanager")));
    taskManager = only("the TaskManager", s -> runs(s, flinkBuilder) && s.command().equals(List.of("taskmanager")));
    kafka = only("the Kafka broker", s -> s.image().startsWith("apache/kafka:"));
    List<String> submit = jobSubmit.command();
    assertFalse(submit.isEmpty(), jobSubmit.name() + " has no command");
    job = new Invocation(jobSubmit.name(), submit.subList(1, submit.size()));
    cliRuns = new ArrayList<>();
    for (ComposeService service : cliServices()) {
      cliRuns.addAll(recsysRuns(service));
    }
  }

  // ---- images and versions ----

  @Test
  void imagesAreTheBuildsVersions() {
    assertEquals("apache/kafka:" + build.kafkaVersion(), kafka.image(),
        "the broker image must be the Kafka the build uses (pom.xml kafka.version); set KAFKA_VERSION in docker/.env");
    List<String> flinkBases = flinkDockerfile.baseImages(flinkBuilder.buildArgs());
    assertEquals(List.of("flink:" + build.flinkVersion() + "-java" + build.javaRelease()), flinkBases,
        "Dockerfile.flink must start from the official image of the Flink the job is built for (pom.xml flink.version, "
            + "Java " + build.javaRelease() + "); set FLINK_VERSION in docker/.env");
    for (String base : cliDockerfile.baseImages(cliBuilder.buildArgs())) {
      assertTrue(tag(base).matches("(?:.*[-_])?(?:java)?" + Pattern.quote(build.javaRelease()) + "(?:[-_].*)?"),
          "Dockerfile.cli base image " + base + " is not a Java " + build.javaRelease() + " image (maven.compiler.release)");
    }
    for (ComposeService service : compose.services().values()) {
      if (runs(service, cliBuilder) || runs(service, flinkBuilder)) {
        assertEquals(build.version(), tag(service.image()),
            service.name() + ": our images are tagged with the project version; set RECSYS_VERSION in docker/.env");
      }
    }
  }

  @Test
  void eachImageOfOursIsBuiltByOneAlwaysActiveServiceForTheNativeLibrariesPlatform() {
    String platform = DOCKER_PLATFORMS.get(build.javacppPlatform());
    assertTrue(platform != null, "no Docker platform known for javacpp.platform " + build.javacppPlatform());
    for (ComposeService builder : List.of(cliBuilder, flinkBuilder)) {
      assertTrue(builder.profiles().isEmpty(), builder.name() + " builds " + builder.image()
          + " but is in profile(s) " + builder.profiles() + ": a plain `up` would not build the image");
      assertEquals("..", builder.buildContext(), builder.name() + ": the Dockerfiles copy from the repository root");
    }
    for (ComposeService service : compose.services().values()) {
      if (runs(service, cliBuilder) || runs(service, flinkBuilder)) {
        assertEquals(platform, service.platform(), service.name() + " runs ND4J's " + build.javacppPlatform()
            + " native libraries (javacpp.platform), so it needs platform " + platform);
      }
    }
  }

  // ---- classes and command lines ----

  @Test
  void everyClassTheDockerFilesNameExists() throws IOException {
    Set<String> named = new TreeSet<>();
    for (Path file : dockerFiles()) {
      Matcher matcher = CLASS_NAME.matcher(Files.readString(file));
      while (matcher.find()) {
        String className = matcher.group();
        named.add(className);
        try {
          Class.forName(className, false, getClass().getClassLoader());
        } catch (ClassNotFoundException e) {
          fail(build.root().relativize(file) + " names " + className + ", which is not a class of this build");
        }
      }
    }
    assertTrue(named.size() >= 2, "expected the CLI's and the job's entry classes among the names, found " + named);
  }

  @Test
  void theCliImageLauncherRunsTheCliEntryPoint() throws Exception {
    Path launcher = copiedScript(cliDockerfile, "/usr/local/bin/" + CLI_PROGRAM);
    Matcher matcher = CLASS_NAME.matcher(Files.readString(launcher));
    assertTrue(matcher.find(), launcher + " names no main class");
    Method main = Class.forName(matcher.group()).getMethod("main", String[].class);
    assertTrue(Modifier.isStatic(main.getModifiers()), matcher.group() + ".main is not static");
    assertEquals(RecsysCli.class.getName(), matcher.group(), "the CLI image must run the recsys command line");
    assertEquals("[\"" + CLI_PROGRAM + "\"]", cliDockerfile.lastArgument("ENTRYPOINT"),
        "the CLI image's entry point must be the launcher on its PATH");
    assertEquals(List.of(), cliBuilder.entrypoint(), cliBuilder.name() + " must run the image's own entry point");
  }

  @TestFactory
  Stream<DynamicTest> everyRecsysCommandInTheStackParses() {
    assertFalse(cliRuns.isEmpty(), "no service runs a recsys command");
    return cliRuns.stream().map(run -> DynamicTest.dynamicTest(run.toString(), () -> {
      List<String> path = run.subcommands();
      assertFalse(path.isEmpty(), run + ": no subcommand");
      CommandLine command = RecsysCli.commandLine();
      for (String name : path) {
        CommandLine sub = command.getSubcommands().get(name);
        if (sub == null) {
          fail(run.service() + " runs `" + String.join(" ", path) + "`, but `" + command.getCommandName()
              + "` has no subcommand '" + name + "' (it has " + new TreeSet<>(command.getSubcommands().keySet()) + ")");
        }
        command = sub;
      }
      try {
        RecsysCli.commandLine().parseArgs(run.args().toArray(String[]::new));
      } catch (ParameterException e) {
        fail(run.service() + " runs `recsys " + String.join(" ", run.args()) + "`, which recsys refuses: " + e.getMessage());
      }
    }));
  }

  @Test
  void theJobJarIsTheOneTheImageCopiesWithTheEntryClassTheSubmissionNames() throws Exception {
    JobJar jar = jobJar();
    assertTrue(Files.isRegularFile(jar.path()), jar.path() + " does not exist; build it first: "
        + "mvn -pl streaming-job -am package -DskipTests");
    String jobClass = jobSubmit.env(JOB_CLASS_VARIABLE).orElseThrow();
    assertEquals(jar.mainClass(), jobClass, jobSubmit.name() + " submits " + jobClass + ", but the jar's Main-Class is "
        + jar.mainClass());
    assertTrue(jar.containsClass(jobClass), jar.path() + " does not contain " + jobClass);
    Class.forName(jobClass, false, getClass().getClassLoader()).getMethod("main", String[].class);
    // Flink's REST limits default to 100 MiB; the jar with ND4J's natives is larger.
    Map<ComposeService, String> limits = Map.of(jobManager, "rest.server.max-content-length",
        jobSubmit, "rest.client.max-content-length");
    limits.forEach((service, key) -> {
      String limit = flinkProperties(service).get(key);
      assertTrue(limit != null, service.name() + ": set " + key + " (the default 100 MiB is below the job jar's size)");
      assertTrue(size(jar.path()) <= FlinkProperties.bytes(limit), "the job jar (" + size(jar.path()) + " bytes) is "
          + "larger than " + service.name() + "'s " + key + " (" + limit + "): the submission would be refused");
    });
  }

  @Test
  void theJobAcceptsTheArgumentsItIsSubmittedWith() throws Exception {
    copiedScript(flinkDockerfile, jobSubmit.command().get(0));
    Optional<String> refusal = jobJar().refusal(job.args());
    refusal.ifPresent(message -> fail(jobSubmit.name() + " starts the job with " + job.args()
        + ", which the job's command line refuses: " + message));
    int parallelism = Integer.parseInt(job.option("--parallelism").orElse("1"));
    int slots = Integer.parseInt(flinkProperties(taskManager).getOrDefault("taskmanager.numberOfTaskSlots", "1"));
    assertTrue(parallelism <= slots, "the job runs with parallelism " + parallelism + " but the TaskManager offers "
        + slots + " slots (taskmanager.numberOfTaskSlots)");
  }

  // ---- ports and addresses ----

  @Test
  void everyKafkaClientUsesTheBrokersInternalListenerAndTheHostListenerIsPublished() {
    Map<String, String> env = kafka.environment();
    Map<String, String> advertised = listeners(env.get("KAFKA_ADVERTISED_LISTENERS"));
    Map<String, String> bound = listeners(env.get("KAFKA_LISTENERS"));
    String internal = advertised.get(env.get("KAFKA_INTER_BROKER_LISTENER_NAME"));
    assertTrue(internal != null, "KAFKA_ADVERTISED_LISTENERS has no " + env.get("KAFKA_INTER_BROKER_LISTENER_NAME")
        + " listener (KAFKA_INTER_BROKER_LISTENER_NAME)");
    assertEquals(kafka.name(), host(internal), "the internal listener must advertise the broker's service name");
    assertEquals(port(internal), port(bound.get(env.get("KAFKA_INTER_BROKER_LISTENER_NAME"))),
        "the internal listener advertises another port than it listens on");
    List<Invocation> clients = new ArrayList<>(cliRuns);
    clients.add(job);
    int checked = 0;
    for (Invocation client : clients) {
      Optional<String> servers = client.option("--bootstrap-servers");
      if (servers.isPresent()) {
        assertEquals(internal, servers.get(), client.service() + " connects to " + servers.get()
            + ", but the broker advertises " + internal + " to containers");
        checked++;
      }
    }
    assertTrue(checked >= 2, "expected the Kafka clients to name their bootstrap servers; found " + checked);
    advertised.forEach((name, address) -> {
      if (!address.equals(internal)) {
        int container = port(bound.get(name));
        assertTrue(kafka.ports().contains(new ComposeService.PublishedPort(port(address), container)),
            "listener " + name + " advertises " + address + " but " + kafka.name() + " does not publish "
                + port(address) + ":" + container + " (ports: " + kafka.ports() + ")");
      }
    });
  }

  @Test
  void theServingApiListensOnThePortItPublishes() {
    Invocation serve = cliRun("serve");
    String port = serve.option("--port").orElseThrow(() -> new AssertionError(serve + ": give --port explicitly"));
    ComposeService service = compose.service(serve.service());
    assertTrue(service.ports().stream().anyMatch(p -> p.container() == Integer.parseInt(port)),
        service.name() + " listens on " + port + " but publishes " + service.ports());
    assertEquals("0.0.0.0", serve.option("--host").orElse(""),
        service.name() + " must listen on every interface (--host 0.0.0.0) for its published port to reach it");
    assertTrue(service.node().path("healthcheck").toString().contains(":" + port + "/"),
        service.name() + "'s healthcheck does not probe its port " + port);
  }

  @Test
  void theFlinkProcessesFindTheJobManagerAndTheSubmissionItsRestPort() {
    for (ComposeService service : List.of(jobManager, taskManager)) {
      assertEquals(jobManager.name(), flinkProperties(service).get("jobmanager.rpc.address"),
          service.name() + ": jobmanager.rpc.address must be the JobManager's service name");
    }
    String address = jobSubmit.env(JOBMANAGER_VARIABLE).orElseThrow(() -> new AssertionError(
        jobSubmit.name() + " has no " + JOBMANAGER_VARIABLE));
    assertEquals(jobManager.name(), host(address), JOBMANAGER_VARIABLE + " must name the JobManager service");
    int restPort = Integer.parseInt(Optional.ofNullable(flinkProperties(jobManager).get("rest.port")).orElseThrow(
        () -> new AssertionError(jobManager.name() + ": set rest.port in FLINK_PROPERTIES")));
    assertEquals(restPort, port(address), JOBMANAGER_VARIABLE + " is not the JobManager's rest.port");
    assertTrue(jobManager.ports().stream().anyMatch(p -> p.container() == restPort),
        jobManager.name() + " does not publish its REST port " + restPort + " (the web UI)");
    assertTrue(jobManager.node().path("healthcheck").toString().contains(":" + restPort + "/"),
        jobManager.name() + "'s healthcheck does not probe its REST port " + restPort);
  }

  // ---- topics ----

  @Test
  void everyTopicIsOneOfTheEnginesAndTheStagesConnect() {
    List<Invocation> runs = new ArrayList<>(cliRuns);
    runs.add(job);
    int checked = 0;
    for (Invocation run : runs) {
      for (Map.Entry<String, String> option : run.options().entrySet()) {
        if (TOPIC_OPTIONS.contains(option.getKey())) {
          assertTrue(Topics.names().contains(option.getValue()), run.service() + " uses topic '" + option.getValue()
              + "' (" + option.getKey() + "), which is not one of the engine's topics " + Topics.names());
          checked++;
        }
      }
    }
    assertTrue(checked > 0, "no topic is named in the stack");
    Invocation replay = cliRun("produce");
    Invocation validator = cliRun("validate");
    Invocation serve = cliRun("serve");
    Invocation retrain = cliRun("retrain");
    List<Link> links = List.of(
        new Link(replay, "--topic", validator, "--input-topic"),
        new Link(validator, "--output-topic", job, "--input-topic"),
        new Link(validator, "--dlq-topic", job, "--dead-letter-topic"),
        new Link(validator, "--output-topic", serve, "--user-actions-topic"),
        new Link(job, "--output-topic", serve, "--recommendations-topic"),
        new Link(validator, "--output-topic", retrain, "--actions-topic"),
        new Link(retrain, "--model-updates-topic", job, "--model-updates-topic"),
        new Link(retrain, "--model-updates-topic", serve, "--model-updates-topic"));
    for (Link link : links) {
      assertEquals(topic(link.writer(), link.writes()), topic(link.reader(), link.reads()), link.reader().service() + " "
          + link.reads() + " must be the topic " + link.writer().service() + " writes (" + link.writes() + ")");
    }
    assertEquals(Topics.RECOMMENDATIONS, topic(job, "--output-topic"), "the job must write the recommendations topic");
    assertEquals(Topics.MODEL_UPDATES, topic(job, "--model-updates-topic"),
        "the job must listen where `recsys announce` writes");
  }

  // ---- dependencies, volumes, models ----

  @Test
  void everyDependencyIsAServiceAndEveryHealthyConditionHasAHealthcheck() {
    for (ComposeService service : compose.services().values()) {
      service.dependsOn().forEach((name, condition) -> {
        assertTrue(compose.services().containsKey(name), service.name() + " depends on '" + name
            + "', which is not a service of " + compose.services().keySet());
        assertTrue(CONDITIONS.contains(condition), service.name() + ": unknown depends_on condition " + condition);
        if (condition.equals("service_healthy")) {
          assertTrue(compose.service(name).hasHealthcheck(), service.name() + " waits for " + name
              + " to be healthy, but " + name + " has no healthcheck");
        }
      });
    }
  }

  @Test
  void everyNamedVolumeIsDeclaredAndEveryDeclaredOneIsUsed() {
    Set<String> used = new TreeSet<>();
    for (ComposeService service : compose.services().values()) {
      for (ComposeService.Mount mount : service.mounts()) {
        if (mount.isNamedVolume()) {
          assertTrue(compose.volumes().contains(mount.source()), service.name() + " mounts volume '" + mount.source()
              + "', which is not declared under volumes: " + compose.volumes());
          used.add(mount.source());
        }
      }
    }
    assertEquals(compose.volumes(), used, "declared volumes that no service mounts");
  }

  @Test
  void theModelTheJobStartsWithIsWrittenAndReadOnTheSameVolume() {
    String model = job.option("--model").orElseThrow(() -> new AssertionError(job + ": no --model"));
    Invocation train = cliRun("train");
    assertEquals(model, train.option("--out").orElse(""), train.service() + " must write the model the job starts with");
    ComposeService.Mount written = volumeHolding(compose.service(train.service()), model);
    assertFalse(written.readOnly(), train.service() + " mounts " + written.source() + " read-only");
    // The client reads the start model when it builds the job; the TaskManagers load it and later models.
    for (ComposeService reader : List.of(jobSubmit, taskManager)) {
      assertEquals(written.source(), volumeHolding(reader, model).source(),
          reader.name() + " must see the model volume " + written.source() + " at " + written.target());
    }
    // Retraining announces the file it writes by its path, which the TaskManagers must be able to open.
    Invocation retrain = cliRun("retrain");
    String models = retrain.option("--models").orElseThrow(() -> new AssertionError(retrain + ": give --models"));
    ComposeService.Mount retrained = volumeHolding(compose.service(retrain.service()), models);
    assertEquals(written.source(), retrained.source(), retrain.service() + " writes models to " + retrained.source()
        + ", not to the volume the TaskManagers read");
    assertFalse(retrained.readOnly(), retrain.service() + " mounts " + retrained.source() + " read-only");
    assertTrue(model.startsWith(written.target() + "/") && (models + "/").startsWith(written.target() + "/"),
        "the start model and retrained models must be at the same place in every container (" + written.target() + ")");
  }

  // ---- Flink settings ----

  @Test
  void checkpointsAndSavepointsGoToTheSameVolumeOnEveryFlinkProcess() throws IOException {
    Map<String, String> jm = flinkProperties(jobManager);
    Map<String, String> tm = flinkProperties(taskManager);
    String script = Files.readString(copiedScript(flinkDockerfile, jobSubmit.command().get(0)));
    for (String key : List.of("execution.checkpointing.dir", "execution.checkpointing.savepoint-dir")) {
      String dir = jm.get(key);
      assertTrue(dir != null && dir.startsWith("file:///"), jobManager.name() + ": " + key + " must be a file:/// URI");
      assertEquals(dir, tm.get(key), key + " differs between " + jobManager.name() + " and " + taskManager.name());
      String path = dir.substring("file://".length());
      String volume = volumeHolding(jobManager, path).source();
      for (ComposeService service : List.of(taskManager, jobSubmit)) {
        assertEquals(volume, volumeHolding(service, path).source(), service.name() + " must mount " + volume
            + " to reach " + path);
      }
      assertTrue(script.contains("=" + path + "\n"), "the submission script looks for retained state elsewhere than "
          + key + " = " + path);
    }
    assertEquals("rocksdb", jm.get("state.backend.type"), jobManager.name() + ": state.backend.type");
    assertEquals("rocksdb", tm.get("state.backend.type"), taskManager.name() + ": state.backend.type");
  }

  @Test
  void theNativeMemoryCapsOfNd4jAreTheTaskManagersBudget() {
    Map<String, String> tm = flinkProperties(taskManager);
    String javaOpts = taskManager.env("FLINK_ENV_JAVA_OPTS_TM").orElseThrow(() -> new AssertionError(
        taskManager.name() + " has no FLINK_ENV_JAVA_OPTS_TM"));
    assertEquals(FlinkProperties.bytes(tm.getOrDefault("taskmanager.memory.task.off-heap.size", "0")),
        FlinkProperties.bytes(systemProperty(javaOpts, "org.bytedeco.javacpp.maxbytes")),
        "ND4J's off-heap cap (javacpp maxbytes) must be the task off-heap memory Flink reserves for it");
    assertEquals(FlinkProperties.bytes(tm.getOrDefault("taskmanager.memory.process.size", "0")),
        FlinkProperties.bytes(systemProperty(javaOpts, "org.bytedeco.javacpp.maxphysicalbytes")),
        "javacpp's resident-memory cap must be the TaskManager's process size");
  }

  // ---- the Dockerfiles ----

  @Test
  void theDockerfilesCopyFilesThatExistAndTheirIgnoreFilesLetThrough() throws IOException {
    for (Dockerfile dockerfile : List.of(cliDockerfile, flinkDockerfile)) {
      Path ignoreFile = dockerfile.path().resolveSibling(dockerfile.path().getFileName() + ".dockerignore");
      List<String> ignore = Files.isRegularFile(ignoreFile) ? Files.readAllLines(ignoreFile) : List.of();
      boolean allowList = ignore.stream().map(String::strip).anyMatch("*"::equals);
      for (Dockerfile.Copy copy : dockerfile.copies()) {
        if (copy.fromStage() != null) {
          continue;
        }
        for (String source : copy.sources()) {
          assertTrue(Files.exists(build.file(source)), dockerfile.path().getFileName() + " copies " + source
              + ", which does not exist" + (source.contains("/target/") ? " (build it first: mvn package)" : ""));
          if (allowList) {
            assertTrue(ignore.contains("!" + source), ignoreFile.getFileName() + " ignores everything but does not "
                + "let " + source + " through (add !" + source + ")");
          }
        }
      }
    }
  }

  @Test
  void bothImagesGiveTheModelsVolumeTheSameOwner() {
    String cliUid = cliDockerfile.argDefaults().get("RECSYS_UID");
    assertTrue(cliUid != null, "Dockerfile.cli has no ARG RECSYS_UID default");
    assertEquals(cliUid, flinkDockerfile.argDefaults().get("RECSYS_UID"),
        "the CLI writes the models the Flink processes read: both images must own /models with the same uid");
  }

  // ---- helpers ----

  /** One stage writes a topic with option {@code writes}; the next reads it with option {@code reads}. */
  private record Link(Invocation writer, String writes, Invocation reader, String reads) {}

  private static ComposeService builderOf(String dockerfile) {
    return only("the service that builds " + dockerfile, s -> s.isBuilt() && s.dockerfile().equals(dockerfile));
  }

  private static ComposeService only(String what, Predicate<ComposeService> test) {
    List<ComposeService> found = compose.services().values().stream().filter(test).toList();
    if (found.size() != 1) {
      fail("expected exactly one service in compose.yaml to be " + what + ", found "
          + found.stream().map(ComposeService::name).toList());
    }
    return found.get(0);
  }

  private static List<ComposeService> cliServices() {
    return compose.services().values().stream().filter(s -> runs(s, cliBuilder)).toList();
  }

  /** Whether {@code service} runs the image {@code builder} builds, whatever tag it names. */
  private static boolean runs(ComposeService service, ComposeService builder) {
    return repository(service.image()).equals(repository(builder.image()));
  }

  private static String repository(String image) {
    String tag = tag(image);
    return image.endsWith(":" + tag) ? image.substring(0, image.length() - tag.length() - 1) : image;
  }

  @Test
  void theStartModelIsAnnouncedAsTheVersionTheJobStartsWith() {
    Invocation announce = cliRun("announce");
    assertEquals(job.option("--model"), announce.option("--model"), announce.service()
        + " must announce the model the job starts with, or retraining has no serving model to gate against");
    assertEquals(job.option("--model-version"), announce.option("--model-version"),
        announce.service() + " announces another version than the job serves");
    assertEquals(job.option("--model-updates-topic"), announce.option("--topic"),
        announce.service() + " announces on another topic than the job reads");
  }

  /** The recsys command lines a CLI-image service runs: its command, or the recsys runs in a sh -c script. */
  private static List<Invocation> recsysRuns(ComposeService service) {
    List<String> entrypoint = service.entrypoint();
    if (entrypoint.isEmpty()) {
      return List.of(new Invocation(service.name(), service.command()));
    }
    if (entrypoint.equals(List.of("sh", "-c")) && service.command().size() == 1) {
      List<Invocation> runs = Invocation.inShellScript(service.name(), service.command().get(0), CLI_PROGRAM);
      if (runs.isEmpty()) {
        fail(service.name() + " runs a shell script without a recsys command: " + service.command().get(0));
      }
      return runs;
    }
    throw new AssertionError(service.name() + ": entrypoint " + entrypoint + " is neither the image's (recsys) nor "
        + "[sh, -c] with one script");
  }

  /** The one recsys run of the stack whose subcommand is {@code subcommand}. */
  private static Invocation cliRun(String subcommand) {
    List<Invocation> runs = cliRuns.stream().filter(r -> r.subcommands().equals(List.of(subcommand))).toList();
    assertEquals(1, runs.size(), "expected one service to run `recsys " + subcommand + "`, found " + runs);
    return runs.get(0);
  }

  private static JobJar jobJar() {
    String inImage = jobSubmit.env(JOB_JAR_VARIABLE).orElseThrow(() -> new AssertionError(
        jobSubmit.name() + " has no " + JOB_JAR_VARIABLE));
    Dockerfile.Copy copy = flinkDockerfile.copies().stream()
        .filter(c -> c.fromStage() == null && c.destination().equals(inImage) && c.sources().size() == 1)
        .findFirst()
        .orElseThrow(() -> new AssertionError("Dockerfile.flink copies nothing to " + inImage + " (" + JOB_JAR_VARIABLE
            + " of " + jobSubmit.name() + ")"));
    Path jar = build.file(copy.sources().get(0));
    return new JobJar(jar, jar.resolveSibling("classpath-provided.txt"));
  }

  /** The repository file a Dockerfile copies to {@code destination}. */
  private static Path copiedScript(Dockerfile dockerfile, String destination) {
    return dockerfile.copies().stream()
        .filter(c -> c.fromStage() == null && c.destination().equals(destination) && c.sources().size() == 1)
        .map(c -> build.file(c.sources().get(0)))
        .findFirst()
        .orElseThrow(() -> new AssertionError(dockerfile.path().getFileName() + " copies nothing to " + destination));
  }

  private static Map<String, String> flinkProperties(ComposeService service) {
    return FlinkProperties.parse(service.name(), service.env("FLINK_PROPERTIES").orElse(""));
  }

  private static ComposeService.Mount volumeHolding(ComposeService service, String path) {
    ComposeService.Mount mount = service.mountHolding(path).orElseThrow(() -> new AssertionError(
        service.name() + " mounts nothing at " + path));
    assertTrue(mount.isNamedVolume(), service.name() + ": " + path + " is on " + mount.source() + ", not a named volume");
    return mount;
  }

  private static String topic(Invocation run, String option) {
    return run.option(option).orElseThrow(() -> new AssertionError(run + ": name the topic with " + option));
  }

  /** NAME://host:port,... to name -> host:port. */
  private static Map<String, String> listeners(String spec) {
    Map<String, String> listeners = new LinkedHashMap<>();
    for (String listener : spec.split(",")) {
      String[] nameAddress = listener.strip().split("://", 2);
      listeners.put(nameAddress[0], nameAddress[1]);
    }
    return listeners;
  }

  private static String host(String hostPort) {
    return hostPort.substring(0, hostPort.lastIndexOf(':'));
  }

  private static int port(String hostPort) {
    return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
  }

  private static String tag(String image) {
    int colon = image.lastIndexOf(':');
    return colon < 0 || image.indexOf('/', colon) >= 0 ? "latest" : image.substring(colon + 1);
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The value of {@code -Dname=value} among JVM options. */
  private static String systemProperty(String javaOpts, String name) {
    for (String option : javaOpts.strip().split("\\s+")) {
      if (option.startsWith("-D" + name + "=")) {
        return option.substring(name.length() + 3);
      }
    }
    throw new AssertionError("no -D" + name + " in '" + javaOpts + "'");
  }

  private static List<Path> dockerFiles() throws IOException {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(build.file("docker"))) {
      walk.filter(Files::isRegularFile)
          .filter(p -> !p.startsWith(build.file("docker/src")) && !p.startsWith(build.file("docker/target")))
          .filter(p -> !p.getFileName().toString().equals("pom.xml"))
          .forEach(files::add);
    }
    return files;
  }
}
