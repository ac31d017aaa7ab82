package dev.recsys.cli;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Fails fast, with the fix in the message, when topics a command needs are missing: a producer
 * would otherwise block for {@code max.block.ms} on every record, and Kafka Streams would start
 * and then stop with a MissingSourceTopicException.
 */
final class TopicCheck {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private TopicCheck() {}

  static void requireTopics(Map<String, Object> clientSettings, List<String> topics)
      throws IOException, InterruptedException {
    Map<String, Object> settings = new java.util.HashMap<>(clientSettings);
    settings.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
    settings.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
    List<String> missing = new ArrayList<>();
    try (Admin admin = Admin.create(settings)) {
      var described = admin.describeTopics(topics).topicNameValues();
      for (String topic : topics) {
        try {
          described.get(topic).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
            throw new IOException("cannot describe topic '" + topic + "': " + e.getCause().getMessage(), e.getCause());
          }
          missing.add(topic);
        } catch (TimeoutException e) {
          throw new IOException("no answer from Kafka at " + settings.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG)
              + " within " + TIMEOUT.toSeconds() + " s; is a broker running (`recsys kafka start`)?", e);
        }
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("topic" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing)
          + " not found at " + settings.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG)
          + "; create the engine's topics with `recsys topics create`");
    }
  }
}
