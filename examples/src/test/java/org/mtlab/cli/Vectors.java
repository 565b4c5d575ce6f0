package org.mtlab.cli;

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

/** Loads the vector files copied into {@code src/test/resources/vectors} (see its README). */
final class Vectors {
  private Vectors() {}

  static JsonObject load(String path) {
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

  /** The {@code cases} of {@code generated/<file>}. */
  static List<JsonObject> generated(String file) {
    return objects(load("generated/" + file).getAsJsonArray("cases"));
  }

  /** The {@code vectors} of {@code published/<file>}. */
  static List<JsonObject> published(String file) {
    return objects(load("published/" + file).getAsJsonArray("vectors"));
  }

  /** The published vector with id {@code id}. */
  static JsonObject published(String file, String id) {
    for (JsonObject o : published(file)) {
      if (o.get("id").getAsString().equals(id)) {
        return o;
      }
    }
    throw new IllegalArgumentException("no vector " + id + " in " + file);
  }

  static String str(JsonObject o, String name) {
    JsonElement e = o.get(name);
    if (e == null) {
      throw new IllegalArgumentException("vector has no field " + name + ": " + o.keySet());
    }
    return e.getAsString();
  }

  static String sender(JsonObject o) {
    return o.get("x").getAsInt() == 0 ? "client" : "server";
  }

  private static List<JsonObject> objects(JsonArray array) {
    List<JsonObject> out = new ArrayList<>();
    for (JsonElement e : array) {
      out.add(e.getAsJsonObject());
    }
    return out;
  }
}
