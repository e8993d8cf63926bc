package io.bankbus.contract;

import io.bankbus.messagepassing.ShardMap;
import io.bankbus.protocol.Addresses;
import io.bankbus.protocol.BankError;
import io.bankbus.protocol.BankModel;
import io.bankbus.protocol.OpType;
import io.bankbus.protocol.Operation;
import io.bankbus.rules.BankRules;
import io.bankbus.support.Banks;
import io.bankbus.support.TestBank;
import io.vertx.core.Future;
import io.vertx.junit5.VertxTestContext;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The bad-input suite across a two-node cluster: customers on one node, the branch and cashiers on the other. */
class ClusteredBadInputIT extends BadInputSuite {
  /** Node B's ledger shards ({@link Banks#clustered}): a message to them crosses the wire from the customers' node. */
  private static final int FIRST_SHARD_OF_B = 4;

  @Override
  protected Future<TestBank> startBank() {
    return Banks.clustered("bad-input", 2, BankRules.DEFAULTS);
  }

  /**
   * Operations in the ledger's binary form that the ledger must refuse, forged as records (whose constructor checks
   * nothing) and encoded by the bank's own codec: the owner's node decodes them and refuses them before the owner.
   */
  static Stream<BadInput> binaryLedgerCases() {
    return Stream.of(
        bad("binary: zero deposit", (v, x) -> new Operation(OpType.DEPOSIT, id(), x.a(), null, 0),
            BankError.INVALID_MESSAGE),
        bad("binary: account not an id", (v, x) -> new Operation(OpType.CREDIT, id() + "/credit", x.a() + " !",
            x.b(), 5), BankError.INVALID_MESSAGE),
        bad("binary: leg without an id", (v, x) -> new Operation(OpType.DEBIT, null, x.a(), x.b(), 5),
            BankError.INVALID_MESSAGE),
        bad("binary: debit to itself", (v, x) -> new Operation(OpType.DEBIT, id() + "/debit", x.a(), x.a(), 5),
            BankError.INVALID_MESSAGE),
        bad("binary: negative credit", (v, x) -> new Operation(OpType.CREDIT, id() + "/credit", x.a(), x.b(), -1_000),
            BankError.INVALID_MESSAGE));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("binaryLedgerCases")
  @DisplayName("a ledger shard on another node refuses a forged binary operation as it is decoded, without effect")
  void binaryLedger(BadInput c, VertxTestContext ctx) {
    Accounts x = onNodeB();
    int shard = new ShardMap(bank.rules().ledgerShards()).shardOf(x.a());
    refusedWithoutEffect(ctx, BankModel.MESSAGE_PASSING, c, x, visit -> bank.customers().eventBus()
        .request(Addresses.ledgerShard(shard), c.body().apply(null, x), TIMEOUT));
  }

  /** Two fresh accounts, the first on a shard of node B. */
  private Accounts onNodeB() {
    while (true) {
      Accounts x = new Accounts("a" + id(), "b" + id());
      if (new ShardMap(bank.rules().ledgerShards()).shardOf(x.a()) >= FIRST_SHARD_OF_B) {
        return x;
      }
    }
  }
}
