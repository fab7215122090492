package dev.meshfleet.protocol;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Every {@code intervalSeconds}, run each PromQL query against {@code prometheusUrl} and report the values. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Measure(long intervalSeconds, String prometheusUrl, Map<String, String> queries) {
}
