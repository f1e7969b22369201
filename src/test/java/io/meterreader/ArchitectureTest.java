package io.meterreader;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Keeps the dependency arrows of DESIGN.md true: data flows camera -> pipeline -> inference ->
 * gauge -> store -> api; only the pipeline knows every stage; Spring stays at the edges.
 */
@AnalyzeClasses(packages = "io.meterreader", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String SPRING = "org.springframework..";

    @ArchTest
    static final ArchRule frame_dependsOnNothing = noClasses().that().resideInAPackage("io.meterreader.frame..")
            .should().dependOnClassesThat().resideOutsideOfPackages("io.meterreader.frame..", "java..")
            .because("frame holds the plain records every stage shares");

    @ArchTest
    static final ArchRule plainPackages_importNoSpring = noClasses()
            .that().resideInAnyPackage("io.meterreader.gauge..", "io.meterreader.inference.yolo..",
                    "io.meterreader.sim..", "io.meterreader.frame..")
            .should().dependOnClassesThat().resideInAPackage(SPRING)
            .because("geometry, decoding and the renderer are plain Java that tests drive without Spring");

    @ArchTest
    static final ArchRule nothing_dependsOnApi = noClasses().that().resideOutsideOfPackage("io.meterreader.api..")
            .should().dependOnClassesThat().resideInAPackage("io.meterreader.api..")
            .because("the API is an edge");

    @ArchTest
    static final ArchRule nothing_dependsOnCli = noClasses()
            .that().resideOutsideOfPackage("io.meterreader.cli..")
            .and().doNotHaveFullyQualifiedName("io.meterreader.MeterReaderApplication")
            .should().dependOnClassesThat().resideInAPackage("io.meterreader.cli..")
            .because("the command line is an edge");

    @ArchTest
    static final ArchRule camera_knowsNoLaterStage = noClasses().that().resideInAPackage("io.meterreader.camera..")
            .should().dependOnClassesThat().resideInAnyPackage("io.meterreader.inference..", "io.meterreader.gauge..",
                    "io.meterreader.store..", "io.meterreader.pipeline..")
            .because("cameras only produce frames");

    @ArchTest
    static final ArchRule inference_knowsNoOtherStage = noClasses()
            .that().resideInAPackage("io.meterreader.inference..")
            .should().dependOnClassesThat().resideInAnyPackage("io.meterreader.camera..", "io.meterreader.gauge..",
                    "io.meterreader.store..", "io.meterreader.pipeline..", "io.meterreader.sim..")
            .because("models turn images into detections and know nothing else");

    @ArchTest
    static final ArchRule gauge_knowsNoOtherStage = noClasses().that().resideInAPackage("io.meterreader.gauge..")
            .should().dependOnClassesThat().resideInAnyPackage("io.meterreader.camera..",
                    "io.meterreader.inference..", "io.meterreader.store..", "io.meterreader.pipeline..",
                    "io.meterreader.sim..")
            .because("geometry turns masks into readings and knows nothing else");

    @ArchTest
    static final ArchRule store_knowsNoOtherStage = noClasses().that().resideInAPackage("io.meterreader.store..")
            .should().dependOnClassesThat().resideInAnyPackage("io.meterreader.camera..",
                    "io.meterreader.inference..", "io.meterreader.gauge..", "io.meterreader.pipeline..",
                    "io.meterreader.sim..")
            .because("the store keeps readings and knows nothing of how they were made");

    @ArchTest
    static final ArchRule sim_isStandalone = noClasses().that().resideInAPackage("io.meterreader.sim..")
            .should().dependOnClassesThat().resideInAnyPackage("io.meterreader.camera..",
                    "io.meterreader.inference..", "io.meterreader.gauge..", "io.meterreader.store..",
                    "io.meterreader.pipeline..", "io.meterreader.metrics..")
            .because("the renderer is a tool that depends only on the shared records");

    @ArchTest
    static final ArchRule metrics_knowsNoStage = noClasses().that().resideInAPackage("io.meterreader.metrics..")
            .should().dependOnClassesThat().resideInAnyPackage("io.meterreader.inference..",
                    "io.meterreader.gauge..", "io.meterreader.store..", "io.meterreader.pipeline..",
                    "io.meterreader.sim..")
            .because("metrics names meters once; stages record into them");

    @ArchTest
    static final ArchRule config_knowsNoStage = noClasses().that().resideInAPackage("io.meterreader.config..")
            .should().dependOnClassesThat().resideInAnyPackage("io.meterreader.camera..",
                    "io.meterreader.inference..", "io.meterreader.gauge..", "io.meterreader.store..",
                    "io.meterreader.pipeline..", "io.meterreader.sim..", "io.meterreader.metrics..")
            .because("configuration is read by every stage and reads none");

    @ArchTest
    static final ArchRule mqtt_isAnOutputOnlyThePipelineFeeds = noClasses()
            .that().resideOutsideOfPackages("io.meterreader.mqtt..", "io.meterreader.pipeline..")
            .should().dependOnClassesThat().resideInAPackage("io.meterreader.mqtt..")
            .because("MQTT is an edge: the pipeline's wiring hands it readings");

    @ArchTest
    static final ArchRule mqtt_knowsNoStage = noClasses().that().resideInAPackage("io.meterreader.mqtt..")
            .should().dependOnClassesThat().resideInAnyPackage("io.meterreader.camera..",
                    "io.meterreader.inference..", "io.meterreader.gauge..", "io.meterreader.store..",
                    "io.meterreader.pipeline..", "io.meterreader.sim..", "io.meterreader.api..")
            .because("MQTT publishes readings and knows nothing of how they were made");

    @ArchTest
    static final ArchRule opcua_isAnOutputOnlyThePipelineFeeds = noClasses()
            .that().resideOutsideOfPackages("io.meterreader.opcua..", "io.meterreader.pipeline..")
            .should().dependOnClassesThat().resideInAPackage("io.meterreader.opcua..")
            .because("OPC UA is an edge: the pipeline's wiring hands it readings");

    @ArchTest
    static final ArchRule opcua_knowsNoStage = noClasses().that().resideInAPackage("io.meterreader.opcua..")
            .should().dependOnClassesThat().resideInAnyPackage("io.meterreader.camera..",
                    "io.meterreader.inference..", "io.meterreader.gauge..", "io.meterreader.store..",
                    "io.meterreader.pipeline..", "io.meterreader.sim..", "io.meterreader.api..",
                    "io.meterreader.mqtt..")
            .because("OPC UA serves readings and knows nothing of how they were made");

    @ArchTest
    static final ArchRule modbus_isAnOutputOnlyThePipelineFeeds = noClasses()
            .that().resideOutsideOfPackages("io.meterreader.modbus..", "io.meterreader.pipeline..")
            .should().dependOnClassesThat().resideInAPackage("io.meterreader.modbus..")
            .because("Modbus is an edge: the pipeline's wiring hands it readings");

    @ArchTest
    static final ArchRule modbus_knowsNoStage = noClasses().that().resideInAPackage("io.meterreader.modbus..")
            .should().dependOnClassesThat().resideInAnyPackage("io.meterreader.camera..",
                    "io.meterreader.inference..", "io.meterreader.gauge..", "io.meterreader.store..",
                    "io.meterreader.pipeline..", "io.meterreader.sim..", "io.meterreader.api..",
                    "io.meterreader.mqtt..", "io.meterreader.opcua..")
            .because("Modbus serves readings and knows nothing of how they were made");
}
