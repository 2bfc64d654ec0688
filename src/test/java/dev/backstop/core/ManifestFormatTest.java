package dev.backstop.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The reading rules of docs/manifest.md: unknown fields ignored, newer formats told apart from garbage. */
class ManifestFormatTest {

    /** Today's manifest as a JSON tree, changed by {@code edit}, as bytes. */
    private static byte[] edited(Consumer<ObjectNode> edit) throws Exception {
        ObjectNode tree = (ObjectNode) Json.mapper().readTree(ManifestGoldenTest.sample().toJson());
        edit.accept(tree);
        return Json.mapper().writeValueAsBytes(tree);
    }

    private static ObjectNode component(ObjectNode tree, int i) {
        return (ObjectNode) tree.get("components").get(i);
    }

    static Stream<Arguments> unknownFields() {
        return Stream.of(
                Arguments.of("top level", (Consumer<ObjectNode>) t -> t.putObject("encryption")
                        .put("recipients", "age1xyz").putArray("files").add("appdb.sql.gz")),
                Arguments.of("component", (Consumer<ObjectNode>) t -> component(t, 0).putObject("deduplication")
                        .put("chunker", "fastcdc").put("pack", "20251103T020001Z")),
                Arguments.of("facts", (Consumer<ObjectNode>) t -> ((ObjectNode) component(t, 0).get("facts"))
                        .put("binlog_file", "mariadb-bin.000042").put("binlog_position", 1234).put("gtid", "0-1-77")),
                Arguments.of("file note", (Consumer<ObjectNode>) t -> ((ObjectNode) component(t, 1).get("facts")
                        .get("skipped").get(0)).put("inode", 99)),
                Arguments.of("anomaly", (Consumer<ObjectNode>) t -> ((ObjectNode) t.get("anomalies").get(0))
                        .putArray("history").add(4211)),
                Arguments.of("null where nothing is known", (Consumer<ObjectNode>) t -> t.putNull("chain")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unknownFields")
    void read_unknownFieldAtAnyLevel_isIgnored(String where, Consumer<ObjectNode> edit) throws Exception {
        ManifestReading reading = ManifestFormat.read(edited(edit));

        assertThat(reading).isEqualTo(new ManifestReading.Known(ManifestGoldenTest.sample()));
    }

    @Test
    void read_newerFormatWithUnknownShapes_isNewerWithWhatCanBeRead() throws Exception {
        // given format 4, whose components changed shape in ways this version cannot know
        byte[] json = edited(t -> {
            t.put("format_version", 4);
            t.put("started", 1762221601);
            t.putObject("chain").put("base", "20251101T020001Z");
            component(t, 0).put("bytes", "ten");
            component(t, 1).putObject("parts").put("count", 3);
            ((ArrayNode) t.get("components")).add("not an object").addObject().put("file", "extra.bin").put("bytes", 7);
        });

        // when
        ManifestReading reading = ManifestFormat.read(json);

        // then it is a newer set, with its id, host and the files whose sizes could be read
        assertThat(reading).isEqualTo(new ManifestReading.Newer(4, "20251104T020001Z", "api-gateway", List.of(
                new ManifestReading.FileSize("application.tar.zst", 2048),
                new ManifestReading.FileSize("packages.txt.gz", 5),
                new ManifestReading.FileSize("extra.bin", 7))));
        assertThat(((ManifestReading.Newer) reading).describe())
                .isEqualTo("written by a newer backstop (manifest format 4)");
        assertThat(((ManifestReading.Newer) reading).bytes()).isEqualTo(2060);
    }

    @Test
    void read_newerFormatWithoutComponents_isStillNewer() throws Exception {
        byte[] json = "{\"format_version\": 7, \"id\": \"20251104T020001Z\"}".getBytes(StandardCharsets.UTF_8);

        assertThat(ManifestFormat.read(json)).isEqualTo(new ManifestReading.Newer(7, "20251104T020001Z", null, List.of()));
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("not JSON", "not json"),
                Arguments.of("empty", ""),
                Arguments.of("an array", "[1]"),
                Arguments.of("no format_version", "{\"id\": \"20251104T020001Z\", \"components\": []}"),
                Arguments.of("format_version a string", "{\"format_version\": \"1\", \"id\": \"20251104T020001Z\","
                        + " \"components\": []}"),
                Arguments.of("format_version 0", "{\"format_version\": 0, \"id\": \"20251104T020001Z\", \"components\": []}"),
                Arguments.of("format_version a fraction", "{\"format_version\": 2.5, \"id\": \"20251104T020001Z\"}"),
                Arguments.of("no id", "{\"format_version\": 1, \"components\": []}"),
                Arguments.of("a bad id", "{\"format_version\": 1, \"id\": \"yesterday\", \"components\": []}"),
                Arguments.of("an id of the wrong type", "{\"format_version\": 1, \"id\": 20251104, \"components\": []}"),
                Arguments.of("a newer format without an id", "{\"format_version\": 3, \"components\": []}"),
                Arguments.of("no components", "{\"format_version\": 1, \"id\": \"20251104T020001Z\"}"),
                Arguments.of("components not a list", "{\"format_version\": 1, \"id\": \"20251104T020001Z\","
                        + " \"components\": {}}"),
                Arguments.of("a null component", "{\"format_version\": 1, \"id\": \"20251104T020001Z\","
                        + " \"components\": [null]}"),
                Arguments.of("bytes of the wrong type", "{\"format_version\": 1, \"id\": \"20251104T020001Z\","
                        + " \"components\": [{\"file\": \"a.gz\", \"bytes\": {\"n\": 1}}]}"),
                Arguments.of("facts of the wrong type", "{\"format_version\": 1, \"id\": \"20251104T020001Z\","
                        + " \"components\": [{\"file\": \"a.gz\", \"facts\": [1, 2]}]}"),
                Arguments.of("a time that is no time", "{\"format_version\": 1, \"id\": \"20251104T020001Z\","
                        + " \"started\": \"tuesday\", \"components\": []}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void read_malformed_isGarbageWithAReason(String what, String json) {
        ManifestReading reading = ManifestFormat.read(json.getBytes(StandardCharsets.UTF_8));

        assertThat(reading).isInstanceOf(ManifestReading.Malformed.class);
        assertThat(((ManifestReading.Malformed) reading).reason()).isNotBlank().doesNotContain("\n");
    }

    @Test
    void read_versionThisReaderWrites_isKnown() throws Exception {
        JsonNode tree = Json.mapper().readTree(ManifestGoldenTest.sample().toJson());

        assertThat(tree.get("format_version").intValue()).isEqualTo(ManifestFormat.CLEAR).isEqualTo(1);
        assertThat(ManifestFormat.read(ManifestGoldenTest.sample().toJson())).isInstanceOf(ManifestReading.Known.class);
    }

    @Test
    void versionFor_anEncryptedComponent_isFormat2WhichThisVersionReads() {
        // given the sample set with its first component sealed for one recipient
        Manifest sample = ManifestGoldenTest.sample();
        List<ComponentEntry> components = new ArrayList<>(sample.components());
        ComponentEntry db = components.get(0);
        components.set(0, new ComponentEntry(db.name(), db.type(), db.file() + ".age", db.compression(), db.bytes(),
                db.rawBytes(), db.sha256(), db.durationMs(), db.facts(),
                new ComponentEncryption(ComponentEncryption.AGE, List.of("0123456789abcdef"))));

        // when
        Manifest encrypted = Manifest.forComponents(sample.id(), sample.host(), sample.backstopVersion(),
                sample.started(), sample.finished(), components, sample.anomalies());

        // then a reader of format 1 sees a newer set, not .age bytes it would take for gzip; this one reads it
        assertThat(encrypted.formatVersion()).isEqualTo(ManifestFormat.ENCRYPTED).isEqualTo(2);
        assertThat(ManifestFormat.read(encrypted.toJson())).isEqualTo(new ManifestReading.Known(encrypted));
        assertThat(Manifest.forComponents(sample.id(), sample.host(), sample.backstopVersion(), sample.started(),
                sample.finished(), sample.components(), sample.anomalies()).formatVersion()).isEqualTo(1);
    }

    @Test
    void versionFor_aLogPositionInsteadOfADump_isFormat3WrittenWithoutAFileAndReadBack() throws Exception {
        // given the sample set without its database component, whose log position it records instead
        Manifest sample = ManifestGoldenTest.sample();
        List<ComponentEntry> rest = sample.components().subList(1, sample.components().size());
        LogPositionEntry position = new LogPositionEntry(sample.components().get(0).name(), "mysql",
                new SourceFacts.BinlogPosition("bin.000007", 2048, "0-1-9"), sample.finished(), "20251103T020001Z",
                "full_dump_every 1d not due");

        // when
        Manifest withPosition = Manifest.forComponents(sample.id(), sample.host(), sample.backstopVersion(),
                sample.started(), sample.finished(), rest, sample.anomalies(), List.of(position));
        String json = new String(withPosition.toJson(), java.nio.charset.StandardCharsets.UTF_8);

        // then a reader of format 2 sees a newer set instead of one without that database; this one reads it,
        // and SHA256SUMS lists no file for it
        assertThat(withPosition.formatVersion()).isEqualTo(ManifestFormat.LOG_POSITIONS).isEqualTo(3);
        assertThat(json).contains("\"log_positions\" : [ {").contains("\"dump\" : \"20251103T020001Z\"")
                .contains("\"file\" : \"bin.000007\"");
        assertThat(ManifestFormat.read(withPosition.toJson())).isEqualTo(new ManifestReading.Known(withPosition));
        assertThat(withPosition.logPosition(position.name())).contains(position);
        assertThat(new String(withPosition.sha256Sums(), java.nio.charset.StandardCharsets.UTF_8))
                .doesNotContain(sample.components().get(0).file());
        assertThat(new String(sample.toJson(), java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("log_positions");
    }

    @Test
    void binlogPosition_writtenInTheFactsAndReadBack_formatUnchanged() throws Exception {
        Manifest sample = ManifestGoldenTest.sample();
        List<ComponentEntry> components = new ArrayList<>(sample.components());
        ComponentEntry db = components.get(0);
        SourceFacts.BinlogPosition position = new SourceFacts.BinlogPosition("bin.000007", 1086, "0-1-5");
        components.set(0, new ComponentEntry(db.name(), db.type(), db.file(), db.compression(), db.bytes(),
                db.rawBytes(), db.sha256(), db.durationMs(), db.facts().withBinlog(position)));
        byte[] json = ManifestFormat.write(new Manifest(sample.formatVersion(), sample.id(), sample.host(),
                sample.backstopVersion(), sample.started(), sample.finished(), components, sample.anomalies()));

        JsonNode binlog = Json.mapper().readTree(json).get("components").get(0).get("facts").get("binlog");
        assertThat(binlog.get("file").textValue()).isEqualTo("bin.000007");
        assertThat(binlog.get("position").longValue()).isEqualTo(1086);
        assertThat(binlog.get("gtid").textValue()).isEqualTo("0-1-5");
        assertThat(Json.mapper().readTree(json).get("format_version").intValue()).isEqualTo(1);
        ManifestReading.Known read = (ManifestReading.Known) ManifestFormat.read(json);
        assertThat(read.manifest().components().get(0).facts().binlog()).isEqualTo(position);
        assertThat(read.manifest().components().get(1).facts().binlog()).isNull();
    }
}
