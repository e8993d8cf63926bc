package io.bankbus.node;

/** A node could not start; {@link #step()} says whether joining the cluster or deploying failed. */
public final class BankNodeException extends RuntimeException {
  /** The start-up step that failed. */
  public enum Step { JOIN, DEPLOY }

  private final Step step;

  public BankNodeException(Step step, Throwable cause) {
    super((step == Step.JOIN ? "could not join the cluster: " : "could not deploy the bank: ")
        + cause.getMessage(), cause);
    this.step = step;
  }

  public Step step() {
    return step;
  }
}
