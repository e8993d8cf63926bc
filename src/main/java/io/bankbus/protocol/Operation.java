package io.bankbus.protocol;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * One bank operation as it travels from customer to cashier to ledger.
 *
 * <p>Wire form: {@code {"op": "transfer", "opId": "c7-42", "account": "a1", "to": "a2", "amount": 500}}.
 * {@code opId} is required on every mutating operation and is what makes a retry safe; {@code to} only on
 * transfers (and, as the counterparty, on the ledger-internal debit and credit legs); {@code amount}
 * (integer cents) on everything but {@code balance}.
 *
 * @param type    the operation
 * @param opId    the customer's operation id; {@code null} for balance reads
 * @param account the account acted on (the source of a transfer)
 * @param to      the destination of a transfer, else {@code null}
 * @param amount  cents; 0 for balance reads
 */
public record Operation(OpType type, String opId, String account, String to, long amount) implements WireBody {

  public Operation {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(account, "account");
  }

  public static Operation open(String opId, String account, long amount) {
    return new Operation(OpType.OPEN, opId, account, null, amount);
  }

  public static Operation deposit(String opId, String account, long amount) {
    return new Operation(OpType.DEPOSIT, opId, account, null, amount);
  }

  public static Operation withdraw(String opId, String account, long amount) {
    return new Operation(OpType.WITHDRAW, opId, account, null, amount);
  }

  public static Operation transfer(String opId, String from, String to, long amount) {
    return new Operation(OpType.TRANSFER, opId, from, to, amount);
  }

  public static Operation balance(String account) {
    return new Operation(OpType.BALANCE, null, account, null, 0);
  }

  /**
   * One leg of this cross-shard transfer: a debit or credit of {@code legAccount}, with its own derived
   * operation id. {@code to} carries the counterparty, so reusing a transfer's id for another transfer is
   * caught as a conflict by the first leg instead of moving money twice.
   */
  public Operation leg(OpType legType, String legAccount, String counterparty, String suffix) {
    return new Operation(legType, opId + "/" + suffix, legAccount, counterparty, amount);
  }

  /** The customer's operation id this one belongs to: the id itself, or the transfer's id for a leg. */
  public String baseOpId() {
    int slash = opId == null ? -1 : opId.indexOf('/');
    return slash < 0 ? opId : opId.substring(0, slash);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("op", type.wire()).put("account", account);
    if (opId != null) {
      json.put("opId", opId);
    }
    if (to != null) {
      json.put("to", to);
    }
    if (type != OpType.BALANCE) {
      json.put("amount", amount);
    }
    return json;
  }

  /**
   * Parses and validates the shape of an operation (not the bank's rules: limits and balances are checked
   * where they live). Ledger-internal operations are accepted only when {@code internal} is true; their
   * operation ids may contain the '/' that marks a leg.
   */
  public static Operation fromJson(JsonObject json, boolean internal) {
    String wire = JsonFields.string(json, "op");
    OpType type = OpType.ofWire(wire);
    if (type == null || (!internal && !type.customerFacing())) {
      throw BankError.UNKNOWN_OPERATION.exception("unknown operation '" + JsonFields.abbreviate(wire) + "'");
    }
    String account = JsonFields.id(json, "account");
    if (type == OpType.BALANCE) {
      return balance(account);
    }
    String opId = internal ? legId(JsonFields.string(json, "opId")) : JsonFields.id(json, "opId");
    long amount = JsonFields.integer(json, "amount");
    String to = type.hasCounterparty() ? JsonFields.id(json, "to") : null;
    return checked(type, opId, account, to, amount);
  }

  /**
   * An operation of the ledger's internal form decoded from a binary message (the bank's own codec between cashier,
   * owner and follower), validated as {@link #fromJson} validates an internal one; {@code null} strings are absent
   * fields.
   */
  public static Operation fromWire(String wire, String opId, String account, String to, long amount) {
    OpType type = OpType.ofWire(wire);
    if (type == null) {
      throw BankError.UNKNOWN_OPERATION.exception("unknown operation '" + JsonFields.abbreviate(wire) + "'");
    }
    if (account == null || !JsonFields.isId(account)) {
      throw BankError.INVALID_FIELD.exception("field 'account' is not a valid id: '"
          + JsonFields.abbreviate(String.valueOf(account)) + "'");
    }
    if (type == OpType.BALANCE) {
      return balance(account);
    }
    if (opId == null) {
      throw BankError.MISSING_FIELD.exception("field 'opId' is required");
    }
    if (type.hasCounterparty() && (to == null || !JsonFields.isId(to))) {
      throw BankError.INVALID_FIELD.exception("field 'to' is not a valid id: '" + JsonFields.abbreviate(String.valueOf(to))
          + "'");
    }
    return checked(type, legId(opId), account, type.hasCounterparty() ? to : null, amount);
  }

  /** The checks that follow the fields' own: a positive amount (zero opens), two different accounts. */
  private static Operation checked(OpType type, String opId, String account, String to, long amount) {
    if (amount < 0 || (amount == 0 && type != OpType.OPEN)) {
      throw BankError.INVALID_AMOUNT.exception("amount must be " + (type == OpType.OPEN ? "zero or more" : "positive")
          + " cents, got " + amount);
    }
    if (to != null && to.equals(account)) {
      throw BankError.INVALID_FIELD.exception("a transfer needs two different accounts, got '" + to + "' twice");
    }
    return new Operation(type, opId, account, to, amount);
  }

  private static String legId(String opId) {
    int slash = opId.indexOf('/');
    String base = slash < 0 ? opId : opId.substring(0, slash);
    if (!JsonFields.isId(base) || opId.length() > 80) {
      throw BankError.INVALID_FIELD.exception("field 'opId' is not a valid operation id: '" + JsonFields.abbreviate(opId) + "'");
    }
    return opId;
  }
}
