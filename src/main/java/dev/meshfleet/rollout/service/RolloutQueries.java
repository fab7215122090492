package dev.meshfleet.rollout.service;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.meshfleet.common.error.NotFoundException;
import dev.meshfleet.common.error.ValidationException;
import dev.meshfleet.common.paging.Cursor;
import dev.meshfleet.common.paging.Page;
import dev.meshfleet.intent.Mesh;
import dev.meshfleet.rollout.core.ClusterWeight;
import dev.meshfleet.rollout.core.RolloutPlan;
import dev.meshfleet.rollout.core.RolloutRequest;
import dev.meshfleet.rollout.core.RolloutState;
import dev.meshfleet.rollout.store.Rollout;
import dev.meshfleet.rollout.store.RolloutStore;
import dev.meshfleet.tenancy.Tenant;

/** Reading rollouts for people: listings and single rollouts with what their views show, each read in one transaction. */
@ApplicationScoped
public class RolloutQueries {
    private final RolloutService rollouts;
    private final RolloutStore store;

    public RolloutQueries(RolloutService rollouts, RolloutStore store) {
        this.rollouts = rollouts;
        this.store = store;
    }

    /**
     * A rollout as read: its row, state and plan; for a full read also its clusters, request and analysis history
     * (newest first), null in listings.
     */
    public record Snapshot(Rollout rollout, RolloutState state, RolloutPlan plan, List<ClusterWeight> clusters,
            RolloutRequest request, List<RolloutStore.Analysis> analyses) {
    }

    /** status: active (pending, progressing, paused), finished (history) or all; newest first. */
    @Transactional
    public Page<Snapshot> list(Tenant tenant, String meshName, String status, Integer limit, String cursor) {
        Mesh mesh = mesh(tenant, meshName);
        String filter = status == null ? "all" : status;
        String phases;
        switch (filter) {
            case "active":
                phases = " and phase in ('PENDING', 'PROGRESSING', 'PAUSED')";
                break;
            case "finished":
                phases = " and phase in ('SUCCEEDED', 'ABORTED', 'FAILED')";
                break;
            case "all":
                phases = "";
                break;
            default:
                throw ValidationException.of("status", "must be 'active', 'finished' or 'all'");
        }
        int max = Cursor.limit(limit);
        OffsetDateTime before;
        try {
            before = Cursor.decode(cursor).map(OffsetDateTime::parse).orElse(OffsetDateTime.now().plusYears(100));
        } catch (RuntimeException e) {
            throw ValidationException.of("cursor", "not a cursor this listing returned");
        }
        List<Rollout> rows = Rollout.find("meshId = ?1 and createdAt < ?2" + phases + " order by createdAt desc", mesh.id,
                before).page(0, max + 1).list();
        return Page.of(rows, max, r -> snapshot(r, false), r -> r.createdAt.toString());
    }

    /** One rollout of the mesh, in full. */
    @Transactional
    public Snapshot get(Tenant tenant, String meshName, String id) {
        return snapshot(rollouts.find(mesh(tenant, meshName), id), true);
    }

    /** The id of one rollout of the mesh (a 404 if there is none), read in a transaction of its own. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public UUID id(Tenant tenant, String meshName, String id) {
        return rollouts.find(mesh(tenant, meshName), id).id;
    }

    private Snapshot snapshot(Rollout r, boolean full) {
        return new Snapshot(r, store.state(r), store.plan(r), full ? store.clusters(r.id) : null,
                full ? store.request(r) : null, full ? store.analyses(r.id, 50) : null);
    }

    private static Mesh mesh(Tenant tenant, String mesh) {
        return Mesh.findByName(tenant.id, mesh).orElseThrow(() -> NotFoundException.of("mesh", mesh));
    }
}
