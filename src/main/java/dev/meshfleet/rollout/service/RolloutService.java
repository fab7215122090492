package dev.meshfleet.rollout.service;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;

import dev.meshfleet.audit.AuditLog;
import dev.meshfleet.audit.AuditLog.Change;
import dev.meshfleet.cluster.Cluster;
import dev.meshfleet.cluster.FleetTargets;
import dev.meshfleet.common.error.Checks;
import dev.meshfleet.common.error.ConflictException;
import dev.meshfleet.common.error.NotFoundException;
import dev.meshfleet.intent.service.IntentService;
import dev.meshfleet.intent.Mesh;
import dev.meshfleet.intent.RevisionDocuments;
import dev.meshfleet.intent.model.MeshIntent;
import dev.meshfleet.intent.model.Service;
import dev.meshfleet.rollout.core.RolloutCommand;
import dev.meshfleet.rollout.core.RolloutPlan;
import dev.meshfleet.rollout.core.RolloutRequest;
import dev.meshfleet.rollout.core.RolloutRequests;
import dev.meshfleet.rollout.core.RolloutState;
import dev.meshfleet.rollout.engine.RolloutCommands;
import dev.meshfleet.rollout.store.Rollout;
import dev.meshfleet.rollout.store.RolloutStore;
import dev.meshfleet.tenancy.Tenant;
import dev.meshfleet.tenancy.CurrentCaller;

/**
 * Starting rollouts and acting on them. Both only write Postgres and send a command through the outbox; the engine does
 * the rest. One active rollout per service: creating a second one for a service that is rolling out is a 409, and so is
 * an intent change touching the routes of a service that is rolling out.
 */
@ApplicationScoped
public class RolloutService {
    private final FleetTargets targets;
    private final RevisionDocuments documents;
    private final RolloutStore store;
    private final RolloutCommands commands;
    private final AuditLog audit;
    private final CurrentCaller caller;

    public RolloutService(FleetTargets targets, RevisionDocuments documents, RolloutStore store, RolloutCommands commands,
            AuditLog audit, CurrentCaller caller) {
        this.targets = targets;
        this.caller = caller;
        this.documents = documents;
        this.store = store;
        this.commands = commands;
        this.audit = audit;
    }

    @Transactional
    public Rollout create(Tenant tenant, String meshName, RolloutRequest request, String author) {
        Mesh mesh = Mesh.lockByName(tenant.id, meshName).orElseThrow(() -> NotFoundException.of("mesh", meshName));
        MeshIntent intent = mesh.currentRevision == null ? null : documents.model(mesh.id, mesh.currentRevision);
        Checks checks = new Checks();
        RolloutRequests.check(request, intent, checks);
        checks.throwIfAny();
        List<Rollout> held = Rollout.held(mesh.id);
        for (Rollout other : held) {
            if (other.active() && overlaps(other.services, request.services())) {
                throw new ConflictException("rollout " + other.id + " of " + other.services + " is " + other.phase
                        + ": one active rollout per service (abort it or let it finish first)");
            }
        }
        List<Cluster> targeted = targets.selected(tenant.id, mesh.placement);
        Map<String, Cluster> byName = targeted.stream().collect(Collectors.toMap(c -> c.name, c -> c));
        java.util.function.Function<dev.meshfleet.common.labels.Placement, Set<String>> select = placement -> targeted.stream()
                .filter(c -> placement.toSelector().matches(c.labels)).map(c -> c.name).collect(Collectors.toSet());
        List<RolloutPlan.Wave> waves = RolloutRequests.waves(request, byName.keySet(), select);
        Checks wavesCheck = new Checks();
        RolloutRequests.checkWavesSelect(request, waves, byName.keySet(), select, wavesCheck);
        wavesCheck.require(request.waves() != null && !request.waves().isEmpty()
                || waves.stream().anyMatch(w -> !w.clusters().isEmpty()), "$", "the mesh targets no cluster");
        wavesCheck.throwIfAny();
        for (Rollout other : held) {
            if (!other.active() && overlaps(other.services, request.services())) {
                other.releasedAt = OffsetDateTime.now(); // superseded: the new rollout holds these routes now
            }
        }
        Rollout rollout = new Rollout();
        rollout.id = UUID.randomUUID();
        rollout.tenantId = tenant.id;
        rollout.meshId = mesh.id;
        rollout.services = List.copyOf(request.services());
        rollout.stableVersion = request.stableVersion();
        rollout.canaryVersion = request.canaryVersion();
        rollout.request = store.toMap(request);
        List<Map<String, Object>> storedWaves = new ArrayList<>();
        waves.forEach(w -> storedWaves.add(store.toMap(new RolloutPlan.Wave(w.name(), new java.util.TreeSet<>(w.clusters()), w.bake()))));
        rollout.waves = storedWaves;
        rollout.state = store.toMap(RolloutState.initial());
        rollout.phase = RolloutState.Phase.PENDING.name();
        rollout.baseRevision = mesh.currentRevision;
        rollout.createdBy = author;
        rollout.createdAt = OffsetDateTime.now();
        rollout.updatedAt = rollout.createdAt;
        rollout.persist();
        Rollout.getEntityManager().flush();
        for (int i = 0; i < waves.size(); i++) {
            for (String name : new java.util.TreeSet<>(waves.get(i).clusters())) {
                store.addCluster(rollout.id, byName.get(name).id, name, i);
            }
        }
        store.addEvent(rollout.id, "created", "by " + author + ": " + rollout.services + " " + rollout.stableVersion + " -> "
                + rollout.canaryVersion + " in " + waves.size() + " wave(s)", RolloutState.initial());
        commands.send(rollout.id, RolloutCommand.START);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("mesh", meshName);
        details.put("services", rollout.services);
        details.put("stableVersion", rollout.stableVersion);
        details.put("canaryVersion", rollout.canaryVersion);
        audit.record(caller.actor(),
                Change.of(tenant.id, "rollout.create", "rollout", rollout.id.toString()).details(details));
        return rollout;
    }

