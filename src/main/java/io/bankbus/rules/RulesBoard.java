package io.bankbus.rules;

import io.bankbus.protocol.ClusterNames;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the bank's rules once per cluster: the first node to start writes its rules with
 * {@code putIfAbsent}; every later node adopts what is there. After that, rules are plain immutable data
 * handed to the verticles, so reading them costs nothing and needs no lock.
 */
public final class RulesBoard {
  static final String MAP = ClusterNames.RULES_MAP;
  private static final String KEY = "rules";
  private static final Logger LOG = LoggerFactory.getLogger(RulesBoard.class);

  private RulesBoard() {
  }

  /** The rules in force in the cluster, or {@code null} if no node has published any yet. */
  public static Future<BankRules> current(Vertx vertx) {
    return vertx.sharedData().<String, JsonObject>getAsyncMap(MAP).compose(map -> map.get(KEY))
        .map(json -> json == null ? null : BankRules.fromJson(json));
  }

  /** The rules in force: {@code proposed} if this node is first, else the cluster's (with a warning if they differ). */
  public static Future<BankRules> publishOrAdopt(Vertx vertx, BankRules proposed) {
    return vertx.sharedData().<String, JsonObject>getAsyncMap(MAP)
        .compose(map -> map.putIfAbsent(KEY, proposed.toJson()))
        .map(existing -> {
          if (existing == null) {
            return proposed;
          }
          BankRules adopted = BankRules.fromJson(existing);
          if (!adopted.equals(proposed)) {
            LOG.warn("This node asked for rules {} but the bank already runs with {}; adopting the bank's rules",
                proposed.toJson().encode(), existing.encode());
          }
          return adopted;
        });
  }
}
