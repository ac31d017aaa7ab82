package dev.recsys.store.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recsys.events.ModelUpdate;
import dev.recsys.store.kv.Batch;
import dev.recsys.store.kv.KeySpace;
import dev.recsys.store.kv.KeyValueStore;
import dev.recsys.store.kv.StoreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * What the serving process knows about models, kept in the shared store so a restart still knows
 * it: the latest announcement, and the model version the latest recommendation was made with
 * (the two differ while the streaming job has not yet swapped to an announced model).
 */
public final class ModelAnnouncementStore {
  private static final byte[] ANNOUNCEMENT = KeySpace.MODEL_ANNOUNCEMENTS.key(new byte[] {'a'});
  private static final byte[] RECOMMENDED_VERSION = KeySpace.MODEL_ANNOUNCEMENTS.key(new byte[] {'r'});
  private static final ObjectMapper JSON = new ObjectMapper();

  private record Stored(String version, String uri, String sha256, long announcedAt) {}

  private final KeyValueStore kv;
  private volatile Optional<ModelAnnouncement> latest;
  private volatile Optional<String> recommendedVersion;

  public ModelAnnouncementStore(KeyValueStore kv) {
    this.kv = Objects.requireNonNull(kv, "kv");
    this.latest = Optional.ofNullable(kv.get(ANNOUNCEMENT)).map(this::decode);
    this.recommendedVersion = Optional.ofNullable(kv.get(RECOMMENDED_VERSION))
        .map(bytes -> new String(bytes, StandardCharsets.UTF_8));
  }

  /**
   * Records {@code announcement} as the latest, visible to readers at once. The caller writes the
   * batch; if that fails the feed stops and reports it, so readers are never ahead of a store
   * that is still being written.
   */
  public void announce(Batch batch, ModelAnnouncement announcement) {
    ModelUpdate update = announcement.update();
    try {
      batch.put(ANNOUNCEMENT, JSON.writeValueAsBytes(
          new Stored(update.version(), update.uri(), update.sha256(), announcement.announcedAt())));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a model announcement as JSON", e);
    }
    latest = Optional.of(announcement);
  }

  /** Notes the model version of a recommendation just applied; written only when it changes. */
  public void recommendedWith(Batch batch, String modelVersion) {
    if (!recommendedVersion.filter(modelVersion::equals).isPresent()) {
      batch.put(RECOMMENDED_VERSION, modelVersion.getBytes(StandardCharsets.UTF_8));
      recommendedVersion = Optional.of(modelVersion);
    }
  }

  public Optional<ModelAnnouncement> latest() {
    return latest;
  }

  /** The model version of the latest recommendation applied, if any was. */
  public Optional<String> recommendedVersion() {
    return recommendedVersion;
  }

  private ModelAnnouncement decode(byte[] bytes) {
    try {
      Stored stored = JSON.readValue(bytes, Stored.class);
      return new ModelAnnouncement(new ModelUpdate(stored.version(), stored.uri(), stored.sha256()), stored.announcedAt());
    } catch (IOException | IllegalArgumentException e) {
      throw new StoreException(kv.name(), kv.location(), "the stored model announcement is unreadable", e);
    }
  }
}
