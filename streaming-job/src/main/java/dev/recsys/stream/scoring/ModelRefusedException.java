package dev.recsys.stream.scoring;

/** A model the job will not serve; the message names the artifact and the reason. */
public final class ModelRefusedException extends Exception {
  private static final long serialVersionUID = 1L;

  public ModelRefusedException(String message, Throwable cause) {
    super(message, cause);
  }

  public ModelRefusedException(String message) {
    super(message);
  }
}
