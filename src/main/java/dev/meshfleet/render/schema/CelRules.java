package dev.meshfleet.render.schema;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The CEL rules ({@code x-kubernetes-validations}) of Istio's CRDs, each mirrored by a Java predicate over the JSON value
 * the rule's {@code self} names, keyed by the rule's text. The API server evaluates these rules on apply; mirroring
 * them here refuses what it would refuse before anything is pushed. A table rather than a CEL engine: Istio uses 36
 * rules, several of them Kubernetes' CEL extensions ({@code url()}, {@code isURL()}) that a CEL library lacks anyway,
 * and a map lookup plus a small predicate keeps schema validation on the render hot path cheap.
 * {@code CelRulesTest} fails when a bundled CRD carries a rule that is not in this table, so a CRD upgrade that adds
 * one cannot go unnoticed. Semantics follow Kubernetes: an absent or null field is not {@code has()}, and a rule that
 * would raise a CEL error (a bad duration, {@code int()} of a non-number, a missing field) fails.
 */
final class CelRules {
    private static final Map<String, Predicate<JsonNode>> RULES = new HashMap<>();
    /** The mirror of each rule text as the CRDs write it, resolved once: no normalising on the render hot path. */
    private static final Map<String, Predicate<JsonNode>> BY_TEXT = new java.util.concurrent.ConcurrentHashMap<>();
    private static final Pattern DURATION_PART = Pattern.compile("([0-9]*(?:\\.[0-9]*)?)(h|ms|m|s|us|µs|ns)");
    private static final Pattern PORT_NAME = Pattern.compile("^[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?$");
    private static final List<String> WASM_SCHEMES = List.of("", "http", "https", "file", "oci");

