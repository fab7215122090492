package dev.meshfleet.trust.service;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.meshfleet.audit.AuditLog;
import dev.meshfleet.audit.AuditLog.Change;
import dev.meshfleet.common.crypto.Fingerprints;
import dev.meshfleet.common.crypto.Pem;
import dev.meshfleet.common.crypto.SecretSeal;
import dev.meshfleet.common.error.Checks;
import dev.meshfleet.common.error.FieldError;
import dev.meshfleet.common.error.NotFoundException;
import dev.meshfleet.common.error.ValidationException;
import dev.meshfleet.common.messaging.DeliveryChanges;
import dev.meshfleet.intent.Mesh;
import dev.meshfleet.tenancy.CurrentCaller;
import dev.meshfleet.tenancy.Tenant;
import dev.meshfleet.trust.TrustConfig;
import dev.meshfleet.trust.core.KeyAlgorithm;
import dev.meshfleet.trust.core.RootCa;
import dev.meshfleet.trust.core.RootCas;
import dev.meshfleet.trust.core.TrustDomain;
import dev.meshfleet.trust.store.TrustMesh;
import dev.meshfleet.trust.store.TrustRoot;

/**
 * A mesh's root CAs: generated or imported, the key sealed before it is stored. A mesh's first root makes Meshfleet
 * manage its clusters' {@code cacerts} (issuer and sole bundle member); later roots wait for a rotation to bring them in.
 */
@ApplicationScoped
public class TrustRootService {
    static final Duration MIN_ROOT_LIFETIME = Duration.ofDays(1);
    static final Duration MAX_ROOT_LIFETIME = Duration.ofDays(36500);

    private final SecretSeal seal;
    private final TrustConfig config;
    private final AuditLog audit;
    private final CurrentCaller caller;
    private final DeliveryChanges deliveryChanges;
    private final RootCas rootCas = new RootCas(new SecureRandom());

    public TrustRootService(SecretSeal seal, TrustConfig config, AuditLog audit, CurrentCaller caller,
            DeliveryChanges deliveryChanges) {
        this.seal = seal;
        this.config = config;
        this.audit = audit;
        this.caller = caller;
        this.deliveryChanges = deliveryChanges;
    }

    /**
     * Generate ({@code algorithm}, {@code lifetime}) or import ({@code certificate} and {@code privateKey}, PEM) a root.
     */
    public record RootRequest(String algorithm, String lifetime, String certificate, String privateKey) {
    }

    /** A stored root and what its import found unusual. */
    public record Created(TrustRoot root, List<String> warnings) {
    }

