package dev.meshfleet;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;

/**
 * The house rules of {@code ../shared/DESIGN.md}, checked over the compiled main classes: features are layered in one
 * order and never import a feature above them, the agent and the protocol stand apart, resources hold no transactions,
 * configuration is read through mappings, and no class grows past 400 lines.
 */
class ArchitectureTest {
    /** Each feature may use only the features before it in this list. */
    static final List<String> FEATURE_ORDER = List.of("common", "workflow", "audit", "tenancy", "cluster", "intent",
            "protocol", "render", "delivery", "rollout", "trust", "gitops", "console");
    static final String BASE = "dev.meshfleet";
    static final int MAX_LINES = 400;

    static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(BASE);
    }

    @Test
    void everyFeatureIsKnownToTheOrder() {
        List<String> unknown = main.stream().map(ArchitectureTest::featureOf)
                .filter(feature -> feature != null && !FEATURE_ORDER.contains(feature) && !feature.equals("agent"))
                .distinct().toList();
        assertEquals(List.of(), unknown, "feature packages missing from the order (add them to DESIGN.md and here)");
    }

    @Test
    void noFeatureImportsOneAboveIt() {
        List<ArchRule> rules = new ArrayList<>();
        for (int i = 0; i < FEATURE_ORDER.size(); i++) {
            List<String> above = FEATURE_ORDER.subList(i + 1, FEATURE_ORDER.size());
            String feature = FEATURE_ORDER.get(i);
            rules.add(noClasses().that().resideInAPackage(BASE + "." + feature + "..")
                    .should().dependOnClassesThat(inFeatures(above.toArray(String[]::new)).or(inFeatures("agent")))
                    .allowEmptyShould(true)
                    .because(feature + " comes before " + above + " in DESIGN.md's package list"));
        }
        CompositeArchRule.of(rules).check(main);
    }

    @Test
    void theProtocolUsesOnlyCommon() {
        List<String> others = new ArrayList<>(FEATURE_ORDER);
        others.removeAll(List.of("common", "protocol"));
        noClasses().that().resideInAPackage(BASE + ".protocol..")
                .should().dependOnClassesThat(inFeatures(others.toArray(String[]::new)).or(inFeatures("agent")))
                .because("the agent protocol is shared by the server and the agent").check(main);
    }

    @Test
    void theAgentUsesOnlyTheProtocolAndCommon() {
        List<String> server = new ArrayList<>(FEATURE_ORDER);
        server.removeAll(List.of("common", "protocol"));
        noClasses().that().resideInAPackage(BASE + ".agent..")
                .should().dependOnClassesThat(inFeatures(server.toArray(String[]::new)))
                .because("the agent runs in the cluster without the server's features").check(main);
    }

    @Test
    void featuresAreFreeOfCycles() {
        slices().matching(BASE + ".(*)..").should().beFreeOfCycles().check(main);
    }

    @Test
    void resourcesHoldNoTransactions() {
        classes().that().areAnnotatedWith(jakarta.ws.rs.Path.class)
                .should().notBeAnnotatedWith(jakarta.transaction.Transactional.class)
                .because("services own transactions; resources translate HTTP").check(main);
        methods().that().areDeclaredInClassesThat().areAnnotatedWith(jakarta.ws.rs.Path.class)
                .should().notBeAnnotatedWith(jakarta.transaction.Transactional.class)
                .because("services own transactions; resources translate HTTP").check(main);
    }

    @Test
    void configurationIsReadThroughMappings() {
        noClasses().should().dependOnClassesThat()
                .haveFullyQualifiedName("org.eclipse.microprofile.config.inject.ConfigProperty")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("org.eclipse.microprofile.config.ConfigProvider")
                .because("configuration is read through @ConfigMapping interfaces, one default per property")
                .check(main);
    }

    @Test
    void noMainClassIsOverFourHundredLines() throws IOException {
        List<String> tooLong = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                long lines;
                try (Stream<String> text = Files.lines(file)) {
                    lines = text.count();
                }
                if (lines > MAX_LINES) {
                    tooLong.add(file + " (" + lines + " lines)");
                }
            }
        }
        assertEquals(List.of(), tooLong, "classes over " + MAX_LINES + " lines");
    }

    private static DescribedPredicate<JavaClass> inFeatures(String... features) {
        List<String> names = List.of(features);
        return DescribedPredicate.describe("belong to " + names,
                javaClass -> {
                    String feature = featureOf(javaClass);
                    return feature != null && names.contains(feature);
                });
    }

    /** The feature a class belongs to: the package segment after the base package, or null for the base itself. */
    static String featureOf(JavaClass javaClass) {
        String name = javaClass.getPackageName();
        if (!name.startsWith(BASE + ".")) {
            return null;
        }
        String rest = name.substring(BASE.length() + 1);
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }
}
