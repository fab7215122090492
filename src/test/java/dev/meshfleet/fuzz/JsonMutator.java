package dev.meshfleet.fuzz;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * jqwik arbitraries that mutate a valid JSON document the way a careless client or an attacker would: drop, duplicate
 * or replace a field, nulls inside lists, wrong types, huge numbers, NUL characters, deep nesting, odd unicode. The
 * result is JSON text (duplicate keys can only be expressed as text); YAML endpoints take it as YAML, a superset.
 */
final class JsonMutator {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonMutator() {
    }

    /** A mutated document (1 to 3 mutations of the original) as JSON text. */
    static Arbitrary<String> mutants(JsonNode original) {
        List<String> paths = new ArrayList<>();
        collect(original, "", paths);
        Arbitrary<Mutation> one = Combinators.combine(Arbitraries.of(paths), Arbitraries.of(Kind.values()), values(),
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12)).as(Mutation::new);
        return one.list().ofMinSize(1).ofMaxSize(3).map(mutations -> {
            JsonNode doc = original.deepCopy();
            Duplicate dup = null;
            for (Mutation m : mutations) {
                JsonNode[] holder = { doc };
                Duplicate d = apply(holder, m);
                doc = holder[0];
                dup = d != null ? d : dup;
            }
            return write(doc, dup);
        });
    }

    enum Kind {
        DROP, DUPLICATE, REPLACE, NULL_IN_LIST, ADD_UNKNOWN, WRAP_IN_LIST
    }

    record Mutation(String path, Kind kind, JsonNode value, String name) {
    }

    record Duplicate(ObjectNode in, String key) {
    }

    /** Replacement values: nulls, wrong types, extremes, NUL characters, unicode, deep nesting. */
    static Arbitrary<JsonNode> values() {
        Arbitrary<JsonNode> scalars = Arbitraries.of(
                NODES.nullNode(), NODES.textNode(""), NODES.textNode("a\u0000b"), NODES.textNode("\u0000"),
                NODES.numberNode(0), NODES.numberNode(-1), NODES.numberNode(Long.MAX_VALUE),
                NODES.numberNode(new java.math.BigInteger("99999999999999999999999999999999999999")),
                NODES.numberNode(1e308), NODES.numberNode(-1e308), NODES.numberNode(Double.MIN_VALUE),
                NODES.numberNode(2147483648L), NODES.numberNode(0.5), NODES.booleanNode(true), NODES.booleanNode(false),
                NODES.textNode("true"), NODES.textNode("1e999"), NODES.textNode("NaN"), NODES.textNode("-0"),
                NODES.textNode("💥🚀"), NODES.textNode("\u202Eevil\u202C"), NODES.textNode("e\u0301\u0301\u0301"),
                NODES.textNode("\uFEFFbom"), NODES.textNode("Ω≈ç√∫"), NODES.textNode("../../etc/passwd"),
                NODES.textNode("%00%zz"), NODES.textNode("a b\tc\nd"), NODES.textNode("*"), NODES.textNode("v1"),
                NODES.textNode("payment-service"), NODES.textNode("' OR 1=1 --"), NODES.textNode("${jndi:ldap://x}"),
                NODES.objectNode(), NODES.arrayNode(), NODES.arrayNode().addNull(),
                NODES.objectNode().putNull("x"));
        Arbitrary<JsonNode> longText = Arbitraries.strings().withCharRange('a', 'z').ofLength(10_000).map(TextNode::new);
        Arbitrary<JsonNode> unicode = Arbitraries.strings().all().ofMinLength(1).ofMaxLength(40).map(TextNode::new);
        Arbitrary<JsonNode> deep = Arbitraries.of(50, 500, 2000).map(JsonMutator::nested);
        Arbitrary<JsonNode> bigList = Arbitraries.of(1000, 20_000).map(n -> {
            ArrayNode a = NODES.arrayNode();
            for (int i = 0; i < n; i++) {
                a.add("x" + i);
            }
            return a;
        });
        Arbitrary<JsonNode> bigMap = Arbitraries.of(5000).map(n -> {
            ObjectNode o = NODES.objectNode();
            for (int i = 0; i < n; i++) {
                o.put("k" + i, "v");
            }
            return o;
        });
        return Arbitraries.frequencyOf(Tuple.of(12, scalars), Tuple.of(2, longText), Tuple.of(3, unicode),
                Tuple.of(1, deep), Tuple.of(1, bigList), Tuple.of(1, bigMap));
    }

    private static JsonNode nested(int depth) {
        JsonNode node = NODES.textNode("deep");
        for (int i = 0; i < depth; i++) {
            node = i % 2 == 0 ? NODES.arrayNode().add(node) : NODES.objectNode().set("a", node);
        }
        return node;
    }

    /** Paths of every node ("" is the root), as field names and indexes separated by '/'. */
    private static void collect(JsonNode node, String path, List<String> out) {
        out.add(path);
        if (node.isObject()) {
            node.fieldNames().forEachRemaining(f -> collect(node.get(f), path + "/" + f, out));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), path + "/" + i, out);
            }
        }
    }

    private static Duplicate apply(JsonNode[] root, Mutation given) {
        // values are shared constants: each mutation works on its own copy
        Mutation m = new Mutation(given.path(), given.kind(), given.value().deepCopy(), given.name());
        String path = m.path();
        if (path.isEmpty()) { // the root itself: replace, wrap or add to it
            if (m.kind() == Kind.REPLACE) {
                root[0] = m.value();
            } else if (m.kind() == Kind.WRAP_IN_LIST) {
                root[0] = NODES.arrayNode().add(root[0]);
            } else if (root[0] instanceof ObjectNode o) {
                o.set(m.name(), m.value());
            }
            return null;
        }
        int slash = path.lastIndexOf('/');
        JsonNode parent = root[0].at(path.substring(0, slash));
        String last = path.substring(slash + 1);
        if (parent instanceof ObjectNode o && o.has(last)) {
            JsonNode current = o.get(last);
            switch (m.kind()) {
                case DROP -> o.remove(last);
                case DUPLICATE -> {
                    return new Duplicate(o, last);
                }
                case REPLACE -> o.set(last, m.value());
                case NULL_IN_LIST -> o.set(last, current.isArray() ? ((ArrayNode) current).addNull()
                        : NODES.arrayNode().add(current).addNull());
                case ADD_UNKNOWN -> {
                    if (current instanceof ObjectNode inner) {
                        inner.set(m.name(), m.value());
                    } else {
                        o.set(m.name(), m.value());
                    }
                }
                case WRAP_IN_LIST -> o.set(last, NODES.arrayNode().add(current));
            }
        } else if (parent instanceof ArrayNode a && last.matches("\\d+") && Integer.parseInt(last) < a.size()) {
            int i = Integer.parseInt(last);
            switch (m.kind()) {
                case DROP -> a.remove(i);
                case DUPLICATE -> a.insert(i, a.get(i).deepCopy());
                case REPLACE -> a.set(i, m.value());
                case NULL_IN_LIST -> a.insertNull(i);
                case ADD_UNKNOWN -> {
                    if (a.get(i) instanceof ObjectNode inner) {
                        inner.set(m.name(), m.value());
                    } else {
                        a.add(m.value());
                    }
                }
                case WRAP_IN_LIST -> a.set(i, NODES.arrayNode().add(a.get(i)));
            }
        }
        return null;
    }

    /** JSON text; with a duplicate, that object carries its key twice (the second time with the same value). */
    static String write(JsonNode node, Duplicate dup) {
        StringBuilder out = new StringBuilder();
        write(node, dup, out);
        return out.toString();
    }

    private static void write(JsonNode node, Duplicate dup, StringBuilder out) {
        if (node instanceof ObjectNode o) {
            out.append('{');
            boolean first = true;
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                int times = dup != null && dup.in() == o && dup.key().equals(e.getKey()) ? 2 : 1;
                for (int t = 0; t < times; t++) {
                    out.append(first ? "" : ",").append(TextNode.valueOf(e.getKey())).append(':');
                    write(e.getValue(), dup, out);
                    first = false;
                }
            }
            out.append('}');
        } else if (node instanceof ArrayNode a) {
            out.append('[');
            for (int i = 0; i < a.size(); i++) {
                out.append(i == 0 ? "" : ",");
                write(a.get(i), dup, out);
            }
            out.append(']');
        } else {
            out.append(node.toString());
        }
    }
}
