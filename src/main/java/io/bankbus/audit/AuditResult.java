package io.bankbus.audit;

import io.vertx.core.json.JsonObject;

/**
 * The audit's findings. {@link #passed()} only when every count is zero and the totals agree.
 *
 * <p>Two modes. {@link Mode#OPERATIONS}: every acknowledged and refused operation was kept and is checked by
 * its id in the journal (runs shorter than the bank's dedup window). {@link Mode#BALANCES}: for longer runs, whose
 * oldest ids and journal entries the bank has forgotten by design, each account's balance is checked against
 * the sum of what its customers were told; an operation applied twice or lost shows as an account off, but
 * which operation it was is not known, and lost updates are not counted one by one ({@code lostUpdates} 0).
 *
 * @param expectedTotal          opening total + acknowledged openings and deposits - acknowledged withdrawals
 * @param actualTotal            sum of all balances read back
 * @param negativeBalances       accounts below zero
 * @param missingApplications    acknowledged operations not found in the journal exactly once
 * @param duplicateApplications  extra applications of an operation id to an account
 * @param refusedButApplied      refused operations that nevertheless changed a balance
 * @param accountsOffJournal     accounts whose balance differs from the sum of their journal entries
 * @param lostUpdates            acknowledged operations whose effect is gone: missing from the journal, or
 *                               recorded but overwritten (counted from write counts where the model keeps them)
 * @param accountsOff            accounts whose balance differs from opening + what acknowledged operations (and
 *                               unknown ones the journal shows applied) did to them
 * @param mode                   what the audit could check one by one
 */
public record AuditResult(long expectedTotal, long actualTotal, int negativeBalances, int missingApplications,
                          int duplicateApplications, int refusedButApplied, int accountsOffJournal,
                          long lostUpdates, int accountsOff, Mode mode) {

  /** See the class comment. */
  public enum Mode {
    OPERATIONS, BALANCES;

    public String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public boolean passed() {
    return expectedTotal == actualTotal && negativeBalances == 0 && missingApplications == 0
        && duplicateApplications == 0 && refusedButApplied == 0 && accountsOffJournal == 0 && lostUpdates == 0
        && accountsOff == 0;
  }

  /** Lost updates as a count, or {@code null} where the mode cannot count them one by one. */
  public Long lostUpdatesCounted() {
    return mode == Mode.OPERATIONS ? lostUpdates : null;
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("passed", passed())
        .put("expectedTotal", expectedTotal)
        .put("actualTotal", actualTotal)
        .put("negativeBalances", negativeBalances)
        .put("missingApplications", missingApplications)
        .put("duplicateApplications", duplicateApplications)
        .put("refusedButApplied", refusedButApplied)
        .put("accountsOffJournal", accountsOffJournal)
        .put("lostUpdates", lostUpdatesCounted())
        .put("accountsOff", accountsOff)
        .put("mode", mode.wire());
  }
}
