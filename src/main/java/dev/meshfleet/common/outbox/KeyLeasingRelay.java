package dev.meshfleet.common.outbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import dev.meshfleet.common.outbox.OutboxClaims.Claimed;

/**
 * One relaying replica. A pass claims whole keys with their unpublished messages (a short transaction), publishes them
 * in id order outside any transaction, waits for the broker's acknowledgements and then marks them published and gives
 * the keys back (another short transaction). While a key is leased no other relay publishes it, so one key's messages
 * reach Kafka in order however many replicas relay; a relay that dies mid-pass holds its keys only until the lease
 * expires, after which any relay sends the unmarked messages again (consumers drop duplicates by {@code messageId}).
 */
public final class KeyLeasingRelay {
    /** Sends one message to Kafka; the stage completes when the broker acknowledged it. */
    @FunctionalInterface
    public interface Sender {
        CompletionStage<?> send(Claimed message);
    }

    private final OutboxClaims claims;
    private final Sender sender;
    private final String id = UUID.randomUUID().toString();
    private final Duration lease;
    private final Duration ackTimeout;
    private final int maxKeys;
    private final int maxRows;
    private final AtomicLong passes = new AtomicLong();
    private final AtomicLong published = new AtomicLong();

    /**
     * @param lease how long a claimed key stays this relay's if it never gives it back; more than {@code ackTimeout}
     *        plus the time a claim and a settle take
     * @param ackTimeout how long a pass waits for the broker; messages still unacknowledged then keep their keys leased
     *        until the lease expires (they may still arrive: no one sends them again before)
     */
    public KeyLeasingRelay(OutboxClaims claims, Sender sender, Duration lease, Duration ackTimeout, int maxKeys, int maxRows) {
        if (ackTimeout.compareTo(lease) >= 0) {
            throw new IllegalArgumentException("the outbox lease must outlast the wait for acknowledgements");
        }
        this.claims = claims;
        this.sender = sender;
        this.lease = lease;
        this.ackTimeout = ackTimeout;
        this.maxKeys = maxKeys;
        this.maxRows = maxRows;
    }

    /** One pass; returns how many messages it claimed (a full pass, {@code maxRows}, means more may be waiting). */
    public int relayOnce() {
        String holder = id + "/" + passes.incrementAndGet();
        List<Claimed> batch = claims.claim(holder, lease, maxKeys, maxRows);
        if (batch.isEmpty()) {
            return 0;
        }
        List<CompletableFuture<?>> acks = new ArrayList<>(batch.size());
        for (Claimed message : batch) {
            acks.add(send(message));
        }
        Throwable failure = awaitAll(acks);

        // per key, the acknowledged messages up to the first that is not: marking a later one would let a new send of
        // the earlier one overtake it
        Map<String, List<Integer>> byKey = new LinkedHashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            byKey.computeIfAbsent(batch.get(i).topic() + "\n" + batch.get(i).key(), k -> new ArrayList<>()).add(i);
        }
        List<Long> done = new ArrayList<>();
        List<Claimed> keep = new ArrayList<>();
        for (List<Integer> indexes : byKey.values()) {
            boolean pending = false;
            boolean prefix = true;
            for (int i : indexes) {
                CompletableFuture<?> ack = acks.get(i);
                pending |= !ack.isDone();
                prefix &= ack.isDone() && !ack.isCompletedExceptionally();
                if (prefix) {
                    done.add(batch.get(i).id());
                }
            }
            if (pending) {
                keep.add(batch.get(indexes.get(0)));
            }
        }
        claims.settle(holder, done, keep);
        published.addAndGet(done.size());
        if (failure != null) {
            throw new IllegalStateException(String.format(java.util.Locale.ROOT,
                    "%d of %d messages not acknowledged (%s)", batch.size() - done.size(), batch.size(),
                    failure.getMessage()), failure);
        }
        return batch.size();
    }

    /** Messages this relay published since it was made. */
    public long published() {
        return published.get();
    }

    private CompletableFuture<?> send(Claimed message) {
        try {
            return sender.send(message).toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Waits for every acknowledgement (or the timeout); returns the first failure, if any. */
    private Throwable awaitAll(List<CompletableFuture<?>> acks) {
        try {
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            return new TimeoutException("no acknowledgement within " + ackTimeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e;
        }
    }

    @Override
    public String toString() {
        return "outbox relay " + id;
    }
}
