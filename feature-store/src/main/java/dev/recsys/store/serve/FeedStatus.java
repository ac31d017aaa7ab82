package dev.recsys.store.serve;

/**
 * One feed as {@code /healthz} reports it.
 *
 * @param feed the feed's name, e.g. "user-actions"
 * @param topic the topic it consumes
 * @param state where it is in its life
 * @param lag records on the topic not yet applied, or -1 before the first measurement
 * @param applied records applied since this process started
 * @param rejected records refused since this process started
 * @param failure why the feed is not running, when {@code state} is RETRYING or FAILED; otherwise null
 */
public record FeedStatus(String feed, String topic, State state, long lag, long applied, long rejected, String failure) {

  /** RETRYING: Kafka could not be reached; the feed reopens with backoff. FAILED: stopped for good. */
  public enum State { STARTING, RUNNING, RETRYING, FAILED, STOPPED }

  public boolean healthy() {
    return state == State.STARTING || state == State.RUNNING;
  }
}