    static {
        rule("(has(self.selector) ? 1 : 0) + (has(self.targetRefs) ? 1 : 0) <= 1", s -> atMostOne(s, "selector", "targetRefs"));
        rule("has(self.wasm) != has(self.lua)", s -> has(s, "wasm") != has(s, "lua"));
        rule("self.all(key, !key.contains(\"*\"))", s -> keys(s).stream().noneMatch(k -> k.contains("*")));
        rule("self.all(key, key.size() != 0)", s -> keys(s).stream().noneMatch(String::isEmpty));
        rule("!self.contains(\"*\")", s -> !s.asText().contains("*"));
        rule("self.size() == 0", s -> s.asText().isEmpty());
        rule("isURL(self) ? (url(self).getScheme() in [\"\", \"http\", \"https\", \"file\", \"oci\"]) : (isURL(\"http://\" + self) && url(\"http://\" + self).getScheme() in [\"\", \"http\", \"https\", \"file\", \"oci\"])",
                CelRules::wasmUrl);
        rule("isURL(self) ? (url(self).getScheme() in [\"\", \"http\", \"https\", \"oci\", \"file\"]) : (isURL(\"http://\" + self) && url(\"http://\" + self).getScheme() in [\"\", \"http\", \"https\", \"oci\", \"file\"])",
                CelRules::wasmUrl);
        rule("(has(self.valueFrom) ? self.valueFrom : \"\") != \"HOST\" || !has(self.value)",
                s -> !"HOST".equals(text(s, "valueFrom")) || !has(s, "value"));
        rule("(has(self.selector) ? 1 : 0) + (has(self.targetRef) ? 1 : 0) + (has(self.targetRefs) ? 1 : 0) <= 1",
                s -> atMostOne(s, "selector", "targetRef", "targetRefs"));
        rule("duration(self) >= duration('1ms')", s -> nanos(s.asText()) >= 1_000_000);
        rule("(has(self.workloadSelector) ? 1 : 0) + (has(self.targetRefs) ? 1 : 0) <= 1",
                s -> atMostOne(s, "workloadSelector", "targetRefs"));
        rule("has(self.context) ? ((self.context == \"WAYPOINT\") ? has(self.waypoint) : !has(self.waypoint)) : !has(self.waypoint)",
                s -> "WAYPOINT".equals(text(s, "context")) == has(s, "waypoint"));
        rule("0 < self && self <= 65535", s -> s.isIntegralNumber() && s.asLong() > 0 && s.asLong() <= 65535);
        rule("(has(self.tlsCertificates) ? 1 : 0) + (has(self.credentialNames) ? 1 : 0) <= 1",
                s -> atMostOne(s, "tlsCertificates", "credentialNames"));
        rule("(has(self.credentialName) ? 1 : 0) + (has(self.credentialNames) ? 1 : 0) <= 1",
                s -> atMostOne(s, "credentialName", "credentialNames"));
        rule("(has(self.credentialNames) ? 1 : 0) + (has(self.tlsCertificates) ? 1 : 0) <= 1",
                s -> atMostOne(s, "credentialNames", "tlsCertificates"));
        rule("(has(self.workloadSelector) ? 1 : 0) + (has(self.endpoints) ? 1 : 0) <= 1",
                s -> atMostOne(s, "workloadSelector", "endpoints"));
        rule("!((has(self.addresses) ? self.addresses : []).exists(k, k.contains(\"/\")) && !((has(self.resolution) ? self.resolution : \"NONE\") in [\"STATIC\", \"NONE\"]))",
                s -> !(texts(s.get("addresses")).stream().anyMatch(a -> a.contains("/"))
                        && !List.of("STATIC", "NONE").contains(textOr(s, "resolution", "NONE"))));
        rule("((has(self.resolution) ? self.resolution : \"NONE\") == \"NONE\") ? !has(self.endpoints) : true",
                s -> !"NONE".equals(textOr(s, "resolution", "NONE")) || !has(s, "endpoints"));
        rule("((has(self.resolution) ? self.resolution : \"\") == \"DNS_ROUND_ROBIN\") ? ((has(self.endpoints) ? self.endpoints : []).size() <= 1) : true",
                s -> !"DNS_ROUND_ROBIN".equals(text(s, "resolution")) || !has(s, "endpoints") || s.get("endpoints").size() <= 1);
        rule("has(self.address) || has(self.network)", s -> has(s, "address") || has(s, "network"));
        rule("(has(self.address) ? self.address : \"\").startsWith(\"unix://\") ? !has(self.ports) : true",
                s -> !textOr(s, "address", "").startsWith("unix://") || !has(s, "ports"));
        rule("self.startsWith(\"unix://\") ? (self.substring(7, 8) == \"/\" || self.substring(7, 8) == \"@\") : true",
                s -> !s.asText().startsWith("unix://") || (s.asText().length() > 7 && "/@".indexOf(s.asText().charAt(7)) >= 0));
        rule("self.startsWith(\"unix://\") ? !self.endsWith(\"/\") : true",
                s -> !s.asText().startsWith("unix://") || !s.asText().endsWith("/"));
        rule("self.all(key, size(key) < 63 && key.matches(\"^[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?$\"))",
                s -> keys(s).stream().allMatch(k -> k.length() < 63 && PORT_NAME.matcher(k).find()));
        rule("self != \"*\"", s -> !s.asText().equals("*"));
        rule("self.all(l1, self.exists_one(l2, l1.number == l2.number))", CelRules::uniqueNumbers);
        rule("self in [\"\", \"HTTP\", \"HTTPS\"]", s -> List.of("", "HTTP", "HTTPS").contains(s.asText()));
        rule("(has(self.serviceAccounts) || has(self.notServiceAccounts)) ? (!has(self.principals) && !has(self.notPrincipals) && !has(self.namespaces) && !has(self.notNamespaces)) : true",
                s -> !(has(s, "serviceAccounts") || has(s, "notServiceAccounts"))
                        || (!has(s, "principals") && !has(s, "notPrincipals") && !has(s, "namespaces") && !has(s, "notNamespaces")));
        rule("has(self.portLevelMtls) ? (((has(self.selector) && has(self.selector.matchLabels)) ? self.selector.matchLabels : {}).size() > 0) : true",
                s -> !has(s, "portLevelMtls") || (has(s, "selector") && has(s.get("selector"), "matchLabels")
                        && s.get("selector").get("matchLabels").size() > 0));
        rule("self.all(key, 0 < int(key) && int(key) <= 65535)", s -> keys(s).stream().allMatch(CelRules::portKey));
        rule("(has(self.jwksUri) ? 1 : 0) + (has(self.jwks_uri) ? 1 : 0) + (has(self.jwks) ? 1 : 0) <= 1",
                s -> atMostOne(s, "jwksUri", "jwks_uri", "jwks"));
        rule("url(self).getScheme() in [\"http\", \"https\"]", s -> List.of("http", "https").contains(scheme(s.asText())));
        rule("((has(self.operation) ? self.operation : \"\") == \"UPSERT\") ? (self.value != \"\") : true",
                s -> !"UPSERT".equals(text(s, "operation")) || (has(s, "value") && !s.get("value").asText().isEmpty()));
        rule("((has(self.operation) ? self.operation : \"\") == \"REMOVE\") ? !has(self.value) : true",
                s -> !"REMOVE".equals(text(s, "operation")) || !has(s, "value"));
    }

