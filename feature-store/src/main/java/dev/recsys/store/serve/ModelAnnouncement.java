package dev.recsys.store.serve;

import dev.recsys.events.ModelUpdate;

/**
 * The latest model announced on the model-updates topic, as the serving process knows it.
 *
 * @param update what retraining announced: version, artifact URI and checksum
 * @param announcedAt the announcement record's timestamp, epoch milliseconds
 */
public record ModelAnnouncement(ModelUpdate update, long announcedAt) {}
