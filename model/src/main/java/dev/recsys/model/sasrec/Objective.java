package dev.recsys.model.sasrec;

/** What the training graph minimises at every non-padding position of a sequence. */
public enum Objective {
  /** The paper's loss: binary cross-entropy on the next item against one sampled negative. */
  BCE("bce"),
  /** Softmax cross-entropy over the whole catalogue (the strongest SASRec variant for full ranking). */
  CE("ce"),
  /** Softmax cross-entropy over the next item and k sampled negatives, for large catalogues. */
  SAMPLED_CE("sampled-ce");

  private final String cliName;

  Objective(String cliName) {
    this.cliName = cliName;
  }

  public String cliName() {
    return cliName;
  }

  public static Objective fromName(String name) {
    for (Objective objective : values()) {
      if (objective.cliName.equalsIgnoreCase(name)) {
        return objective;
      }
    }
    throw new IllegalArgumentException("loss '" + name + "' is not one of bce, ce, sampled-ce");
  }

  /** Sampled negatives per position the objective needs (CE needs none). */
  public int negativesPerPosition(int sampledNegatives) {
    return switch (this) {
      case BCE -> 1;
      case CE -> 0;
      case SAMPLED_CE -> sampledNegatives;
    };
  }
}
