package dev.recsys.cli;

import dev.recsys.events.Topics;
import dev.recsys.ingest.topics.TopicAdmin;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "topics", mixinStandardHelpOptions = true,
    description = "The engine's Kafka topics: list them, create them.",
    subcommands = {TopicsCommand.Create.class, TopicsCommand.ListTopics.class})
final class TopicsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "Missing subcommand: create or list");
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "Prints each topic's name, default partitions, configuration and purpose (no broker needed).")
  static final class ListTopics implements Callable<Integer> {
    @Override
    public Integer call() {
      for (Topics.Definition topic : Topics.ALL) {
        System.out.printf("%-18s %2d partitions  %-28s %s%n", topic.name(), topic.partitions(),
            topic.configs().isEmpty() ? "" : topic.configs().toString(), topic.description());
      }
      return 0;
    }
  }

  @Command(name = "create", mixinStandardHelpOptions = true, sortOptions = false,
      description = {"Creates the engine's topics. Existing topics are checked against the request and",
          "left as they are (changing partitions would move users between partitions); differences",
          "are reported. Exits 0 when every topic exists afterwards."})
  static final class Create implements Callable<Integer> {
    @Option(names = "--topic", paramLabel = "NAME",
        description = "Only this topic (repeatable). Default: all of them (see `recsys topics list`).")
    List<String> only;

    @Option(names = "--partitions", paramLabel = "N",
        description = "Partitions per topic. Default: each topic's own (6 for per-user topics, 1 for the DLQ "
            + "and model-updates).")
    Integer partitions;

    @Option(names = "--replication-factor", paramLabel = "R", defaultValue = "1",
        description = "Default: ${DEFAULT-VALUE} (a single local broker); use 3 on a production cluster.")
    short replicationFactor;

    @Option(names = "--retention", paramLabel = "DURATION", converter = DurationConverter.class,
        description = "retention.ms for every non-compacted topic, e.g. 7d or 12h. Default: each topic's own "
            + "(the clean topic keeps everything, for retraining).")
    Duration retention;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30s", converter = DurationConverter.class,
        description = "How long to wait for the cluster. Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    @Mixin KafkaClientOptions kafka;

    @Override
    public Integer call() throws Exception {
      List<Topics.Definition> definitions = only == null ? Topics.ALL : only.stream().map(Topics::definition).toList();
      TopicAdmin.Request request = new TopicAdmin.Request(partitions, replicationFactor,
          retention == null ? null : retention.toMillis());
      try (Admin admin = kafka.admin(timeout)) {
        for (TopicAdmin.Outcome outcome : new TopicAdmin(admin, timeout).ensure(definitions, request)) {
          System.out.println(outcome);
        }
      } catch (java.util.concurrent.TimeoutException e) {
        throw kafka.noAnswer(timeout, e);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
          throw kafka.noAnswer(timeout, e.getCause());
        }
        throw new IOException("Kafka refused: " + e.getCause().getMessage(), e.getCause());
      }
      return 0;
    }
  }
}
