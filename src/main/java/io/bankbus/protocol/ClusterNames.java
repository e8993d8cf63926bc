package io.bankbus.protocol;

/**
 * The names of everything the bank keeps in the cluster besides event-bus addresses ({@link Addresses}): the
 * clustered maps, the lock names and the worker pools. Two nodes agree on them, so they are built in one place.
 *
 * <pre>
 * bankbus.rules                         map: the rules in force, adopted by every node that joins
 * bankbus.ledger.owners                 map: ledger shard -> owner, follower, epoch (message passing)
 * bankbus.ledger.copy-hosts             map: nodes that can follow ledger shards (message passing)
 * bankbus.&lt;model&gt;.accounts              map: account -> balance and last writes (shared state)
 * bankbus.&lt;model&gt;.applied               map: operation id -> claim or done record (shared state)
 * bankbus.&lt;model&gt;.sweepers              map: nodes that sweep what departed nodes left pending (shared state)
 * bankbus.&lt;model&gt;.account.&lt;account&gt;     lock: one account's cluster-wide lock (shared state)
 * bankbus.&lt;model&gt;.cashiers              worker pool: the model's cashiers on a node (shared state)
 * bankbus.&lt;model&gt;.lock-waits            worker pool: threads that wait for account locks (shared state)
 * __vertx.map.lock                      map: Vert.x's own, where every cluster-wide lock is an IMap key lock
 * </pre>
 */
public final class ClusterNames {
  public static final String RULES_MAP = Addresses.PREFIX + "rules";
  public static final String SHARD_OWNERS_MAP = Addresses.PREFIX + "ledger.owners";
  public static final String COPY_HOSTS_MAP = Addresses.PREFIX + "ledger.copy-hosts";
  /**
   * Not ours: the Hazelcast map in which vertx-hazelcast 5.0.x takes every {@code SharedData} cluster lock
   * ({@code IMap.tryLock(name)} in its {@code HazelcastObjectProviderImpl}). Named here so the bank's Hazelcast
   * config can protect it; a later vertx-hazelcast may rename it (HazelcastConfigsTest reads it from the jar).
   */
  public static final String VERTX_LOCK_MAP = "__vertx.map.lock";

  private ClusterNames() {
  }


  public static String balancesMap(BankModel model) {
    return Addresses.PREFIX + model.wire() + ".accounts";
  }

  public static String appliedMap(BankModel model) {
    return Addresses.PREFIX + model.wire() + ".applied";
  }

  public static String sweepersMap(BankModel model) {
    return Addresses.PREFIX + model.wire() + ".sweepers";
  }

  /** Prefix of the account locks: the lock of account {@code a} is this followed by {@code a}. */
  public static String accountLockPrefix(BankModel model) {
    return Addresses.PREFIX + model.wire() + ".account.";
  }

  public static String cashierPool(BankModel model) {
    return Addresses.PREFIX + model.wire() + ".cashiers";
  }

  public static String lockWaitPool(BankModel model) {
    return Addresses.PREFIX + model.wire() + ".lock-waits";
  }
}
