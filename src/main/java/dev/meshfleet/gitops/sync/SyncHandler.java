package dev.meshfleet.gitops.sync;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import dev.meshfleet.common.error.ProblemException;
import dev.meshfleet.gitops.GitopsConfig;
import dev.meshfleet.gitops.service.GitopsMetrics;
import dev.meshfleet.gitops.sync.SyncRecorder.Ending;
import dev.meshfleet.gitops.sync.SyncRecorder.Snapshot;
import dev.meshfleet.intent.IntentCodec;
import dev.meshfleet.intent.IntentCodec.CanonicalIntent;
import dev.meshfleet.workflow.CommandHandler;
import dev.meshfleet.workflow.WorkflowCommands;

/**
 * Handles one source's sync jobs of a poll as one sync (several webhooks for one push, or a burst of pushes, cost one
 * fetch): fetch the configured branch, read the intent file at its head, check it as a PUT would, and commit it as a
 * revision with its provenance unless it equals the current one. A commit whose intent is refused makes no revision;
 * its findings are the source's status. Jobs of one source arrive in order on one partition, and a commit the source
 * already moved past is STALE: an older commit never overwrites a newer one.
 */
@ApplicationScoped
public class SyncHandler implements CommandHandler {
    private static final Logger LOG = Logger.getLogger(SyncHandler.class);

    private final SyncRecorder recorder;
    private final GitopsMetrics metrics;
    private final GitFetcher fetcher;

    public SyncHandler(SyncRecorder recorder, GitopsMetrics metrics, GitopsConfig config) {
        this.recorder = recorder;
        this.metrics = metrics;
        this.fetcher = new GitFetcher(config.workDir().orElseGet(() -> Path.of(System.getProperty("java.io.tmpdir"),
                "meshfleet-gitops")), config.fetchTimeout());
    }

    @Override
    @jakarta.enterprise.context.control.ActivateRequestContext
    public void handle(List<JsonNode> commands, Map<UUID, String> reattempts) {
        UUID sourceId = UUID.fromString(commands.get(0).path(SyncCommands.WORKFLOW.keyField()).asText());
        List<UUID> messageIds = commands.stream().map(c -> UUID.fromString(c.path("messageId").asText())).toList();
        Optional<Snapshot> found = recorder.begin(sourceId, messageIds);
        if (found.isEmpty()) {
            return;
        }
        Snapshot snapshot = found.get();
        if (snapshot.suspended()) {
            recorder.skip(messageIds);
            return;
        }
        String trigger = trigger(commands);
        long started = System.nanoTime();
        Ending ending = sync(snapshot, trigger, messageIds, started);
        metrics.sync(ending.result(), ending.took());
        LOG.infof("git source %s/%s: %s %s%s", snapshot.meshName(), snapshot.name(), ending.result(),
                ending.commit() == null ? "" : ending.commit(), ending.error() == null ? "" : ": " + ending.error());
    }

    private Ending sync(Snapshot snapshot, String trigger, List<UUID> messageIds, long started) {
        GitFetcher.Fetched fetched;
        try {
            fetched = fetcher.fetch(snapshot.target());
        } catch (GitFetcher.FetchFailed e) {
            return recorded(snapshot, new Ending(trigger, "FAILED", null, null, null, null, List.of(), e.getMessage(),
                    since(started)), messageIds);
        }
        Ending read = new Ending(trigger, null, fetched.commit(), fetched.author(), fetched.message(), null, List.of(),
                null, null);
        if (fetched.file().isEmpty()) {
            return recorded(snapshot, invalid(read, List.of(new dev.meshfleet.common.error.FieldError(
                    snapshot.target().path(), fetched.fileProblem())), started), messageIds);
        }
        CanonicalIntent intent;
        try {
            intent = IntentCodec.accept(fetched.file().get(), snapshot.target().path().toLowerCase(Locale.ROOT)
                    .endsWith(".json"), snapshot.meshName());
        } catch (ProblemException e) {
            return recorded(snapshot, invalid(read, findings(e), started), messageIds);
        }
        try {
            return recorder.commit(snapshot, intent, new Ending(trigger, null, fetched.commit(), fetched.author(),
                    fetched.message(), null, List.of(), null, since(started)), messageIds,
                    (older, newer) -> fetcher.reachableFrom(snapshot.sourceId(), older, newer));
        } catch (ProblemException e) {
            // refused by the intent's checks (or a rollout holding its routes): rolled back, recorded as INVALID
            return recorded(snapshot, invalid(read, findings(e), started), messageIds);
        }
    }

    private Ending recorded(Snapshot snapshot, Ending ending, List<UUID> messageIds) {
        recorder.record(snapshot, ending, messageIds);
        return ending;
    }

    private static Ending invalid(Ending read, List<dev.meshfleet.common.error.FieldError> findings, long started) {
        return new Ending(read.trigger(), "INVALID", read.commit(), read.author(), read.message(), null, findings,
                findings.isEmpty() ? "the intent was refused" : null, since(started));
    }

    private static List<dev.meshfleet.common.error.FieldError> findings(ProblemException e) {
        return e.errors().isEmpty() ? List.of(new dev.meshfleet.common.error.FieldError("$", e.getMessage())) : e.errors();
    }

    /** The job's trigger: a webhook or a person over the poll timer, when a batch has several. */
    private static String trigger(List<JsonNode> commands) {
        List<String> triggers = commands.stream().map(c -> c.path("type").asText().equals(WorkflowCommands.TIMER) ? "poll"
                : c.path("trigger").asText("manual")).toList();
        for (String preferred : List.of("webhook", "manual", "created")) {
            if (triggers.contains(preferred)) {
                return preferred;
            }
        }
        return "poll";
    }

    private static Duration since(long started) {
        return Duration.ofNanos(System.nanoTime() - started);
    }
}
