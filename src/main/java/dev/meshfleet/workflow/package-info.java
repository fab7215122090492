/**
 * The command engine workflows share (rollouts today, root rotations next): what makes a long-running, crash-safe
 * process out of a pure state machine, with nothing of any one workflow in it.
 *
 * <ul>
 * <li>{@link dev.meshfleet.workflow.WorkflowCommands}: commands enter through the outbox, in the transaction that
 * decided them, keyed by the instance's id (one partition, so one instance's commands stay in order).</li>
 * <li>{@link dev.meshfleet.workflow.WorkflowEngine}: a plain Kafka consumer per workflow in a group all replicas share;
 * each poll's commands are batched per instance and handed to the workflow's
 * {@link dev.meshfleet.workflow.CommandHandler} (one transaction per batch), retried while failures may pass, offsets
 * committed only after the batches committed. A {@link dev.meshfleet.workflow.Reattempt} reruns a batch once with what
 * the failed attempt learned.</li>
 * <li>{@link dev.meshfleet.workflow.ProcessedMessages}: at-least-once delivery made harmless, by message id.</li>
 * <li>{@link dev.meshfleet.workflow.WorkflowTimers}: persisted timers, claimed when due with
 * {@code FOR UPDATE SKIP LOCKED} and turned into {@code timer} commands in the claiming transaction.</li>
 * </ul>
 *
 * Imports only {@code common}: a workflow's handler, state and effects live in its own feature.
 */
package dev.meshfleet.workflow;
