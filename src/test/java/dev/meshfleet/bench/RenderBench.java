package dev.meshfleet.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import dev.meshfleet.intent.IntentCodec;
import dev.meshfleet.intent.model.MeshIntent;
import dev.meshfleet.cluster.ClusterFacts;
import dev.meshfleet.render.MeshRenderer;
import dev.meshfleet.render.RenderedResource;
import dev.meshfleet.render.schema.CrdSchemas;

/**
 * Render + Istio-schema-validate throughput, single thread, for the seed intent scaled to 500 services (each a copy of
 * payment-service: DestinationRule with subsets and policies, VirtualService with header route and split).
 * Run with scripts/bench-render. Goal (issue #3): at least 20,000 resources/s on one core.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = { "-XX:ActiveProcessorCount=1", "-Xmx1g" })
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Threads(1)
public class RenderBench {
    static final int SERVICES = 500;

    MeshIntent intent;
    ClusterFacts cluster;
    CrdSchemas schemas;
    int resourcesPerOp;

    @Setup
    public void setUp() throws Exception {
        YAMLMapper yaml = new YAMLMapper();
        ObjectNode doc = (ObjectNode) yaml.readTree(Files.readString(Path.of("deploy/examples/payments-mesh.yaml")));
        ArrayNode services = (ArrayNode) doc.at("/spec/services");
        ObjectNode template = (ObjectNode) services.get(0);
        for (int i = 1; i < SERVICES; i++) {
            ObjectNode copy = template.deepCopy();
            copy.put("name", "payment-service-" + i);
            services.add(copy);
        }
        intent = IntentCodec.accept(yaml.writeValueAsString(doc), false, "payments").model();
        cluster = ClusterFacts.current("bench", Map.of("env", "prod"));
        schemas = CrdSchemas.bundled();
        resourcesPerOp = MeshRenderer.render(intent, "payments", 1, cluster).size();
    }

    @Benchmark
    public int renderAndValidate() {
        List<RenderedResource> rendered = MeshRenderer.render(intent, "payments", 1, cluster);
        int errors = 0;
        for (RenderedResource r : rendered) {
            errors += schemas.validate(r).size();
        }
        if (errors != 0) {
            throw new IllegalStateException(errors + " schema errors");
        }
        return rendered.size();
    }

    @Benchmark
    public int renderOnly() {
        return MeshRenderer.render(intent, "payments", 1, cluster).size();
    }

    public static void main(String[] args) throws Exception {
        RenderBench probe = new RenderBench();
        probe.setUp();
        System.out.printf("intent: %d services -> %d resources per render%n", SERVICES, probe.resourcesPerOp);
        for (RunResult result : new Runner(new OptionsBuilder().include(RenderBench.class.getName()).build()).run()) {
            double opsPerSecond = result.getPrimaryResult().getScore();
            double error = result.getPrimaryResult().getScoreError();
            System.out.printf("%-20s %8.2f renders/s (+- %.2f)  = %,10.0f resources/s on one core%n",
                    result.getParams().getBenchmark().replaceAll(".*\\.", ""), opsPerSecond, error,
                    opsPerSecond * probe.resourcesPerOp);
        }
        System.out.println("goal: >= 20,000 resources/s for renderAndValidate");
    }
}
