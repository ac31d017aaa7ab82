package dev.recsys.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class TopicsTest {
  @Test
  void everyTopicIsDefinedOnceWithItsName() {
    assertEquals(List.of("user-actions-raw", "user-actions", "user-actions-dlq", "recommendations", "model-updates"),
        Topics.names());
    assertEquals("compact", Topics.definition(Topics.RECOMMENDATIONS).configs().get("cleanup.policy"));
    // Retraining replays the clean topic from the beginning, so it must never expire.
    assertEquals("-1", Topics.definition(Topics.VALID).configs().get("retention.ms"));
    assertEquals(1, Topics.definition(Topics.MODEL_UPDATES).partitions());
    assertThrows(IllegalArgumentException.class, () -> Topics.definition("user-action"));
  }
}
