package org.mtlab.testing;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.mtlab.bytes.Hex;
import org.mtlab.key.Sender;

/**
 * Loads the JSON vector files copied into {@code src/test/resources/vectors}: {@code generated/}
 * (made by an independent implementation, OpenSSL and hashlib) and {@code published/} (from other
 * MTProto implementations and Telegram's sample pages, each with its source).
 */
public final class Vectors {
  private Vectors() {}

  /** The parsed root object of {@code vectors/<path>}. */
  public static JsonObject load(String path) {
    String resource = "/vectors/" + path;
    try (InputStream in = Vectors.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + resource);
      }
      return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8))
          .getAsJsonObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The {@code cases} list of a generated file (or {@code cases.<group>} when given). */
  public static List<JsonObject> generated(String file, String... group) {
    JsonElement cases = load("generated/" + file).get("cases");
    for (String g : group) {
      cases = cases.getAsJsonObject().get(g);
    }
    return objects(cases.getAsJsonArray());
  }

  /** The {@code vectors} list of a published file. */
  public static List<JsonObject> published(String file) {
    return objects(load("published/" + file).getAsJsonArray("vectors"));
  }

  private static List<JsonObject> objects(JsonArray array) {
    List<JsonObject> out = new ArrayList<>();
    for (JsonElement e : array) {
      out.add(e.getAsJsonObject());
    }
    return out;
  }

  /** The hex field {@code name} decoded. */
  public static byte[] hex(JsonObject o, String name) {
    JsonElement e = o.get(name);
    if (e == null) {
      throw new IllegalArgumentException("vector has no field " + name + ": " + o.keySet());
    }
    return Hex.decode(e.getAsString());
  }

  /** The string field {@code name}. */
  public static String str(JsonObject o, String name) {
    return o.get(name).getAsString();
  }

  /** True when the field exists. */
  public static boolean has(JsonObject o, String name) {
    return o.has(name) && !o.get(name).isJsonNull();
  }

  /** The integer field {@code name}. */
  public static int integer(JsonObject o, String name) {
    return o.get(name).getAsInt();
  }

  /** The 64-bit integer field {@code name}. */
  public static long int64(JsonObject o, String name) {
    return o.get(name).getAsLong();
  }

  /** The direction given by the vector's {@code x} field: 0 is the client, 8 the server. */
  public static Sender sender(JsonObject o) {
    int x = integer(o, "x");
    return switch (x) {
      case 0 -> Sender.CLIENT;
      case 8 -> Sender.SERVER;
      default -> throw new IllegalArgumentException("vector has x = " + x + ", expected 0 or 8");
    };
  }
}
