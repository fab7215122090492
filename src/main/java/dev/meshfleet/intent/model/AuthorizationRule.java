package dev.meshfleet.intent.model;

import java.util.List;

/** A rule matches when any source, any operation and every condition match. */
public record AuthorizationRule(List<AuthorizationSource> from, List<AuthorizationOperation> to, List<AuthorizationCondition> when) {
}
