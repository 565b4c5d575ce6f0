package org.mtlab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The CLI's tiny JSON writer: escaping and structure, read back with Gson. */
class JsonTest {
  @Test
  void write_escapesEverythingGsonNeedsToReadItBack() {
    String nasty =
        "quote \" backslash \\ newline \n tab \t cr \r nul \u0000 bell \u0007"
            + " del \u007f ls \u2028 ünïcødé \uD83D\uDE00";
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("s", nasty);
    m.put("key \"with\" quotes", "v");
    m.put("n", -9_223_372_036_854_775_808L);
    m.put("big", new BigInteger("18446744073709551615"));
    m.put("t", true);
    m.put("nil", null);
    m.put("list", List.of(Map.of("a", 1), "x"));
    String json = Json.write(m);
    assertThat(json).doesNotContain("\n").doesNotContain("\u0000");
    JsonObject back = JsonParser.parseString(json).getAsJsonObject();
    assertThat(back.keySet())
        .containsExactly("s", "key \"with\" quotes", "n", "big", "t", "nil", "list");
    assertThat(back.get("s").getAsString()).isEqualTo(nasty);
    assertThat(back.get("n").getAsLong()).isEqualTo(Long.MIN_VALUE);
    assertThat(back.get("big").getAsBigInteger()).isEqualTo(new BigInteger("18446744073709551615"));
    assertThat(back.get("t").getAsBoolean()).isTrue();
    assertThat(back.get("nil").isJsonNull()).isTrue();
    assertThat(back.getAsJsonArray("list").get(0).getAsJsonObject().get("a").getAsInt())
        .isEqualTo(1);
  }

  @Test
  void write_keepsInsertionOrder() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("z", 1);
    m.put("a", 2);
    assertThat(Json.write(m)).isEqualTo("{\"z\":1,\"a\":2}");
  }

  @Test
  void write_rejectsValuesWithoutAJsonForm() {
    assertThatThrownBy(() -> Json.write(Map.of("d", 1.5)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
