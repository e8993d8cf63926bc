package io.bankbus.customer;

import io.bankbus.protocol.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One customer's stream of visits, drawn from the workload with a random generator seeded by the workload's
 * seed and the customer's number, so the same seed replays the same visits. Account and operation ids carry the
 * run's tag, so runs against the same cluster never share an id.
 */
public final class WorkloadGenerator {
  private final Workload workload;
  private final String runTag;
  private final int customer;
  private final SplittableRandom random;
  private long sequence;

  public WorkloadGenerator(Workload workload, String runTag, int customer) {
    this.workload = workload;
    this.runTag = runTag;
    this.customer = customer;
    this.random = new SplittableRandom(workload.seed() * 1_000_003L + customer);
  }

  public static String account(String runTag, int i) {
    return runTag + "-a" + i;
  }

  /** The operations that open every account of the workload, with ids of their own. */
  public static List<Operation> openings(Workload workload, String runTag) {
    List<Operation> opens = new ArrayList<>();
    for (int i = 0; i < workload.accounts(); i++) {
      opens.add(Operation.open(runTag + "-open-" + i, account(runTag, i), workload.openingCents()));
    }
    return opens;
  }

  public List<Operation> nextVisit() {
    List<Operation> ops = new ArrayList<>(workload.opsPerVisit());
    for (int i = 0; i < workload.opsPerVisit(); i++) {
      ops.add(nextOperation());
    }
    return ops;
  }

  private Operation nextOperation() {
    String opId = runTag + "-c" + customer + "-" + sequence++;
    String account = pickAccount();
    long amount = 1 + random.nextLong(workload.maxAmountCents());
    Workload.Mix mix = workload.mix();
    int roll = random.nextInt(mix.total());
    if ((roll -= mix.deposit()) < 0) {
      return Operation.deposit(opId, account, amount);
    }
    if ((roll -= mix.withdraw()) < 0) {
      return Operation.withdraw(opId, account, amount);
    }
    if (roll - mix.transfer() < 0) {
      return Operation.transfer(opId, account, pickOtherThan(account), amount);
    }
    return Operation.balance(account);
  }

  /**
   * A transfer's other account. When every operation aims at one hot account, drawing again could never give
   * another one: the transfer then goes to a cold account, so each transfer still touches the hot one.
   */
  private String pickOtherThan(String account) {
    if (workload.hotAccounts() == 1 && workload.hotShare() >= 1) {
      return account(runTag, 1 + random.nextInt(workload.accounts() - 1));
    }
    String to = pickAccount();
    while (to.equals(account)) {
      to = pickAccount();
    }
    return to;
  }

  private String pickAccount() {
    int hot = workload.hotAccounts();
    boolean toHot = hot >= workload.accounts() || random.nextDouble() < workload.hotShare();
    int index = toHot ? random.nextInt(hot) : hot + random.nextInt(workload.accounts() - hot);
    return account(runTag, index);
  }
}
