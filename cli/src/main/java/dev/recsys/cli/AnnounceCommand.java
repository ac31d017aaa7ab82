package dev.recsys.cli;

import dev.recsys.events.ModelUpdate;
import dev.recsys.events.ModelUpdateJson;
import dev.recsys.events.Topics;
import dev.recsys.model.artifact.ArtifactFile;
import dev.recsys.model.artifact.ModelArtifact;
import dev.recsys.retrain.ModelAnnouncer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.RecordMetadata;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code recsys announce}: tells running streaming jobs to serve a new model. The artifact is read
 * and checked here first, so a file the jobs would refuse is not announced at all.
 */
@Command(
    name = "announce",
    mixinStandardHelpOptions = true,
    description = {
        "Announces a model artifact on the model-updates topic: every running `recsys stream` job loads it, "
            + "checks its SHA-256 and vocabulary, and swaps it in (or refuses it and keeps the old one).",
        "The file must be readable by every Flink TaskManager at the announced URI."
    })
final class AnnounceCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "MODEL", description = "The model artifact.")
  Path model;

  @Option(names = "--model-version", required = true, paramLabel = "VERSION",
      description = "The version recommendations will carry, e.g. 2026-11-28.1.")
  String version;

  @Option(names = "--uri", paramLabel = "URI",
      description = "Where the jobs read it, if not this file's absolute path (e.g. a shared mount).")
  String uri;

  @Option(names = "--topic", defaultValue = Topics.MODEL_UPDATES, paramLabel = "TOPIC",
      description = "Default: ${DEFAULT-VALUE}.")
  String topic;

  @Mixin KafkaClientOptions kafka;

  @Override
  public Integer call() throws Exception {
    ModelArtifact artifact = ArtifactFile.read(model);
    ModelUpdate update = new ModelUpdate(version, uri != null ? uri : model.toAbsolutePath().toUri().toString(),
        ArtifactFile.sha256(model));
    kafka.requireTopics(List.of(topic));
    RecordMetadata written = ModelAnnouncer.announce(kafka.clientSettings(), topic, update);
    System.err.printf("announced model %s (%d items, maxLen %d) at %s-%d@%d%n", version, artifact.items().size(),
        artifact.config().maxLen(), written.topic(), written.partition(), written.offset());
    System.out.println(new String(ModelUpdateJson.toBytes(update), StandardCharsets.UTF_8));
    return 0;
  }
}
