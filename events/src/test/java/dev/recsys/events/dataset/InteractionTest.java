package dev.recsys.events.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class InteractionTest {

  @Test
  void nanMeansNoValue() {
    assertFalse(new Interaction("u", "i", 0, Double.NaN).hasValue());
    assertTrue(new Interaction("u", "i", 0, 0.0).hasValue());
  }

  @Test
  void refusesAnInfiniteValue() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new Interaction("u", "i", 0, Double.POSITIVE_INFINITY));
    assertEquals("interaction value must be finite or NaN, got Infinity", e.getMessage());
  }

  @Test
  void refusesMissingIds() {
    NullPointerException e =
        assertThrows(NullPointerException.class, () -> new Interaction("u", null, 0, 1));
    assertEquals("itemId", e.getMessage());
  }
}
