package dev.meshfleet.protocol;

import java.util.UUID;

/** A rollout weight generation the applied bundle carried (see {@link RolloutWeight}). */
public record AppliedWeight(UUID id, Long generation) {
}
