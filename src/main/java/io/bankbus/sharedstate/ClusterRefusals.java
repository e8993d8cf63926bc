package io.bankbus.sharedstate;

import com.hazelcast.core.IndeterminateOperationStateException;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionException;
import io.bankbus.cashier.Teller;
import io.bankbus.protocol.BankError;
import io.bankbus.protocol.BankException;
import io.vertx.core.Future;

/**
 * Hazelcast's two refusals that a partition brings, turned into bank errors a customer can act on. Without this
 * they reach the customer as INTERNAL_ERROR, which is retryable but says nothing. Applied at the teller's edge
 * ({@link #edge}), after the teller has decided what to give back, so it changes what the customer hears and
 * nothing of what the teller does; and where a refusal means "nothing done" ({@link AccountLocks}).
 */
final class ClusterRefusals {
  private ClusterRefusals() {
  }

  /** {@code teller}, whose failures from Hazelcast's split-brain protection or indeterminate writes are named. */
  static Teller edge(Teller teller) {
    return (op, correlationId) -> teller.execute(op, correlationId)
        .recover(failure -> Future.failedFuture(named(failure, "operation '" + op.opId() + "'")));
  }

  /**
   * NO_MAJORITY for a split-brain protection refusal; UNAVAILABLE for a write Hazelcast could not confirm (its
   * backup never acknowledged, or its member left): it may or may not have been applied, and the same id, asked
   * again, settles which. Anything else is returned as it is.
   */
  static Throwable named(Throwable failure, String what) {
    if (failure instanceof BankException) {
      return failure;
    }
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SplitBrainProtectionException) {
        return BankError.NO_MAJORITY.exception(what + " was refused: this node's side of the cluster holds fewer"
            + " than a majority of the bank's nodes");
      }
      if (t instanceof IndeterminateOperationStateException) {
        return BankError.UNAVAILABLE.exception(what + ": the cluster did not confirm a write; retry with the same"
            + " operation id to learn whether it was applied");
      }
    }
    return failure;
  }

  /** Whether {@code failure} is (or was caused by) a split-brain protection refusal. */
  static boolean noMajority(Throwable failure) {
    return named(failure, "") instanceof BankException e && e.error() == BankError.NO_MAJORITY;
  }
}
