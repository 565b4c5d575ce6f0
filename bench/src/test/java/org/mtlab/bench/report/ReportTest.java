package org.mtlab.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.mtlab.bench.report.Fixtures.cells;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/**
 * Renders the report from the committed fixture run (src/test/resources/fixtures/run-old) and
 * checks its tables, ratios, target verdicts and charts. Expected numbers are the fixture's JMH
 * scores, worked out by hand in the comments: score and error per op, MB/s = ops/s x 16384 / 10^6,
 * ratio errors by first-order propagation.
 */
class ReportTest {
  // The fixture's JMH scores (ops/s) and 99.9% errors, copied from run-old/jmh.json.
  static final double FAST_ENC = 44410.41863426183;
  static final double FAST_ENC_ERR = 83799.43409985921;
  static final double FAST_DEC = 35087.099339577384;
  static final double FAST_DEC_ERR = 18440.614529065748;
  static final double BC_DEC = 9227.709288498752;
  static final double BC_DEC_ERR = 1887.9400652292256;
  static final double CBC = 52820.68322720302;
  static final double CBC_ERR = 9394.202677339625;
  static final double DERIVE_FAST = 5604561.783978299;
  static final double DERIVE_FAST_ERR = 1147088.7573904586;
  static final double DERIVE_REF = 242853.81377431564;
  static final double DERIVE_REF_ERR = 2101713.9724295703;

  @TempDir static Path tmp;
  static Path run;
  static String report;
  static List<String> lines;

  @BeforeAll
  static void render() throws IOException {
    run = Fixtures.copy("run-old", tmp);
    Path file = Report.write(run, Suite.load());
    report = Files.readString(file, StandardCharsets.UTF_8);
    lines = Arrays.asList(report.split("\n"));
  }

  private static String line(String... parts) {
    return Fixtures.line(lines, parts);
  }

  @Test
  void throughputTableHasOpsTimeMegabytesAndAllocationFromTheFixture() {
    String[] c = cells(line("(`fastEncrypt`)", "size=16 KiB"));
    assertThat(c[1]).isEqualTo("subject");
    // 44410.4 ± 83799.4 ops/s, whole numbers above 100
    assertThat(c[3]).isEqualTo("44,410 ± 83,799");
    // 1 / 44410.4 s = 22.517 µs, same relative error: 22.517 x 83799.4 / 44410.4 = 42.49
    assertThat(c[4]).isEqualTo("22.5 ± 42.5 µs");
    // 44410.4 x 16384 / 10^6 = 727.62 MB/s ± 1372.97
    assertThat(c[5]).isEqualTo("728 ± 1,373");
    // gc.alloc.rate.norm 0.44507 ± 0.86726 B/op, three significant digits
    assertThat(c[6]).isEqualTo("0.445 ± 0.867");

    String[] cbc = cells(line("(`cbcEncrypt`)", "size=16 KiB"));
    assertThat(cbc[1]).isEqualTo("baseline");
    assertThat(cbc[3]).isEqualTo("52,821 ± 9,394");
    // 52820.68 x 0.016384 = 865.42 ± 153.91
    assertThat(cbc[5]).isEqualTo("865 ± 154");

    // A benchmark without a size: no MB/s; 1 / 5604561.8 s = 178.43 ns ± 36.52
    String[] derive = cells(line("(`deriveFast`)"));
    assertThat(derive[2]).isEqualTo("-");
    assertThat(derive[3]).isEqualTo("5,604,562 ± 1,147,089");
    assertThat(derive[4]).isEqualTo("178 ± 37 ns");
    assertThat(derive[5]).isEqualTo("-");
    // deriveReference allocates: 1176.09 ± 0.63 B/op
    assertThat(cells(line("(`deriveReference`)"))[6]).isEqualTo("1,176 ± 1");
  }

  @Test
  void ratiosAreComputedFromTheFixtureWithPropagatedErrors() throws IOException {
    List<JmhResult> results = JmhJson.read(run.resolve("jmh.json"));
    List<Ratios.Point> points = Ratios.compute(Suite.load(), results);

    Ratios.Point encCbc = point(points, "ige.encrypt/cbc");
    double r = FAST_ENC / CBC;
    double e = r * Math.hypot(FAST_ENC_ERR / FAST_ENC, CBC_ERR / CBC);
    assertThat(encCbc.value().value()).isCloseTo(r, within(1e-12));
    assertThat(encCbc.value().error()).isCloseTo(e, within(1e-12));
    assertThat(r).isCloseTo(0.84078, within(1e-5));

    Ratios.Point decBc = point(points, "ige.decrypt/bc");
    double r2 = FAST_DEC / BC_DEC;
    assertThat(decBc.value().value()).isCloseTo(r2, within(1e-12));
    assertThat(decBc.value().error())
        .isCloseTo(r2 * Math.hypot(FAST_DEC_ERR / FAST_DEC, BC_DEC_ERR / BC_DEC), within(1e-12));

    Ratios.Point derive = point(points, "kdf.derive/reference");
    assertThat(derive.value().value()).isCloseTo(DERIVE_FAST / DERIVE_REF, within(1e-9));
    assertThat(derive.params()).isEmpty();

    // The report prints them: 0.84078 ± 1.59352, 3.80236 ± 2.14448, 23.0779 ± 199.778
    assertThat(cells(line("| fast encrypt / JDK CBC encrypt | speed |"))[3])
        .isEqualTo("0.841 ± 1.594");
    assertThat(cells(line("| fast decrypt / BC decrypt | speed |"))[3]).isEqualTo("3.80 ± 2.14");
    assertThat(cells(line("| fast derive / reference derive | speed |"))[3])
        .isEqualTo("23.1 ± 199.8");
    // The fixture has no reference IGE or ECB results, so those ratios are absent.
    assertThat(report)
        .doesNotContain("fast encrypt / reference encrypt |")
        .doesNotContain("fast encrypt / JDK ECB (for scale) |");
  }

