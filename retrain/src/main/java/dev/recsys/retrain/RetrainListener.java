package dev.recsys.retrain;

import dev.recsys.model.train.TrainingListener;

/**
 * Hears how a retraining run goes: messages, the replay's progress and (as a
 * {@link TrainingListener}) training's. Everything is called on the thread that runs
 * {@link Retrainer#run}; every method does nothing unless overridden.
 */
public interface RetrainListener extends TrainingListener {
  RetrainListener NONE = new RetrainListener() {};

  /** Something the user should know, e.g. which model is being served. */
  default void info(String message) {}

  /** Something that may be wrong but does not stop the run, e.g. a refused announcement. */
  default void warning(String message) {}

  /**
   * The replay begins.
   *
   * @param offsetsToRead offsets between the stored positions and the snapshot's end (an upper
   *     bound on the records: transaction markers take offsets too)
   */
  default void replayStarted(long offsetsToRead) {}

  /** After each batch of records is stored, with the records applied so far in this run. */
  default void replayProgress(long applied) {}

  /** The replay reached the snapshot's end. */
  default void replayDone(ReplaySummary summary) {}

  /** An evaluation of {@code model} ("candidate" or "serving") on the hold-out begins. */
  default void evaluationStarted(String model, int users) {}
}
