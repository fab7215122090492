package dev.meshfleet.protocol;

/** One query's value (null: no data) or why it could not be measured. metric: the key {@link Measure} named. */
public record Measured(String metric, Double value, String error) {
}
