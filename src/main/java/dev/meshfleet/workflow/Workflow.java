package dev.meshfleet.workflow;

/**
 * A kind of workflow the engine runs: its name (threads and logs), the topic of its commands (one of
 * {@code Topics}' constants), the command field naming the instance a command is for (also the message key, so one
 * instance's commands stay in order), and its timer table.
 */
public record Workflow(String name, String topic, String keyField, TimerTable timers) {

    /**
     * A table of timers, {@code (id, <keyColumn>, name, fire_at)} with a unique {@code (<keyColumn>, name)}: one row per
     * armed timer of an instance. Names are code constants, never input.
     */
    public record TimerTable(String table, String keyColumn) {
    }
}
