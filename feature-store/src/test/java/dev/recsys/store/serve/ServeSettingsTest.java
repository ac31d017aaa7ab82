package dev.recsys.store.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.recsys.events.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class ServeSettingsTest {

  @Test
  void defaults() {
    ServeSettings settings = ServeSettings.defaults();
    assertEquals(8080, settings.port());
    assertEquals(Path.of(".recsys/serving"), settings.storeDir());
    assertEquals("localhost:9092", settings.bootstrapServers());
    assertEquals(Topics.VALID, settings.userActionsTopic());
    assertEquals(Topics.RECOMMENDATIONS, settings.recommendationsTopic());
    assertEquals(Topics.MODEL_UPDATES, settings.modelUpdatesTopic());
    assertEquals(50, settings.historyDefault());
    assertEquals(1000, settings.historyMax());
  }

  @Test
  void kafkaSettingsPassThroughAndOverride() {
    ServeSettings settings = ServeSettings.builder().kafka(Map.of("security.protocol", "SSL", "bootstrap.servers", "b:1"))
        .build();
    assertEquals(Map.of("security.protocol", "SSL", "bootstrap.servers", "b:1"), settings.kafka());
  }

  static Stream<Arguments> badSettings() {
    return Stream.of(
        bad(b -> b.port(-1), "port must be between 0 (any free port) and 65535, was -1"),
        bad(b -> b.port(65536), "port must be between 0 (any free port) and 65535, was 65536"),
        bad(b -> b.host(" "), "host must be a host name or address, was ' '"),
        bad(b -> b.storeDir(null), "storeDir is required"),
        bad(b -> b.bootstrapServers(" "), "kafka bootstrap.servers is required"),
        bad(b -> b.kafka(Collections.singletonMap("acks", null)), "kafka property acks has no value"),
        bad(b -> b.userActionsTopic(""), "userActionsTopic must be a topic name, was ''"),
        bad(b -> b.recommendationsTopic(null), "recommendationsTopic must be a topic name, was 'null'"),
        bad(b -> b.modelUpdatesTopic(Topics.VALID), "topics must be three different topics, were user-actions, "
            + "recommendations, user-actions"),
        bad(b -> b.historyMax(0), "historyMax must be between 1 and 100000, was 0"),
        bad(b -> b.historyDefault(1001), "historyDefault must be between 1 and historyMax (1000), was 1001"),
        bad(b -> b.maxRequestHeaderBytes(100), "maxRequestHeaderBytes must be between 1024 and 1048576, was 100"),
        bad(b -> b.idleTimeout(Duration.ZERO), "idleTimeout must be positive (and under 24 days), was PT0S"),
        bad(b -> b.maxThreads(4), "maxThreads must be between 8 and 10000, was 4"));
  }

  private static Arguments bad(UnaryOperator<ServeSettings.Builder> change, String message) {
    return Arguments.of(change, message);
  }

  @ParameterizedTest
  @MethodSource("badSettings")
  void badValuesAreRefusedNamingTheField(UnaryOperator<ServeSettings.Builder> change, String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> change.apply(ServeSettings.builder()).build());
    assertEquals("serve setting " + message, e.getMessage());
  }
}
