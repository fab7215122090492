/**
 * Canary rollouts: a service's traffic moved from its stable to its canary version, wave by wave of clusters, step by
 * step of weights, judged by analysis of what each cluster's agent measures.
 *
 * <ul>
 * <li>{@code core/}: pure. The state machine ({@link dev.meshfleet.rollout.core.RolloutMachine}: plan, state, event
 * -> state, effects), the analysis judge and rounds, requests checked and planned, the canary overlay laid over intent,
 * the step bookkeeping around each transition.</li>
 * <li>{@code engine/}: the rollout workflow on {@link dev.meshfleet.workflow.WorkflowEngine}: handler, commands, metrics.</li>
 * <li>{@code store/}: the rollout row, its clusters, events, measurements, analyses; the overlays delivery asks for.</li>
 * <li>{@code service/}: starting and acting on rollouts (transactions, audit, commands), reads for the API, agent
 * reports turned into commands and measurements.</li>
 * <li>{@code rest/}: the API and its live event streams.</li>
 * </ul>
 *
 * <h2>One step, from command to confirmed weight</h2>
 * <ol>
 * <li>An operator starts a rollout: {@link dev.meshfleet.rollout.rest.RolloutResource} ->
 * {@link dev.meshfleet.rollout.service.RolloutService#create}, which in one transaction stores the
 * {@link dev.meshfleet.rollout.store.Rollout} with its waves resolved and sends {@code start} through
 * {@link dev.meshfleet.rollout.engine.RolloutCommands} (an outbox row for {@code <prefix>.rollout.commands}, keyed by
 * the rollout's id).</li>
 * <li>The {@link dev.meshfleet.rollout.engine.RolloutEngine} (a {@link dev.meshfleet.workflow.WorkflowEngine}) consumes
 * it and calls {@link dev.meshfleet.rollout.engine.RolloutHandler}: in one transaction it drops a duplicate
 * ({@link dev.meshfleet.workflow.ProcessedMessages}), locks the rollout, turns the command into
 * {@link dev.meshfleet.rollout.core.RolloutEvent.Start} ({@link dev.meshfleet.rollout.core.RolloutCommand}) and runs
 * {@link dev.meshfleet.rollout.core.RolloutMachine#next}: the first wave's first step asks for
 * {@link dev.meshfleet.rollout.core.RolloutEffect.SetWeights} (weight 20, generation 1) and a progress deadline timer.
 * The handler writes the weights ({@link dev.meshfleet.rollout.store.RolloutStore#setWeights}), arms the timer
 * ({@link dev.meshfleet.workflow.WorkflowTimers}), adds a {@code delivery.changes} notice and the step's events
 * ({@link dev.meshfleet.rollout.core.StepProgress}) to the outbox, and saves the state awaiting the wave's clusters.</li>
 * <li>Delivery pushes new desired state to the wave's agents: {@code DesiredState} asks its
 * {@link dev.meshfleet.delivery.DesiredOverlays} extension point, which {@link dev.meshfleet.rollout.store.RolloutOverlays}
 * implements; each {@link dev.meshfleet.rollout.core.CanaryOverlay} shifts the service's catch-all route
 * ({@link dev.meshfleet.rollout.core.WeightOverlay}) and travels with the bundle as (rollout id, generation).</li>
 * <li>An agent applies the bundle and reports it with that generation. Delivery's {@code ReportWriter} stores the report
 * and, in the same (batched) transaction, fires {@link dev.meshfleet.delivery.AgentReported.WeightsApplied};
 * {@link dev.meshfleet.rollout.service.RolloutAgentReports} observes it and sends an {@code applied} command through the
 * outbox, so the confirmation exists exactly when the report committed.</li>
 * <li>The handler records the confirmation ({@link dev.meshfleet.rollout.store.RolloutStore#confirm}: the cluster's
 * confirmed generation and weight) and feeds {@link dev.meshfleet.rollout.core.RolloutEvent.Applied} to the machine;
 * when the last cluster of the wave confirmed generation 1, the step is done and the machine enters the next one.
 * Confirmations of one poll are announced as one {@code cluster-confirmed} event.</li>
 * </ol>
 */
package dev.meshfleet.rollout;
