package dev.meshfleet.intent;

import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.meshfleet.common.cache.CacheConfig;
import dev.meshfleet.common.cache.LeastRecentlyUsed;
import dev.meshfleet.intent.model.MeshIntent;

/**
 * Serialised intent documents by (mesh, revision). Revisions are immutable and a re-created mesh gets a new id, so a
 * cached document can never be stale; the cache only saves reading and re-serialising the jsonb on every GET.
 */
@ApplicationScoped
public class RevisionDocuments {
    private record Key(UUID meshId, int number) {
    }

    private final ObjectMapper json;
    private final Map<Key, MeshIntent> models;
    private final Map<Key, String> documents;

    public RevisionDocuments(ObjectMapper json, CacheConfig caches) {
        this.json = json;
        this.models = LeastRecentlyUsed.map(caches.revisionDocuments(), "meshfleet.cache.revision-documents");
        this.documents = LeastRecentlyUsed.map(caches.revisionDocuments(), "meshfleet.cache.revision-documents");
    }

    /** The revision's intent as the typed model (what the renderer and the analysis take). */
    public MeshIntent model(UUID meshId, int number) {
        Key key = new Key(meshId, number);
        synchronized (models) {
            MeshIntent cached = models.get(key);
            if (cached != null) {
                return cached;
            }
        }
        IntentRevision revision = IntentRevision.findByNumber(meshId, number).orElseThrow();
        MeshIntent model = IntentCodec.fromStored(tree(revision)).model();
        synchronized (models) {
            models.put(key, model);
        }
        return model;
    }

    /** The stored document of a revision as a tree. */
    public JsonNode tree(IntentRevision revision) {
        try {
            return json.readTree(revision.spec);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("revision " + revision.number + " holds no JSON document", e);
        }
    }

    /** The revision's intent as JSON. */
    public String json(UUID meshId, int number) {
        Key key = new Key(meshId, number);
        synchronized (documents) {
            String cached = documents.get(key);
            if (cached != null) {
                return cached;
            }
        }
        IntentRevision revision = IntentRevision.findByNumber(meshId, number).orElseThrow();
        String document;
        try {
            document = json.writeValueAsString(IntentCodec.fromStored(tree(revision)).tree());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        synchronized (documents) {
            documents.put(key, document);
        }
        return document;
    }
}
