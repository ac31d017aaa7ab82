package dev.recsys.model.train;

/** Hears how training goes, for progress bars and logs. Called on the training thread. */
public interface TrainingListener {
  TrainingListener NONE = new TrainingListener() {};

  /** Before an epoch's first step. */
  default void epochStarted(int epoch, int batches) {}

  /** After each step, with that batch's loss. */
  default void batchDone(int epoch, int batch, int batches, double loss) {}

  /** After each epoch (and its validation, if any). */
  default void epochDone(EpochRecord record, boolean newBest) {}
}
