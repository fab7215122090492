package dev.meshfleet.intent.model;

import java.util.List;
import java.util.Map;

/** A TCP match. */
public record L4Match(Integer port, List<String> destinationSubnets, Map<String, String> sourceLabels) {
}
