package dev.meshfleet.render.cli;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import dev.meshfleet.intent.IntentCodec;

/**
 * Looks at what an input file holds before the strict codec reads it as intent, so that a file which is not one intent
 * is named for what it is: no document at all (empty, or only comments), several YAML documents, a list, or a resource
 * of another kind, such as an Istio VirtualService (which the codec would refuse as "unknown field 'hosts'"). Empty
 * documents around the one document (a leading or trailing {@code ---}) are dropped as kubectl drops them. Pure.
 */
final class IntentDocuments {
    static final String INTENT = "Meshfleet intent (apiVersion " + IntentCodec.API_VERSION + ", kind " + IntentCodec.KIND + ")";
    private static final String INTENT_GROUP = IntentCodec.API_VERSION.substring(0, IntentCodec.API_VERSION.indexOf('/'));
    /** Kubernetes API groups without a dot (the core group, apiVersion v1, has no group at all). */
    private static final Set<String> KUBERNETES_GROUPS = Set.of("apps", "batch", "policy", "autoscaling");

    private IntentDocuments() {
    }

    /** Either the text to give the codec (one document) or why the input is not one intent. */
    record Shape(String document, String problem) {
        static Shape ok(String document) {
            return new Shape(document, null);
        }

        static Shape problem(String problem) {
            return new Shape(null, problem);
        }
    }

    static Shape inspect(String text, String name) {
        List<Node> documents = new ArrayList<>();
        int all = 0;
        try {
            for (Node node : new Yaml(new SafeConstructor(new LoaderOptions())).composeAll(new StringReader(text))) {
                all++;
                if (!isEmpty(node)) {
                    documents.add(node);
                }
            }
        } catch (YAMLException e) {
            // malformed YAML: the codec reports it with its line and column
            return documents.size() > 1 ? Shape.problem(several(name, documents, true)) : Shape.ok(text);
        }
        if (documents.isEmpty()) {
            return Shape.problem(name + " holds no document (" + (text.isBlank() ? "it is empty" : "only comments or "
                    + "empty documents") + "); an intent file holds one " + INTENT);
        }
        if (documents.size() > 1) {
            return Shape.problem(several(name, documents, false));
        }
        Node document = documents.get(0);
        if (document instanceof SequenceNode list) {
            int items = list.getValue().size();
            return Shape.problem(name + " holds a list of " + items + (items == 1 ? " item" : " items") + ", not one " + INTENT
                    + "; give one intent per file");
        }
        if (document instanceof ScalarNode scalar) {
            return Shape.problem(name + " holds a single value ('" + shorten(scalar.getValue()) + "'), not " + INTENT);
        }
        String foreign = foreign((MappingNode) document);
        if (foreign != null) {
            return Shape.problem(name + ": this is " + foreign + ", not " + INTENT + hint((MappingNode) document));
        }
        return Shape.ok(all == 1 ? text : only(text, document));
    }

    private static boolean isEmpty(Node node) {
        return node instanceof ScalarNode scalar && Tag.NULL.equals(scalar.getTag());
    }

    private static String several(String name, List<Node> documents, boolean more) {
        List<String> each = new ArrayList<>();
        for (Node d : documents) {
            each.add("line " + (d.getStartMark().getLine() + 1) + ": " + what(d));
        }
        return name + " holds " + documents.size() + (more ? " or more" : "") + " YAML documents (" + String.join(", ", each)
                + "); give one intent per file";
    }

    /** A document in a few words: "Mesh 'payments'", "Istio VirtualService 'reviews'", "a list". */
    private static String what(Node node) {
        if (node instanceof SequenceNode) {
            return "a list";
        }
        if (node instanceof ScalarNode) {
            return "a single value";
        }
        MappingNode mapping = (MappingNode) node;
        String kind = scalar(mapping, "kind");
        String apiVersion = scalar(mapping, "apiVersion");
        String name = metadataName(mapping);
        String named = name == null ? "" : " '" + shorten(name) + "'";
        if (kind == null) {
            return "a document without kind";
        }
        return (apiVersion == null ? "" : vendor(apiVersion)) + shorten(kind) + named;
    }

    /** What a document is when it is not intent, e.g. "an Istio VirtualService 'reviews' (networking.istio.io/v1)". */
    private static String foreign(MappingNode document) {
        String apiVersion = scalar(document, "apiVersion");
        String kind = scalar(document, "kind");
        boolean ours = apiVersion == null || group(apiVersion).equals(INTENT_GROUP);
        if (ours && (kind == null || kind.equals(IntentCodec.KIND))) {
            return null; // intent, or near enough for the validator to name what is wrong
        }
        String name = metadataName(document);
        String named = name == null ? "" : " '" + shorten(name) + "'";
        if (kind == null) {
            return "a document of apiVersion " + shorten(apiVersion) + " without a kind";
        }
        if ("List".equals(kind) && "v1".equals(apiVersion)) {
            return "a Kubernetes List (as kubectl get -o yaml prints)";
        }
        String vendor = apiVersion == null ? "" : vendor(apiVersion);
        String article = vendor.isEmpty() ? (startsWithVowel(kind) ? "an " : "a ") : startsWithVowel(vendor) ? "an " : "a ";
        return article + vendor + shorten(kind) + named + (apiVersion == null ? "" : " (" + shorten(apiVersion) + ")");
    }

    private static String hint(MappingNode document) {
        String apiVersion = scalar(document, "apiVersion");
        if (apiVersion != null && group(apiVersion).endsWith("istio.io")) {
            return "; write it as intent (README \"Rendering, analysis and plans\"), or carry it unchanged under "
                    + "spec.resources of a Mesh";
        }
        return "";
    }

    private static String vendor(String apiVersion) {
        String group = group(apiVersion);
        if (group.equals(INTENT_GROUP)) {
            return "Meshfleet ";
        }
        if (group.endsWith("istio.io")) {
            return "Istio ";
        }
        boolean kubernetes = group.isEmpty() ? apiVersion.matches("v[0-9]+\\w*") : KUBERNETES_GROUPS.contains(group)
                || group.endsWith(".k8s.io");
        return kubernetes ? "Kubernetes " : "";
    }

    private static String group(String apiVersion) {
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    private static boolean startsWithVowel(String word) {
        return !word.isEmpty() && "aeiou".indexOf(Character.toLowerCase(word.charAt(0))) >= 0;
    }

    private static String scalar(MappingNode mapping, String key) {
        Node value = value(mapping, key);
        return value instanceof ScalarNode s && !Tag.NULL.equals(s.getTag()) ? s.getValue() : null;
    }

    private static String metadataName(MappingNode mapping) {
        return value(mapping, "metadata") instanceof MappingNode metadata ? scalar(metadata, "name") : null;
    }

    private static Node value(MappingNode mapping, String key) {
        for (NodeTuple t : mapping.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                return t.getValueNode();
            }
        }
        return null;
    }

    /** The text with everything outside the one document blanked, so the codec's lines and columns stay right. */
    private static String only(String text, Node document) {
        // SnakeYAML counts code points, Java strings count UTF-16 chars
        int start = text.offsetByCodePoints(0, document.getStartMark().getIndex());
        int end = text.offsetByCodePoints(0, document.getEndMark().getIndex());
        StringBuilder kept = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            kept.append(i >= start && i < end || c == '\n' || c == '\r' ? c : ' ');
        }
        return kept.toString();
    }

    private static String shorten(String value) {
        String oneLine = value.replaceAll("\\p{Cntrl}", "?");
        return oneLine.length() > 60 ? oneLine.substring(0, 60) + "..." : oneLine;
    }
}