    /** Which phases each action makes sense in (the engine ignores the others anyway; people get a clear 409). */
    private static final Map<String, Set<String>> ALLOWED = Map.of(
            RolloutCommand.PAUSE, Set.of("PROGRESSING"),
            RolloutCommand.RESUME, Set.of("PAUSED"),
            RolloutCommand.PROMOTE, Set.of("PROGRESSING", "PAUSED"),
            RolloutCommand.ABORT, Set.of("PENDING", "PROGRESSING", "PAUSED"),
            RolloutCommand.RETRY, Set.of("ABORTED", "FAILED"));

    @Transactional
    public Rollout act(Tenant tenant, String meshName, String id, String action, String reason) {
        Mesh mesh = Mesh.lockByName(tenant.id, meshName).orElseThrow(() -> NotFoundException.of("mesh", meshName));
        Rollout rollout = find(mesh, id);
        Set<String> allowed = ALLOWED.get(action);
        if (allowed == null) {
            throw NotFoundException.of("action", action);
        }
        if (!allowed.contains(rollout.phase)) {
            throw new ConflictException("rollout " + rollout.id + " is " + rollout.phase + ": '" + action
                    + "' applies only when it is " + String.join(" or ", new java.util.TreeSet<>(allowed)));
        }
        if (action.equals(RolloutCommand.RETRY)) {
            for (Rollout other : Rollout.held(mesh.id)) {
                if (other.active() && !other.id.equals(rollout.id) && overlaps(other.services, rollout.services)) {
                    throw new ConflictException("rollout " + other.id + " of " + other.services + " is " + other.phase
                            + ": one active rollout per service");
                }
            }
            if (rollout.releasedAt != null) {
                throw new ConflictException("rollout " + rollout.id + " was superseded or its services' routes changed "
                        + "since: start a new rollout instead");
            }
        }
        Map<String, Object> details = new LinkedHashMap<>();
        if (reason != null) {
            details.put("reason", reason);
        }
        commands.send(rollout.id, action, details);
        details.put("mesh", meshName);
        details.put("phase", rollout.phase);
        audit.record(caller.actor(),
                Change.of(tenant.id, "rollout." + action, "rollout", rollout.id.toString()).details(details));
        return rollout;
    }

    public Rollout find(Mesh mesh, String id) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw NotFoundException.of("rollout", id);
        }
        return Rollout.findInMesh(mesh.id, uuid).orElseThrow(() -> NotFoundException.of("rollout", id));
    }

    /**
     * An intent change must leave the routes of services that are rolling out alone (their weights belong to the rollout
     * until it finishes). A change to the routes of a service whose finished rollout still holds them on stable releases
     * that hold: people decided what the routes are now.
     */
    void onIntentChanging(@Observes IntentService.Changing change) {
        if (change.source().equals("rollout")) {
            return;
        }
        List<Rollout> held = Rollout.held(change.mesh().id);
        MeshIntent before = held.isEmpty() ? null : change.before().get();
        if (before == null) {
            return;
        }
        for (Rollout rollout : held) {
            List<String> touched = rollout.services.stream()
                    .filter(s -> !java.util.Objects.equals(routes(before, s), routes(change.after(), s))).toList();
            if (touched.isEmpty()) {
                continue;
            }
            if (rollout.active()) {
                throw new ConflictException("rollout " + rollout.id + " is " + rollout.phase + " and owns the routes of "
                        + touched + ": leave them as they are until it finishes, or abort it first");
            }
            rollout.releasedAt = OffsetDateTime.now();
        }
    }

    /** What of a service a rollout depends on: its versions and its HTTP, TCP and TLS routes. */
    private static List<Object> routes(MeshIntent intent, String service) {
        if (intent.spec().services() == null) {
            return null;
        }
        for (Service s : intent.spec().services()) {
            if (s.name().equals(service)) {
                return java.util.Arrays.asList(s.versions(), s.http(), s.tcp(), s.tls());
            }
        }
        return null;
    }

    private static boolean overlaps(List<String> a, List<String> b) {
        Set<String> set = new HashSet<>(a);
        return b.stream().anyMatch(set::contains);
    }
}
