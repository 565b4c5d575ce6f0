package org.mtlab.cli.tour;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mtlab.cli.Io;

/** How the text tour lays out values that do not fit on one line. */
class NarratorTest {
  private static List<String> print(Values values) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
    Io io = Io.plain(new ByteArrayInputStream(new byte[0]), ps, ps);
    new Narrator(io, false, false, false).step(1, 1, "Title", "Some text.", values);
    return Arrays.asList(out.toString(StandardCharsets.UTF_8).split("\n"));
  }

  @Test
  void longTextValuesWrapAtWordsAndLongHexInRowsOf64() {
    String text =
        "the server holds the keys to every cloud chat and can read it whenever it"
            + " is compelled to, which is what the jurisdiction simulation shows step by step";
    byte[] bytes = new byte[80];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) i;
    }
    List<String> lines = print(Values.of().text("motto", text).hex("blob", bytes));

    assertThat(lines).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(78));
    int motto = lines.indexOf("    motto");
    int blob = lines.indexOf("    blob  (80 bytes)");
    assertThat(motto).isNotNegative();
    assertThat(blob).isGreaterThan(motto);
    String rejoined =
        String.join(" ", lines.subList(motto + 1, blob).stream().map(String::trim).toList());
    assertThat(rejoined).isEqualTo(text);
    assertThat(lines.subList(motto + 1, blob)).allSatisfy(l -> assertThat(l).startsWith("      "));
    assertThat(lines.subList(blob + 1, lines.size()).stream().map(String::trim).toList())
        .startsWith(
            "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
            "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f",
            "404142434445464748494a4b4c4d4e4f");
  }

  @Test
  void rowsNeverBreakAWordAndGiveALongWordItsOwnRow() {
    assertThat(Narrator.rows("aa bb cc", 5)).containsExactly("aa bb", "cc");
    assertThat(Narrator.rows("  aa   bb  ", 80)).containsExactly("aa bb");
    assertThat(Narrator.rows("a abcdefgh b", 4)).containsExactly("a", "abcdefgh", "b");
    assertThat(Narrator.rows("", 10)).isEmpty();
  }
}
