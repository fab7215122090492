package dev.meshfleet.rollout.core;

import java.util.Optional;

/**
 * The engine's command types (the {@code type} of a message on the rollout commands topic), and the events the commands
 * people send stand for. {@code applied} and {@code timer} need the store to become events (a confirmation is recorded
 * first; the judge timer runs an analysis round), so the engine translates those itself. {@code timer} is the
 * workflow engine's own command type ({@code WorkflowCommands.TIMER}).
 */
public final class RolloutCommand {
    public static final String START = "start", APPLIED = "applied", PAUSE = "pause", RESUME = "resume",
            PROMOTE = "promote", ABORT = "abort", RETRY = "retry";

    private RolloutCommand() {
    }

    /** The event a person's (or the creation's) command stands for; empty for other types. */
    public static Optional<RolloutEvent> requested(String type, String reason) {
        switch (type) {
            case START:
                return Optional.of(new RolloutEvent.Start());
            case PAUSE:
                return Optional.of(new RolloutEvent.Pause());
            case RESUME:
                return Optional.of(new RolloutEvent.Resume());
            case PROMOTE:
                return Optional.of(new RolloutEvent.Promote());
            case ABORT:
                return Optional.of(new RolloutEvent.Abort(reason == null ? "by request" : reason));
            case RETRY:
                return Optional.of(new RolloutEvent.Retry());
            default:
                return Optional.empty();
        }
    }
}
