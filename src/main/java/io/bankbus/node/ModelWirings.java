package io.bankbus.node;

import io.bankbus.cashier.ModelWiring;
import io.bankbus.messagepassing.MessagePassingWiring;
import io.bankbus.protocol.BankModel;
import io.bankbus.sharedstate.SharedStateWiring;
import java.util.Arrays;
import java.util.List;

/** The one place that names each model's package: a node asks for its wirings here and knows nothing more. */
final class ModelWirings {
  private ModelWirings() {
  }

  /** One wiring per model, fresh for one node, in {@link BankModel} order. */
  static List<ModelWiring> forNode(NodeOptions options) {
    return Arrays.stream(BankModel.values()).map(model -> of(model, options)).toList();
  }

  static ModelWiring of(BankModel model, NodeOptions options) {
    return switch (model) {
      case MESSAGE_PASSING -> new MessagePassingWiring(options.shards(), options.models().contains(model));
      case SHARED_STATE -> SharedStateWiring.locked();
      case UNLOCKED_SHARED_STATE -> SharedStateWiring.unlocked();
    };
  }
}
