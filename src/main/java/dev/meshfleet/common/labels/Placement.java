package dev.meshfleet.common.labels;

import dev.meshfleet.common.labels.Labels;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.meshfleet.common.error.Checks;

/**
 * Which clusters a mesh runs on: a Kubernetes label selector ({@code matchLabels} and {@code matchExpressions} with
 * In, NotIn, Exists, DoesNotExist). Empty selects every cluster of the tenant, as in Kubernetes.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Placement(Map<String, String> matchLabels, List<Expression> matchExpressions) {

    public enum Operator {
        In, NotIn, Exists, DoesNotExist
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Expression(String key, Operator operator, List<String> values) {
    }

    public static final Placement ALL = new Placement(Map.of(), List.of());

    public void check(String path, Checks checks) {
        Labels.check(matchLabels, path + ".matchLabels", checks);
        if (matchLabels != null) {
            matchLabels.forEach((k, v) -> checks.require(v != null, path + ".matchLabels." + k, "must not be null"));
        }
        if (matchExpressions == null) {
            return;
        }
        for (int i = 0; i < matchExpressions.size(); i++) {
            Expression e = matchExpressions.get(i);
            String p = path + ".matchExpressions[" + i + "]";
            if (e == null) {
                checks.add(p, "must not be null");
                continue;
            }
            checks.require(Labels.isValidKey(e.key()), p + ".key", "must be a valid label key");
            checks.present(e.operator(), p + ".operator");
            boolean needsValues = e.operator() == Operator.In || e.operator() == Operator.NotIn;
            boolean hasValues = e.values() != null && !e.values().isEmpty();
            if (e.operator() != null) {
                checks.require(needsValues == hasValues, p + ".values",
                        needsValues ? "In and NotIn need at least one value" : "Exists and DoesNotExist take no values");
            }
            if (e.values() != null) {
                for (int j = 0; j < e.values().size(); j++) {
                    checks.require(Labels.isValidValue(e.values().get(j)), p + ".values[" + j + "]",
                            "is not a valid label value");
                }
            }
        }
    }

    public LabelSelector toSelector() {
        List<LabelSelector.Requirement> requirements = new ArrayList<>();
        if (matchLabels != null) {
            matchLabels.forEach((k, v) -> requirements.add(
                    new LabelSelector.Requirement(k, LabelSelector.Operator.IN, Set.of(v))));
        }
        if (matchExpressions != null) {
            for (Expression e : matchExpressions) {
                LabelSelector.Operator op = switch (e.operator()) {
                    case In -> LabelSelector.Operator.IN;
                    case NotIn -> LabelSelector.Operator.NOT_IN;
                    case Exists -> LabelSelector.Operator.EXISTS;
                    case DoesNotExist -> LabelSelector.Operator.DOES_NOT_EXIST;
                };
                requirements.add(new LabelSelector.Requirement(e.key(), op,
                        e.values() == null ? Set.of() : Set.copyOf(e.values())));
            }
        }
        return new LabelSelector(List.copyOf(requirements));
    }
}
