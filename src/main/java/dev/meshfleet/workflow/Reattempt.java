package dev.meshfleet.workflow;

import java.util.UUID;

/**
 * Thrown by a {@link CommandHandler} when its attempt must roll back as a whole and be made again knowing something it
 * learned (a write the workflow's next step depends on was refused, leaving the transaction rollback-only): the engine
 * runs the same commands once more, in a new transaction, passing {@link #reason} for {@link #instance}. Every effect
 * thus happens once, in whichever attempt commits.
 */
public class Reattempt extends RuntimeException {
    private final UUID instance;
    private final String reason;

    public Reattempt(UUID instance, String reason, String message, Throwable cause) {
        super(message, cause);
        this.instance = instance;
        this.reason = reason;
    }

    public UUID instance() {
        return instance;
    }

    public String reason() {
        return reason;
    }
}
