package io.bankbus.audit;

import io.vertx.core.json.JsonObject;

/**
 * The audit's findings. {@link #passed()} only when every count is zero and the totals agree.
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
 */
public record AuditResult(long expectedTotal, long actualTotal, int negativeBalances, int missingApplications,
                          int duplicateApplications, int refusedButApplied, int accountsOffJournal,
                          long lostUpdates) {

  public boolean passed() {
    return expectedTotal == actualTotal && negativeBalances == 0 && missingApplications == 0
        && duplicateApplications == 0 && refusedButApplied == 0 && accountsOffJournal == 0 && lostUpdates == 0;
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
        .put("lostUpdates", lostUpdates);
  }
}
