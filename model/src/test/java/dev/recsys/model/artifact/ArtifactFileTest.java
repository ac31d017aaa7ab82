package dev.recsys.model.artifact;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactFileTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private Path written(ModelArtifact artifact) throws IOException {
    Path file = dir.resolve("model.sasrec");
    ArtifactFile.write(artifact, file);
    return file;
  }

  private Path withBytes(byte[] bytes) throws IOException {
    Path file = dir.resolve("broken.sasrec");
    Files.write(file, bytes);
    return file;
  }

  private InvalidArtifactException refused(byte[] bytes) throws IOException {
    Path file = withBytes(bytes);
    InvalidArtifactException e =
        assertThrows(InvalidArtifactException.class, () -> ArtifactFile.read(file));
    assertTrue(e.getMessage().startsWith("model artifact " + file + " "), e.getMessage());
    assertEquals(file, e.file());
    return e;
  }

  @Test
  void roundTripGivesEqualEverything() throws IOException {
    ModelArtifact original = TestArtifacts.random(1);
    ModelArtifact read = ArtifactFile.read(written(original));

    assertEquals(original, read);
    assertEquals(ArtifactFile.FORMAT_VERSION, read.formatVersion());
    assertEquals(original.config(), read.config());
    assertEquals(original.items().ids(), read.items().ids());
    assertArrayEquals(original.popularity(), read.popularity());
    assertEquals(original.provenance(), read.provenance());
    assertEquals(original.provenance().createdAt(), read.provenance().createdAt());
    assertEquals(List.copyOf(original.weights().keySet()), List.copyOf(read.weights().keySet()));
    for (String name : original.weights().keySet()) {
      Tensor expected = original.weights().get(name);
      Tensor actual = read.weights().get(name);
      assertArrayEquals(expected.shape(), actual.shape(), name);
      float[] e = expected.data();
      float[] a = actual.data();
      assertEquals(e.length, a.length, name);
      for (int i = 0; i < e.length; i++) {
        assertEquals(Float.floatToRawIntBits(e[i]), Float.floatToRawIntBits(a[i]), name + "[" + i + "]");
      }
    }
  }

  @Test
  void sameArtifactGivesIdenticalFilesAndDifferentArtifactsDiffer() throws IOException {
    Path a = dir.resolve("a.sasrec");
    Path b = dir.resolve("b.sasrec");
    Path c = dir.resolve("c.sasrec");
    ArtifactFile.write(TestArtifacts.random(5), a);
    ArtifactFile.write(TestArtifacts.random(5), b);
    ArtifactFile.write(TestArtifacts.random(6), c);
    assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
    assertEquals(ArtifactFile.sha256(a), ArtifactFile.sha256(b));
    assertNotEquals(ArtifactFile.sha256(a), ArtifactFile.sha256(c));
  }

  @Test
  void layoutIsAsDocumented() throws IOException {
    byte[] file = Files.readAllBytes(written(TestArtifacts.random(2)));
    ByteBuffer le = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals("SASRECMA", new String(file, 0, 8, java.nio.charset.StandardCharsets.US_ASCII));
    assertEquals(1, le.getInt(8));
    int headerLength = le.getInt(12);
    int floats = (TestArtifacts.ITEMS + 1) * TestArtifacts.HIDDEN + 5 * TestArtifacts.HIDDEN + TestArtifacts.HIDDEN;
    assertEquals(16 + headerLength + 4 * floats + 32, file.length);
    byte[] expectedChecksum = ArtifactBytes.sha256(java.util.Arrays.copyOf(file, file.length - 32));
    assertArrayEquals(expectedChecksum, java.util.Arrays.copyOfRange(file, file.length - 32, file.length));
    float first = TestArtifacts.random(2).weights().get("item_embedding").data()[0];
    assertEquals(first, le.getFloat(16 + headerLength));
  }

  @Test
  void truncationAtEveryOffsetIsRefusedAsTruncated() throws IOException {
    byte[] file = Files.readAllBytes(written(TestArtifacts.random(3)));
    ArtifactBytes parts = ArtifactBytes.parse(file);
    for (int length = 0; length < file.length; length++) {
      InvalidArtifactException e = refused(java.util.Arrays.copyOf(file, length));
      assertTrue(e.reason().startsWith("is truncated"), "cut at " + length + ": " + e.getMessage());
      assertTrue(e.reason().endsWith("found " + length), "cut at " + length + ": " + e.getMessage());
    }
    int insideWeights = parts.dataStart() + 100;
    assertEquals(
        "is truncated: expected " + file.length + " bytes, found " + insideWeights,
        refused(java.util.Arrays.copyOf(file, insideWeights)).reason());
    assertEquals(
        "is truncated: expected " + file.length + " bytes, found " + (file.length - 1),
        refused(java.util.Arrays.copyOf(file, file.length - 1)).reason());
  }

  @Test
  void aFlippedByteAnywhereIsRefused() throws IOException {
    byte[] file = Files.readAllBytes(written(TestArtifacts.random(4)));
    ArtifactBytes parts = ArtifactBytes.parse(file);
    for (int position = 0; position < file.length; position++) {
      for (int bit : new int[] {0x01, 0x80}) {
        byte[] damaged = file.clone();
        damaged[position] ^= (byte) bit;
        InvalidArtifactException e = refused(damaged);
        // Past the preamble and the header's structure, the checksum is what must catch it.
        if (position >= parts.dataStart()) {
          assertEquals("has a checksum mismatch (file is corrupted)", e.reason(), "at " + position);
        }
      }
    }
  }

  @Test
  void aChangedHeaderValueThatStillParsesIsCaughtByTheChecksum() throws IOException {
    byte[] file = Files.readAllBytes(written(TestArtifacts.random(4)));
    String text = new String(file, java.nio.charset.StandardCharsets.ISO_8859_1);
    int at = text.indexOf("\"seed\":4");
    assertTrue(at > 0, "fixture header holds the seed");
    file[at + "\"seed\":".length()] = '5';
    assertEquals("has a checksum mismatch (file is corrupted)", refused(file).reason());
  }

  @Test
  void badMagicIsRefused() throws IOException {
    byte[] file = Files.readAllBytes(written(TestArtifacts.random(5)));
    System.arraycopy("NOTMODEL".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, file, 0, 8);
    assertEquals("is not a model artifact (bad magic)", refused(file).reason());
    assertEquals(
        "is not a model artifact (bad magic)",
        refused("{\"hello\": \"world\"}\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)).reason());
    assertEquals("is not a model artifact (bad magic)", refused(new byte[] {'S', 'X'}).reason());
  }

  @Test
  void unsupportedVersionIsRefusedNamingBothVersions() throws IOException {
    Path file = written(TestArtifacts.random(6));
    byte[] bytes = Files.readAllBytes(file);
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 7);
    InvalidArtifactException e = refused(bytes);
    assertEquals("has format version 7; this build reads version 1", e.reason());
    assertTrue(e.getMessage().contains("broken.sasrec has format version 7"), e.getMessage());
  }

  @Test
  void hugeHeaderLengthIsRefusedWithoutAllocatingIt() throws IOException {
    byte[] bytes = Files.readAllBytes(written(TestArtifacts.random(7)));
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(12, Integer.MAX_VALUE);
    Path file = withBytes(bytes);

    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
    long thread = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(thread);
    InvalidArtifactException e =
        assertThrows(InvalidArtifactException.class, () -> ArtifactFile.read(file));
    long allocated = threads.getThreadAllocatedBytes(thread) - before;

    long expected = 16L + Integer.MAX_VALUE + 32;
    assertEquals(
        "is truncated: expected at least " + expected + " bytes, found " + bytes.length, e.reason());
    assertTrue(allocated < 16 << 20, "read allocated " + allocated + " bytes for a tiny file");
  }

  @Test
  void negativeOrTinyHeaderLengthIsRefused() throws IOException {
    byte[] bytes = Files.readAllBytes(written(TestArtifacts.random(8)));
    for (int length : new int[] {Integer.MIN_VALUE, -1, 0, 1}) {
      byte[] damaged = bytes.clone();
      ByteBuffer.wrap(damaged).order(ByteOrder.LITTLE_ENDIAN).putInt(12, length);
      assertTrue(refused(damaged).reason().contains("impossible header length " + length));
    }
  }

  @Test
  void headerLengthThatMissesTheHeaderEndIsRefused() throws IOException {
    byte[] bytes = Files.readAllBytes(written(TestArtifacts.random(8)));
    int length = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(12);
    for (int wrong : new int[] {length - 1, length + 1, length + 40}) {
      byte[] damaged = bytes.clone();
      ByteBuffer.wrap(damaged).order(ByteOrder.LITTLE_ENDIAN).putInt(12, wrong);
      assertTrue(refused(damaged).reason().startsWith("header is not valid JSON"), "length " + wrong);
    }
  }

  @Test
  void bytesAfterTheChecksumAreRefused() throws IOException {
    byte[] bytes = Files.readAllBytes(written(TestArtifacts.random(9)));
    byte[] longer = java.util.Arrays.copyOf(bytes, bytes.length + 3);
    assertEquals(
        "has 3 unexpected bytes after its end (expected " + bytes.length + " bytes, found "
            + longer.length + "; file is corrupted)",
        refused(longer).reason());
  }

  // Files below carry a valid checksum, so only the content validation can refuse them.

  private byte[] forgedHeader(UnaryOperator<ObjectNode> edit) throws IOException {
    ArtifactBytes parts = ArtifactBytes.parse(Files.readAllBytes(written(TestArtifacts.random(10))));
    ObjectNode header = (ObjectNode) JSON.readTree(parts.header());
    return parts.withHeader(JSON.writeValueAsString(edit.apply(header))).toFile();
  }

  @Test
  void forgedFileWithoutEditsIsAccepted() throws IOException {
    // Guards the forging helper itself: the refusals below must come from the edits.
    assertEquals(TestArtifacts.random(10), ArtifactFile.read(withBytes(forgedHeader(h -> h))));
  }

  @Test
  void invalidConfigIsRefusedWithTheConfigReason() throws IOException {
    InvalidArtifactException e =
        refused(forgedHeader(h -> { ((ObjectNode) h.get("config")).put("heads", 3); return h; }));
    assertTrue(e.reason().contains("heads=3 must divide hiddenSize 8"), e.getMessage());
    assertTrue(e.getCause() != null);
  }

  @Test
  void duplicateItemIdIsRefused() throws IOException {
    InvalidArtifactException e =
        refused(forgedHeader(h -> { ((ArrayNode) h.get("items")).set(1, h.get("items").get(0)); return h; }));
    assertTrue(e.reason().contains("duplicate item id 'item-10-0'"), e.getMessage());
  }

  @Test
  void popularityThatDoesNotMatchTheVocabularyIsRefused() throws IOException {
    assertTrue(refused(forgedHeader(h -> { ((ArrayNode) h.get("popularity")).add(1); return h; }))
        .reason().contains("popularity has 12 entries, expected 11"));
    assertTrue(refused(forgedHeader(h -> { ((ArrayNode) h.get("popularity")).set(3, -4); return h; }))
        .reason().contains("negative"));
  }

  @Test
  void inconsistentTensorDirectoryIsRefused() throws IOException {
    assertTrue(refused(forgedHeader(h -> {
      ((ObjectNode) h.get("tensors").get(1)).put("offset", 4); return h; }))
        .reason().contains("at offset 4, expected 352"));
    assertTrue(refused(forgedHeader(h -> {
      ((ObjectNode) h.get("tensors").get(2)).put("name", "item_embedding"); return h; }))
        .reason().contains("repeated name 'item_embedding'"));
    assertTrue(refused(forgedHeader(h -> {
      ((ObjectNode) h.get("tensors").get(2)).putArray("shape").add(-8).add(-1); return h; }))
        .reason().contains("negative dimension"));
    // A shape claiming more data than the file holds reads as truncation, not as an allocation.
    assertTrue(refused(forgedHeader(h -> {
      ((ObjectNode) h.get("tensors").get(2)).putArray("shape").add(1 << 30); return h; }))
        .reason().startsWith("is truncated"));
  }

  @Test
  void missingOrUnknownHeaderFieldsAreRefused() throws IOException {
    assertTrue(refused(forgedHeader(h -> { h.remove("provenance"); return h; }))
        .reason().contains("provenance"));
    assertTrue(refused(forgedHeader(h -> { h.put("surprise", 1); return h; }))
        .reason().contains("surprise"));
    assertTrue(refused(forgedHeader(h -> {
      ((ObjectNode) h.get("provenance")).put("createdAt", "yesterday"); return h; }))
        .reason().contains("yesterday"));
  }

  @Test
  void nonFiniteWeightsAreRefused() throws IOException {
    for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
      ArtifactBytes parts = ArtifactBytes.parse(Files.readAllBytes(written(TestArtifacts.random(11))));
      byte[] data = parts.data().clone();
      ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).putFloat(4 * 20, bad);
      InvalidArtifactException e = refused(parts.withData(data).toFile());
      assertTrue(e.reason().contains("weight 'item_embedding'"), e.getMessage());
      assertTrue(e.reason().contains("non-finite value " + bad + " at 20"), e.getMessage());
    }
  }

  @Test
  void writeLeavesNoTemporaryFileAndOverwrites() throws IOException {
    Path file = dir.resolve("model.sasrec");
    ArtifactFile.write(TestArtifacts.random(12), file);
    ArtifactFile.write(TestArtifacts.random(13), file);
    assertEquals(TestArtifacts.random(13), ArtifactFile.read(file));
    try (Stream<Path> entries = Files.list(dir)) {
      assertEquals(List.of(file), entries.toList());
    }
  }

  @Test
  void refusedWriteLeavesTheExistingArtifactAlone() throws IOException {
    Path file = written(TestArtifacts.random(14));
    byte[] before = Files.readAllBytes(file);
    ModelArtifact future = TestArtifacts.random(15);
    ModelArtifact unwritable =
        new ModelArtifact(2, future.config(), future.items(), future.weights(), future.popularity(), future.provenance());
    assertThrows(IllegalArgumentException.class, () -> ArtifactFile.write(unwritable, file));
    assertArrayEquals(before, Files.readAllBytes(file));
    try (Stream<Path> entries = Files.list(dir)) {
      assertEquals(List.of(file), entries.toList());
    }
  }

  @Test
  void readersNeverSeeAHalfWrittenFile() throws Exception {
    Path file = dir.resolve("model.sasrec");
    List<ModelArtifact> versions = List.of(TestArtifacts.random(16), TestArtifacts.random(17));
    ArtifactFile.write(versions.get(0), file);
    AtomicBoolean writing = new AtomicBoolean(true);
    ExecutorService executor = Executors.newFixedThreadPool(2);
    try {
      Future<Integer> reader = executor.submit(() -> {
        int reads = 0;
        while (writing.get() || reads < 10) {
          assertTrue(versions.contains(ArtifactFile.read(file)));
          reads++;
        }
        return reads;
      });
      Future<?> writer = executor.submit(() -> {
        try {
          for (int i = 0; i < 200; i++) {
            ArtifactFile.write(versions.get(i % 2), file);
          }
        } finally {
          writing.set(false);
        }
        return null;
      });
      writer.get();
      assertTrue(reader.get() >= 10);
    } finally {
      executor.shutdownNow();
    }
    try (Stream<Path> entries = Files.list(dir)) {
      assertEquals(List.of(file), entries.toList());
    }
  }

  @Test
  void sha256IsTheDigestOfTheWholeFile() throws Exception {
    Path file = written(TestArtifacts.random(18));
    String expected =
        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    assertEquals(expected, ArtifactFile.sha256(file));
    assertTrue(expected.matches("[0-9a-f]{64}"));
  }

  @Test
  void missingFileIsReportedByPath() {
    Path missing = dir.resolve("nowhere.sasrec");
    NoSuchFileException read = assertThrows(NoSuchFileException.class, () -> ArtifactFile.read(missing));
    assertTrue(read.getMessage().contains(missing.toString()), read.getMessage());
    assertTrue(read.getMessage().contains("model artifact does not exist"), read.getMessage());
    NoSuchFileException digest = assertThrows(NoSuchFileException.class, () -> ArtifactFile.sha256(missing));
    assertEquals(missing.toString(), digest.getFile());
    assertFalse(Files.exists(missing));
  }

  @Test
  void writeNeedsAnExistingDirectory() {
    Path nested = dir.resolve("no/such/dir/model.sasrec");
    assertThrows(NoSuchFileException.class, () -> ArtifactFile.write(TestArtifacts.random(19), nested));
    assertFalse(Files.exists(dir.resolve("no")));
  }
}
