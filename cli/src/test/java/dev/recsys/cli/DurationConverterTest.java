package dev.recsys.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {
  private final DurationConverter converter = new DurationConverter();

  @Test
  void readsTheShortFormsAndIso() {
    assertEquals(Duration.ofMillis(500), converter.convert("500ms"));
    assertEquals(Duration.ofSeconds(60), converter.convert("60s"));
    assertEquals(Duration.ofMinutes(2), converter.convert("2M"));
    assertEquals(Duration.ofHours(1), converter.convert(" 1h "));
    assertEquals(Duration.ofDays(7), converter.convert("7d"));
    assertEquals(Duration.ofSeconds(90), converter.convert("PT1M30S"));
    assertEquals(Duration.ofSeconds(90), converter.convert("pt1m30s"));
  }

  @Test
  void refusesWhatIsNotADuration() {
    for (String text : new String[] {"", "60", "s", "1.5s", "-1s", "99999999999999999999s", "1w"}) {
      TypeConversionException e = assertThrows(TypeConversionException.class, () -> converter.convert(text), text);
      assertEquals("'" + text + "' is not a duration such as 500ms, 60s, 2m, 1h or 7d", e.getMessage());
    }
  }
}
