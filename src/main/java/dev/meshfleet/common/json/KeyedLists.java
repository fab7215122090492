package dev.meshfleet.common.json;

import java.util.Map;

/**
 * The lists of Meshfleet's JSON documents that are sets: each item is identified by a key field, so their order means
 * nothing. The intent's canonical form sorts them, and {@link JsonDiff} names their items by key ({@code services[web]})
 * rather than by position, in intent diffs, plans and the agent's drift reports alike.
 */
public final class KeyedLists {
    /** Field name of a set-like list, to the item field that identifies an item. */
    private static final Map<String, String> KEYS = Map.ofEntries(
            Map.entry("services", "name"),
            Map.entry("versions", "name"),
            Map.entry("gateways", "name"),
            Map.entry("routes", "name"),
            Map.entry("policies", "name"),
            Map.entry("workloads", "name"),
            Map.entry("namespaces", "namespace"),
            Map.entry("ports", "number"),
            Map.entry("resources", "kind"),
            Map.entry("serviceEntries", "name"),
            Map.entry("egress", "name"));

    private KeyedLists() {
    }

    /** The field that identifies the items of a set-like list, or null when the list field is not one. */
    public static String keyField(String listField) {
        return KEYS.get(listField);
    }

    /** The identifying field to name items by in a diff, or null when items are named by position. */
    public static String diffKey(String listField) {
        // raw resources are identified by kind plus namespace and name, so one field cannot name them
        return listField.equals("resources") ? null : KEYS.get(listField);
    }
}