  private static Ratios.Point point(List<Ratios.Point> points, String id) {
    List<Ratios.Point> found =
        points.stream().filter(p -> p.def().id().equals(id)).collect(Collectors.toList());
    assertThat(found).as(id).hasSize(1);
    return found.get(0);
  }

  @Test
  void targetsAreJudgedOnTheMeasuredValues() {
    // 0.841 < 0.85: not met, and the threshold lies within ± 1.594
    assertThat(
            cells(
                line(
                    "fast IGE encryption >= 0.85x JDK AES/CBC encryption (vector",
                    "size=16 KiB |")))
        .endsWith("0.841 ± 1.594 x", ">= 0.85 x", "**NOT MET** (marginal)");
    // 0.664 >= 0.6, within ± 0.369
    assertThat(
            cells(
                line(
                    "fast IGE decryption >= 0.6x JDK AES/CBC encryption (vector", "size=16 KiB |")))
        .endsWith("0.664 ± 0.369 x", ">= 0.6 x", "**MET** (marginal)");
    // 3.80 < 5, |3.80 - 5| = 1.20 <= 2.14
    assertThat(
            cells(
                line(
                    "fast IGE decryption >= 5x the Bouncy Castle engine (vector", "size=16 KiB |")))
        .endsWith("3.80 ± 2.14 x", ">= 5 x", "**NOT MET** (marginal)");
    // The fixture predates the scalar-kernel benchmark: listed, not measured
    assertThat(cells(line("the Bouncy Castle engine (scalar kernels)", "size=16 KiB")))
        .endsWith("-", ">= 5 x", "**NOT MEASURED**");
    assertThat(cells(line("0.85x JDK AES/CBC encryption (scalar kernels", "size=1 MiB")))
        .endsWith("-", ">= 0.85 x", "**NOT MEASURED**");
    // The fixture has no 1 MiB results: each named size gets its own row
    assertThat(cells(line("0.85x JDK AES/CBC encryption (vector", "1 MiB: not in this run")))
        .endsWith("-", ">= 0.85 x", "**NOT MEASURED**");
    // Allocation: the worst of fastEncrypt 0.445, fastDecrypt 0.556, deriveFast 0.0035 B/op
    assertThat(cells(line("allocate nothing per op")))
        .contains("worst of 3: MTLab fast decrypt @ size=16 KiB")
        .endsWith("0.556 ± 0.228 B/op", "< 8 B/op", "**MET**");
    // Later issues' targets are listed, not measured
    assertThat(cells(line("a whole in-memory handshake takes < 30 ms")))
        .endsWith("**NOT MEASURED**");
    assertThat(cells(line("a 64-byte message seals")))
        .endsWith(">= 1,500,000 ops/s", "**NOT MEASURED**");
    assertThat(cells(line("a secret-chat seal of 1 KiB costs")))
        .endsWith("<= 1.1 x", "**NOT MEASURED**");
    assertThat(cells(line("handshakes a second over loopback")))
        .endsWith(">= 0.8 x", "**NOT MEASURED**");
    assertThat(cells(line("at least 25,000 cloud messages of 1 KiB a second")))
        .endsWith(">= 25,000 ops/s", "**NOT MEASURED**");
    assertThat(report).contains("2 met, 3 not met, 22 not measured.");
  }

  @Test
  void headerNamesTheJvmMachineAndSettings() {
    assertThat(line("| JVM benchmarked (from jmh.json) |"))
        .contains("OpenJDK 64-Bit Server VM 17.0.15+6-Debian-1deb12u1")
        .contains("-Xms1g -Xmx1g");
    assertThat(line("| JMH 1.37 |"))
        .contains("forks 1, warm-up 1 x 300 ms, measurement 3 x 300 ms, threads 1");
    assertThat(line("| CPU |")).contains("AMD EPYC").contains("aes").contains("sha_ni");
    assertThat(line("| Profile |")).contains("quick");
  }

  @Test
  void chartsAreValidPngAndSvg() throws Exception {
    List<String> charts = List.of("IgeBench-throughput", "IgeBench-ratios", "KdfBench-ops");
    for (String name : charts) {
      assertThat(report).contains("](charts/" + name + ".png)", "(charts/" + name + ".svg)");
      byte[] png = Files.readAllBytes(run.resolve("charts").resolve(name + ".png"));
      assertThat(Arrays.copyOf(png, 8))
          .containsExactly(0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a);
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
      assertThat(image).as(name).isNotNull();
      assertThat(image.getWidth()).isEqualTo(Charts.WIDTH);
      assertThat(image.getHeight()).isEqualTo(Charts.HEIGHT);

      Document svg = parseXml(run.resolve("charts").resolve(name + ".svg"));
      assertThat(svg.getDocumentElement().getLocalName()).isEqualTo("svg");
      assertThat(svg.getDocumentElement().getNamespaceURI())
          .isEqualTo("http://www.w3.org/2000/svg");
    }
    // Only sized benchmarks have a throughput chart; no chart for absent classes
    assertThat(run.resolve("charts").resolve("KdfBench-throughput.png")).doesNotExist();
    assertThat(run.resolve("charts").resolve("MessageBench-throughput.png")).doesNotExist();
  }

  private static Document parseXml(Path file) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    // Never fetch the SVG DTD from the network.
    f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    DocumentBuilder b = f.newDocumentBuilder();
    return b.parse(file.toFile());
  }
}
