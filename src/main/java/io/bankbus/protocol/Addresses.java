package io.bankbus.protocol;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Every event-bus address of the bank, built in one place. docs/protocol.md documents each.
 *
 * <pre>
 * bankbus.&lt;model&gt;.tickets                 customer takes a ticket; the reply comes when a cashier calls it
 * bankbus.&lt;model&gt;.branch.&lt;branch&gt;.ready   node-local: a free cashier asks its branch for the next customer
 * bankbus.&lt;model&gt;.lines                   published by each branch with a line: its length and oldest wait
 * bankbus.&lt;model&gt;.branch.&lt;branch&gt;.handoff another branch of the model takes customers from this one's line
 * bankbus.&lt;model&gt;.cashier.&lt;cashier&gt;.call  node-local: the branch hands a free cashier its next customer
 * bankbus.&lt;model&gt;.cashier.&lt;cashier&gt;       a called customer sends the visit's operations here
 * bankbus.ledger.&lt;shard&gt;                  the owner of one ledger shard (message-passing model)
 * bankbus.ledger.copies.&lt;node id&gt;        a node's copies of the shards it follows: fills and batches
 * bankbus.&lt;model&gt;.branch.&lt;branch&gt;.status  node-local: the branch's waiting room, for the node's status
 * bankbus.&lt;model&gt;.cashier.&lt;cashier&gt;.status node-local: whom a cashier serves, for the node's status
 * bankbus.node.&lt;node id&gt;.heap             a node's heap, optionally after a full GC (soak measurements)
 * bankbus.status                           published by every node each second: its branches and cashiers
 * bankbus.audits                           published by a load run after each audit: model and verdict
 * </pre>
 */
public final class Addresses {
  public static final String PREFIX = "bankbus.";

  private Addresses() {
  }

  public static String tickets(BankModel model) {
    return PREFIX + model.wire() + ".tickets";
  }

  public static String branchReady(BankModel model, String branchId) {
    return PREFIX + model.wire() + ".branch." + branchId + ".ready";
  }

  /** Published by every branch of {@code model} with customers waiting: {@link LineReport}. */
  public static String lines(BankModel model) {
    return PREFIX + model.wire() + ".lines";
  }

  /** Where the other branches of {@code model} take customers from this branch's line: {@link Handoff}. */
  public static String branchHandoff(BankModel model, String branchId) {
    return PREFIX + model.wire() + ".branch." + branchId + ".handoff";
  }

  /** Whether {@code address} is a cashier's visit address of {@code model} ({@link #cashier}). */
  public static boolean isCashier(BankModel model, String address) {
    return address != null && address.startsWith(PREFIX + model.wire() + ".cashier.") && customerFacing(address);
  }

  public static String cashier(BankModel model, String cashierId) {
    return PREFIX + model.wire() + ".cashier." + cashierId;
  }

  /** Node-local: the branch calls a cashier of its own node. Not reachable from other nodes. */
  public static String cashierCall(BankModel model, String cashierId) {
    return PREFIX + model.wire() + ".cashier." + cashierId + ".call";
  }

  public static String ledgerShard(int shard) {
    return PREFIX + "ledger." + shard;
  }

  /** The copies a node holds of the ledger shards it follows: owners send them their batches here. */
  public static String shardCopies(String nodeId) {
    return PREFIX + "ledger.copies." + nodeId;
  }

  /**
   * One node's ledger answers, second by second ({@code {"node", "seconds": [[startMs, count], ...]}}): what its
   * shard owners answered with an outcome. A load run that cut the network asks the nodes that were cut off.
   */
  public static String ledgerAnswers(String nodeId) {
    return PREFIX + "ledger.answers." + nodeId;
  }

  /**
   * How many transfers one node's message-passing teller is still finishing after answering their customers
   * ({@code {"node", "finishing": n}}): the load waits for none before it audits.
   */
  public static String transfersFinishing(String nodeId) {
    return PREFIX + "ledger.finishing." + nodeId;
  }

  /** One node's heap figures; {@code nodeId} is its cluster node id. */
  public static String nodeHeap(String nodeId) {
    return PREFIX + "node." + nodeId + ".heap";
  }

  /** Node-local: a branch's waiting room, for the node's status. */
  public static String branchStatus(BankModel model, String branchId) {
    return PREFIX + model.wire() + ".branch." + branchId + ".status";
  }

  /** Node-local: a cashier's current visit, for the node's status. */
  public static String cashierStatus(BankModel model, String cashierId) {
    return PREFIX + model.wire() + ".cashier." + cashierId + ".status";
  }

  /** Published by every node each second; read-only, the one address the browser bridge lets out. */
  public static final String STATUS = PREFIX + "status";

  /** Published by a load run after each audit: {@code {"model", "passed"}}. */
  public static final String AUDITS = PREFIX + "audits";

  /**
   * The addresses a customer from outside the cluster may send to, as whole-address regexes for the bridges'
   * permitted lists: every model's ticket address and its cashiers' visit addresses. A balance read is an
   * operation sent to the cashier, so it needs no address of its own. A cashier's id is its branch and a number
   * ({@code <branch>.<n>}), which keeps its node-local {@code .call} and {@code .status} addresses out.
   * Both bridges (TCP and the browser's SockJS) take their inbound list from here and nothing else.
   */
  public static List<String> customerAddressRegexes() {
    String models = Arrays.stream(BankModel.values()).map(m -> Pattern.quote(m.wire()))
        .collect(Collectors.joining("|", "(?:", ")"));
    String prefix = Pattern.quote(PREFIX) + models;
    return List.of(prefix + Pattern.quote(".tickets"), prefix + Pattern.quote(".cashier.") + "[A-Za-z0-9_]{1,64}\\.[0-9]{1,4}");
  }

  /** Whether a customer outside the cluster may send to {@code address}: it matches {@link #customerAddressRegexes}. */
  public static boolean customerFacing(String address) {
    return address != null && CUSTOMER_PATTERNS.stream().anyMatch(p -> p.matcher(address).matches());
  }

  private static final List<Pattern> CUSTOMER_PATTERNS = customerAddressRegexes().stream().map(Pattern::compile).toList();
}
