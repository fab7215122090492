package dev.meshfleet.agent;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * An agent that is not running holds no thread and no HTTP client of its own: what it needs it makes when it first
 * needs it (the fleet simulator runs thousands of agents in one JVM, a real agent one per process).
 */
class AgentThreadsTest {
    private static long selectorThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().contains("SelectorManager")).count();
    }

    @Test
    void agentsThatWereMadeButNotStartedHoldNoSelectorOrWorkerThreads() {
        HttpClient shared = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long selectorsBefore = selectorThreads();
        int threadsBefore = Thread.activeCount();
        List<Agent> agents = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            agents.add(new Agent(new AgentClient(shared, "http://127.0.0.1:9", null),
                    InMemoryClusterStore.currentIstio(), "mfb_unused", c -> { }, 500));
        }
        long selectors = selectorThreads() - selectorsBefore;
        int threads = Thread.activeCount() - threadsBefore;
        assertTrue(selectors == 0, "50 agents started " + selectors + " HTTP client selector threads");
        assertTrue(threads < 5, "50 agents started " + threads + " threads");
        agents.forEach(Agent::stop);
    }
}
