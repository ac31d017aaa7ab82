package dev.recsys.ingest.topics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recsys.events.Topics;
import dev.recsys.ingest.SharedBroker;
import dev.recsys.ingest.broker.LocalKafkaBroker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedBroker.class)
class TopicAdminOnBrokerTest {

  @Test
  void createsMissingTopicsOnceAndChecksExistingOnes(LocalKafkaBroker broker) throws Exception {
    List<Topics.Definition> definitions = Topics.ALL.stream()
        .map(d -> new Topics.Definition("admin-" + d.name(), d.description(), d.partitions(), d.configs())).toList();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
      TopicAdmin topics = new TopicAdmin(admin, Duration.ofSeconds(30));
      List<TopicAdmin.Outcome> first = topics.ensure(definitions, new TopicAdmin.Request(null, (short) 1, null));
      assertTrue(first.stream().allMatch(o -> o.status() == TopicAdmin.Status.CREATED), first.toString());
      assertEquals(6, first.get(0).partitions());

      ConfigResource valid = new ConfigResource(ConfigResource.Type.TOPIC, "admin-" + Topics.VALID);
      assertEquals("-1", retention(admin, valid));

      List<TopicAdmin.Outcome> again = topics.ensure(definitions, new TopicAdmin.Request(null, (short) 1, null));
      assertTrue(again.stream().allMatch(o -> o.status() == TopicAdmin.Status.EXISTS && o.differences().isEmpty()),
          again.toString());

      List<TopicAdmin.Outcome> different = topics.ensure(definitions.subList(0, 3), new TopicAdmin.Request(3, (short) 1, 1000L));
      assertEquals(List.of("partitions 6, requested 3", "retention.ms 604800000, requested 1000"),
          different.get(0).differences());
      assertTrue(different.get(0).toString().contains("left as is"));
      // The dead-letter topic keeps its single partition whatever --partitions says.
      assertEquals(List.of("retention.ms 2592000000, requested 1000"), different.get(2).differences());
    }
  }

  /** The topic's retention.ms once the broker's metadata has caught up with the controller's. */
  private static String retention(Admin admin, ConfigResource topic) throws Exception {
    for (int attempt = 0; ; attempt++) {
      try {
        return admin.describeConfigs(List.of(topic)).all().get().get(topic).get("retention.ms").value();
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || attempt == 50) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }

  @Test
  void aReplicatedTopicRequiresTwoInSyncReplicas() {
    Topics.Definition valid = Topics.definition(Topics.VALID);
    assertEquals("2", new TopicAdmin.Request(null, (short) 3, null).newTopic(valid).configs().get("min.insync.replicas"));
    assertEquals(null, new TopicAdmin.Request(null, (short) 1, null).newTopic(valid).configs().get("min.insync.replicas"));
  }

  @Test
  void badRequestsNameTheSetting() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new TopicAdmin.Request(0, (short) 1, null))
        .getMessage().contains("partitions"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new TopicAdmin.Request(null, (short) 0, null))
        .getMessage().contains("replication"));
  }
}