    private CelRules() {
    }

    private static void rule(String cel, Predicate<JsonNode> mirror) {
        RULES.put(normalized(cel), mirror);
    }

    /** Whether a rule (as written in a CRD) has a mirror here. */
    static boolean mirrored(String cel) {
        return RULES.containsKey(normalized(cel));
    }

    /** The number of rules mirrored. */
    static int size() {
        return RULES.size();
    }

    /**
     * Evaluates the rules of one schema node on a value: "path: message" for each that fails. A rule without a mirror
     * (only possible with CRDs newer than the table; see the class comment) is skipped.
     */
    static void check(JsonNode value, JsonNode validations, String path, List<String> errors) {
        for (JsonNode v : validations) {
            Predicate<JsonNode> mirror = BY_TEXT.computeIfAbsent(v.path("rule").asText(),
                    text -> RULES.getOrDefault(normalized(text), unmirrored -> true));
            if (mirror != null && !mirror.test(value)) {
                errors.add(path + ": " + v.path("message").asText("fails " + v.path("rule").asText()));
            }
        }
    }

    /** Rules span lines in the CRDs' YAML; whitespace runs compare as one space. */
    private static String normalized(String cel) {
        return cel.strip().replaceAll("\\s+", " ");
    }

    private static boolean has(JsonNode object, String field) {
        JsonNode v = object.get(field);
        return v != null && !v.isNull();
    }

    private static String text(JsonNode object, String field) {
        return textOr(object, field, "");
    }

    private static String textOr(JsonNode object, String field, String absent) {
        return has(object, field) ? object.get(field).asText() : absent;
    }

    private static boolean atMostOne(JsonNode object, String... fields) {
        int set = 0;
        for (String f : fields) {
            set += has(object, f) ? 1 : 0;
        }
        return set <= 1;
    }

    private static Set<String> keys(JsonNode object) {
        Set<String> keys = new HashSet<>();
        for (Iterator<String> it = object.fieldNames(); it.hasNext();) {
            keys.add(it.next());
        }
        return keys;
    }

    private static List<String> texts(JsonNode array) {
        if (array == null || !array.isArray()) {
            return List.of();
        }
        List<String> out = new java.util.ArrayList<>();
        array.forEach(a -> out.add(a.asText()));
        return out;
    }

    private static boolean uniqueNumbers(JsonNode ports) {
        Set<String> seen = new HashSet<>();
        for (JsonNode p : ports) {
            if (!seen.add(p.path("number").asText())) {
                return false;
            }
        }
        return true;
    }

    private static boolean portKey(String key) {
        try {
            long port = Long.parseLong(key);
            return port > 0 && port <= 65535;
        } catch (NumberFormatException e) {
            return false; // int() of a non-number is a CEL error: the rule fails
        }
    }

    /** CEL's duration(): Go's time.ParseDuration; a malformed duration is an error, so the rule fails (-1). */
    static double nanos(String duration) {
        String d = duration;
        int sign = 1;
        if (d.startsWith("-") || d.startsWith("+")) {
            sign = d.startsWith("-") ? -1 : 1;
            d = d.substring(1);
        }
        if (d.equals("0")) {
            return 0;
        }
        Matcher m = DURATION_PART.matcher(d);
        double total = 0;
        int end = 0;
        while (m.find() && m.start() == end) {
            String number = m.group(1);
            if (number.isEmpty() || number.equals(".")) {
                return -1;
            }
            total += Double.parseDouble(number) * switch (m.group(2)) {
                case "h" -> 3.6e12;
                case "m" -> 6e10;
                case "s" -> 1e9;
                case "ms" -> 1e6;
                case "us", "µs" -> 1e3;
                default -> 1;
            };
            end = m.end();
        }
        return end == d.length() && end > 0 ? sign * total : -1;
    }

    /** Kubernetes' url(): an absolute URI or an absolute path; the scheme, or null when it is not a URL. */
    private static String scheme(String url) {
        try {
            URI uri = new URI(url);
            if (uri.getScheme() == null && !url.startsWith("/")) {
                return null;
            }
            return uri.getScheme() == null ? "" : uri.getScheme();
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static boolean wasmUrl(JsonNode value) {
        String s = value.asText();
        String scheme = scheme(s);
        if (scheme == null) {
            scheme = scheme("http://" + s);
        }
        return scheme != null && WASM_SCHEMES.contains(scheme.toLowerCase(java.util.Locale.ROOT));
    }
}