    @Transactional
    public Created create(Tenant tenant, String meshName, RootRequest request) {
        Mesh mesh = Mesh.lockByName(tenant.id, meshName).orElseThrow(() -> NotFoundException.of("mesh", meshName));
        new Checks().present(request, "$").throwIfAny();
        TrustDomain domain = inField("$.", () -> new TrustDomain(mesh.trustDomain));
        Instant now = Instant.now();
        boolean importing = request.certificate() != null || request.privateKey() != null;
        RootCa root;
        List<String> warnings = new ArrayList<>();
        String algorithm;
        if (importing) {
            Checks checks = new Checks().present(request.certificate(), "$.certificate")
                    .present(request.privateKey(), "$.privateKey");
            checks.require(request.algorithm() == null, "$.algorithm", "an imported root brings its own key: leave "
                    + "algorithm out").require(request.lifetime() == null, "$.lifetime",
                            "an imported root has its own lifetime: leave lifetime out");
            checks.throwIfAny();
            RootCas.ImportedRoot imported = inField("$.", () -> rootCas.importRoot(domain, request.certificate(),
                    request.privateKey(), now));
            root = imported.root();
            warnings.addAll(imported.warnings());
            algorithm = root.privateKey().getAlgorithm().equals("EC") ? "EC" : root.privateKey().getAlgorithm();
        } else {
            KeyAlgorithm chosen = algorithm(request.algorithm());
            Duration lifetime = lifetime(request.lifetime());
            root = rootCas.generate(domain, chosen, lifetime, now);
            algorithm = chosen.name();
        }
        String sha = Fingerprints.of(root.certificate());
        if (TrustRoot.count("meshId = ?1 and sha256 = ?2", mesh.id, sha) > 0) {
            throw ValidationException.of("$.certificate", "this root is already one of the mesh's roots");
        }
        TrustRoot row = new TrustRoot();
        row.id = UUID.randomUUID();
        row.tenantId = tenant.id;
        row.meshId = mesh.id;
        row.trustDomain = domain.name();
        row.certificatePem = Pem.encode(root.certificate());
        row.sha256 = sha;
        row.sealedKey = seal.sealText(Pem.encode(root.privateKey()), row.keyContext()).encoded();
        row.algorithm = algorithm;
        row.source = importing ? "IMPORTED" : "GENERATED";
        row.subject = root.certificate().getSubjectX500Principal().getName();
        row.serial = root.certificate().getSerialNumber().toString(16);
        row.notBefore = OffsetDateTime.ofInstant(root.certificate().getNotBefore().toInstant(), ZoneOffset.UTC);
        row.notAfter = OffsetDateTime.ofInstant(root.certificate().getNotAfter().toInstant(), ZoneOffset.UTC);
        row.state = TrustRoot.State.ACTIVE.name();
        row.createdBy = caller.actor().name();
        row.createdAt = OffsetDateTime.now();
        row.persist();
        boolean first = TrustMesh.findById(mesh.id) == null;
        if (first) {
            TrustMesh state = new TrustMesh();
            state.meshId = mesh.id;
            state.tenantId = tenant.id;
            state.issuerRootId = row.id;
            state.bundle = List.of(row.id.toString());
            state.sequence = 1;
            state.createdAt = OffsetDateTime.now();
            state.updatedAt = state.createdAt;
            state.persist();
            deliveryChanges.tenantChanged(tenant.id); // agents look at their trust at once
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("mesh", meshName);
        details.put("sha256", sha);
        details.put("subject", row.subject);
        details.put("notAfter", row.notAfter.toString());
        details.put("issuing", first);
        audit.record(caller.actor(), Change.of(tenant.id, importing ? "trust.root.import" : "trust.root.generate",
                "trust-root", row.id.toString()).details(details));
        return new Created(row, warnings);
    }

    /** The key of a root, opened for signing; only signing code calls this, and never keeps or prints the result. */
    public RootCa open(TrustRoot root) {
        if (root.sealedKey == null) {
            throw new IllegalStateException("root " + root.id + " has no key any more (retired)");
        }
        String keyPem = seal.openText(dev.meshfleet.common.crypto.WrappedKey.decode(root.sealedKey), root.keyContext());
        return new RootCa(Pem.certificates("certificate", root.certificatePem).get(0),
                Pem.privateKey("privateKey", keyPem));
    }

    private static KeyAlgorithm algorithm(String requested) {
        if (requested == null) {
            return KeyAlgorithm.EC_P256;
        }
        try {
            return KeyAlgorithm.valueOf(requested);
        } catch (IllegalArgumentException e) {
            throw ValidationException.of("$.algorithm", "algorithm must be EC_P256 (the default) or RSA_4096");
        }
    }

    private Duration lifetime(String requested) {
        if (requested == null) {
            return config.rootLifetime();
        }
        Duration lifetime;
        try {
            lifetime = Duration.parse(requested);
        } catch (DateTimeParseException e) {
            throw ValidationException.of("$.lifetime", "lifetime must be an ISO-8601 duration such as P3650D");
        }
        if (lifetime.compareTo(MIN_ROOT_LIFETIME) < 0 || lifetime.compareTo(MAX_ROOT_LIFETIME) > 0) {
            throw ValidationException.of("$.lifetime", "lifetime must be between P1D and P36500D");
        }
        return lifetime;
    }

    /** Runs a core check whose field names are bare ("certificate") and reports them as request paths ("$.certificate"). */
    static <T> T inField(String prefix, java.util.function.Supplier<T> check) {
        try {
            return check.get();
        } catch (ValidationException e) {
            List<FieldError> errors = e.errors().stream()
                    .map(f -> new FieldError(f.path().startsWith("$") ? f.path() : prefix + f.path(), f.message(), f.code()))
                    .toList();
            throw new ValidationException(e.getMessage(), errors);
        }
    }
}
