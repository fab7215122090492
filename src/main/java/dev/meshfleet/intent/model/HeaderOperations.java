package dev.meshfleet.intent.model;

import java.util.List;
import java.util.Map;

/** Header changes in one direction: overwrite (set), append (add) and remove headers by name. */
public record HeaderOperations(Map<String, String> set, Map<String, String> add, List<String> remove) {
}
