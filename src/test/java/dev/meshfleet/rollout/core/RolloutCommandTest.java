package dev.meshfleet.rollout.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Commands people send, as the events the state machine knows; and a refused outcome turning success into failure. */
class RolloutCommandTest {

    @Test
    void requestedCommandsAreEvents() {
        assertEquals(Optional.of(new RolloutEvent.Start()), RolloutCommand.requested(RolloutCommand.START, null));
        assertEquals(Optional.of(new RolloutEvent.Pause()), RolloutCommand.requested(RolloutCommand.PAUSE, null));
        assertEquals(Optional.of(new RolloutEvent.Resume()), RolloutCommand.requested(RolloutCommand.RESUME, null));
        assertEquals(Optional.of(new RolloutEvent.Promote()), RolloutCommand.requested(RolloutCommand.PROMOTE, null));
        assertEquals(Optional.of(new RolloutEvent.Retry()), RolloutCommand.requested(RolloutCommand.RETRY, null));
        assertEquals(Optional.of(new RolloutEvent.Abort("bad canary")),
                RolloutCommand.requested(RolloutCommand.ABORT, "bad canary"));
        assertEquals(Optional.of(new RolloutEvent.Abort("by request")), RolloutCommand.requested(RolloutCommand.ABORT, null));
    }

    @Test
    void confirmationsTimersAndUnknownTypesAreNotRequests() {
        assertTrue(RolloutCommand.requested(RolloutCommand.APPLIED, null).isEmpty());
        assertTrue(RolloutCommand.requested(dev.meshfleet.workflow.WorkflowCommands.TIMER, null).isEmpty());
        assertTrue(RolloutCommand.requested("explode", null).isEmpty());
    }

    @Test
    void aRefusedOutcomeFailsWhatWouldSucceed() {
        RolloutState running = RolloutMachine.next(RolloutMachineTest.PLAN, RolloutState.initial(), new RolloutEvent.Start())
                .state();
        RolloutMachine.Transition promoted = RolloutMachine.next(RolloutMachineTest.PLAN, running,
                new RolloutEvent.Promote(), "host taken");
        assertEquals(RolloutState.Phase.FAILED, promoted.state().phase());
        assertEquals(0, promoted.state().weight());
        assertTrue(promoted.effects().stream().anyMatch(e -> e instanceof RolloutEffect.Announce a
                && a.detail().equals("the outcome cannot be written as a revision: host taken")));
        // without a refusal, or for events that do not finish it, nothing changes
        assertEquals(RolloutState.Phase.SUCCEEDED, RolloutMachine.next(RolloutMachineTest.PLAN, running,
                new RolloutEvent.Promote(), null).state().phase());
        assertEquals(RolloutState.Phase.PAUSED, RolloutMachine.next(RolloutMachineTest.PLAN, running,
                new RolloutEvent.Pause(), "host taken").state().phase());
    }
}
