package io.bankbus.messagepassing;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Which ledger shards a node offers to own: {@code auto} (every shard no live node owns yet), {@code none},
 * or a list such as {@code 0-3,6}.
 */
public record ShardSelection(boolean auto, List<Integer> shards) {
  public static final ShardSelection AUTO = new ShardSelection(true, List.of());
  public static final ShardSelection NONE = new ShardSelection(false, List.of());

  public ShardSelection {
    shards = List.copyOf(shards);
  }

  public static ShardSelection of(List<Integer> shards) {
    return new ShardSelection(false, shards);
  }

  /** The shards to try for a bank of {@code total} shards; fails if a listed shard does not exist. */
  public List<Integer> candidates(int total) {
    if (auto) {
      List<Integer> all = new ArrayList<>();
      for (int i = 0; i < total; i++) {
        all.add(i);
      }
      return all;
    }
    for (int shard : shards) {
      if (shard >= total) {
        throw new IllegalArgumentException("shard " + shard + " does not exist: the bank has " + total
            + " ledger shards (0-" + (total - 1) + ")");
      }
    }
    return shards;
  }

  /** Parses {@code auto}, {@code none} or a comma-separated list of shards and ranges. */
  public static ShardSelection parse(String text) {
    String t = text.trim();
    if (t.equals("auto")) {
      return AUTO;
    }
    if (t.equals("none")) {
      return NONE;
    }
    TreeSet<Integer> shards = new TreeSet<>();
    for (String part : t.split(",", -1)) {
      String p = part.trim();
      int dash = p.indexOf('-');
      try {
        int from = Integer.parseInt(dash < 0 ? p : p.substring(0, dash).trim());
        int to = dash < 0 ? from : Integer.parseInt(p.substring(dash + 1).trim());
        if (from < 0 || to < from || to > 1023) {
          throw new NumberFormatException();
        }
        for (int i = from; i <= to; i++) {
          shards.add(i);
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + text + "' is not 'auto', 'none' or a list of shards such as 0-3,6"
            + " (shards 0-1023)");
      }
    }
    return of(new ArrayList<>(shards));
  }

  @Override
  public String toString() {
    return auto ? "auto" : shards.isEmpty() ? "none" : shards.toString();
  }
}
