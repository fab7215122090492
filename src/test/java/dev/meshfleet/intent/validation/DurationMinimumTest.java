package dev.meshfleet.intent.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.meshfleet.common.error.FieldError;
import dev.meshfleet.common.error.ValidationException;
import dev.meshfleet.intent.IntentCodec;

/**
 * Durations below Istio's CEL minimum ({@code duration(self) >= duration('1ms')} on every VirtualService and
 * DestinationRule duration in crd-all.gen.yaml) are refused at their intent path, as the API server would refuse the
 * rendered resource; a cookie's ttl, which has no such rule (0s is a session cookie), still takes 0s.
 */
class DurationMinimumTest {
    static final String CORPUS = read("src/test/resources/intent/corpus-everything.yaml");

    static String read(String path) {
        try {
            return Files.readString(Path.of(path));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static List<FieldError> errors(String yaml) {
        return assertThrows(ValidationException.class, () -> IntentCodec.accept(yaml, false, "corpus")).errors();
    }

    @Test
    void theApiServersMinimumIsTheValidatorsMinimum() {
        IntentCodec.accept(CORPUS, false, "corpus");
        for (String[] c : List.of(
                new String[] {"timeout: 5s", "timeout: 0s", "$.spec.services[0].http[3].timeout"},
                new String[] {"perTryTimeout: 2s", "perTryTimeout: 500us", "$.spec.services[0].http[3].retries.perTryTimeout"},
                new String[] {"fixedDelay: 2s", "fixedDelay: 0s", "$.spec.services[0].http[1].fault.delay.fixedDelay"},
                new String[] {"connectTimeout: 250ms", "connectTimeout: 999999ns", "$.spec.services[0].trafficPolicy.connectionPool.tcp.connectTimeout"},
                new String[] {"interval: 5s", "interval: 0.5ms", "$.spec.services[0].versions[1].trafficPolicy.outlierDetection.interval"})) {
            assertEquals(1, CORPUS.split(c[0], -1).length - 1, c[0]);
            List<FieldError> errors = errors(CORPUS.replace(c[0], c[1]));
            assertEquals(List.of(new FieldError(c[2], "must be a duration of at least 1ms (Istio refuses shorter ones)")),
                    errors, c[1]);
            IntentCodec.accept(CORPUS.replace(c[0], c[0].replaceAll(": .*", ": 1ms")), false, "corpus");
        }
    }

    @Test
    void aCookieTtlMayBeZero() {
        IntentCodec.accept(CORPUS.replace("ttl: 1h", "ttl: 0s"), false, "corpus");
    }
}
