package org.mtlab.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The README's Java snippets compile as written against the library on this build's class path.
 *
 * <p>Each {@code ```java} block of the top-level README is compiled as the body of a method whose
 * parameters are the few values the snippets take as given ({@link #GIVEN}), with every exported
 * MTLab package imported. A snippet that calls a method that no longer exists, or with the wrong
 * types, fails this test.
 */
class ReadmeSnippetTest {
  /** What the README's snippets use without declaring it. */
  static final String GIVEN =
      "java.security.SecureRandom random, java.time.InstantSource clock, byte[] data,"
          + " AuthKey authKey, byte[] paddedPlaintext, Aes256Key key, IgeIv iv, byte[] buffer,"
          + " int offset, int length, java.nio.file.Path dir";

  static final List<String> IMPORTS =
      List.of(
          "org.mtlab.*",
          "org.mtlab.bytes.*",
          "org.mtlab.crypto.*",
          "org.mtlab.key.*",
          "org.mtlab.kdf.*",
          "org.mtlab.wire.*",
          "org.mtlab.tl.*",
          "org.mtlab.message.*",
          "org.mtlab.handshake.*",
          "org.mtlab.keystore.*",
          "java.time.Instant",
          "java.util.List",
          "java.util.Map");

  @Test
  void everyJavaBlockInTheReadmeCompiles() throws IOException {
    List<String> blocks = javaBlocks(Files.readString(readme(), StandardCharsets.UTF_8));
    assertThat(blocks).as("java blocks in README.md").isNotEmpty();
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < blocks.size(); i++) {
      String diagnostics = compile("Snippet" + i, blocks.get(i));
      if (!diagnostics.isEmpty()) {
        failures.add("block " + (i + 1) + ":\n" + blocks.get(i) + "\n" + diagnostics);
      }
    }
    assertThat(failures).as("README snippets that do not compile").isEmpty();
  }

  @Test
  void aBrokenSnippetIsCaught() {
    assertThat(compile("Broken", "AuthKey k = AuthKey.noSuchFactory(random);"))
        .contains("noSuchFactory");
  }

  static List<String> javaBlocks(String markdown) {
    List<String> blocks = new ArrayList<>();
    Matcher m = Pattern.compile("(?ms)^```java\\n(.*?)^```").matcher(markdown);
    while (m.find()) {
      blocks.add(m.group(1));
    }
    return blocks;
  }

  /** Compiles one snippet; returns the compiler's diagnostics, empty when it compiled. */
  static String compile(String className, String body) {
    StringBuilder src = new StringBuilder("package snippets;\n");
    for (String imp : IMPORTS) {
      src.append("import ").append(imp).append(";\n");
    }
    src.append("class ")
        .append(className)
        .append(" {\n")
        .append("  void run(")
        .append(GIVEN)
        .append(") throws Exception {\n")
        .append(body)
        .append("\n  }\n}\n");
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    StringWriter out = new StringWriter();
    try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, null)) {
      Path classes = Files.createTempDirectory("readme-snippet");
      JavaFileObject source =
          new SimpleJavaFileObject(
              URI.create("string:///snippets/" + className + ".java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
              return src;
            }
          };
      List<String> options =
          List.of(
              "-classpath", System.getProperty("java.class.path"),
              "-d", classes.toString(),
              "-proc:none", "-Xlint:none");
      boolean ok = javac.getTask(out, files, null, options, null, List.of(source)).call();
      return ok ? "" : out.toString();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static Path readme() {
    Path dir = Paths.get("").toAbsolutePath();
    while (dir != null
        && !(Files.exists(dir.resolve("README.md"))
            && Files.isDirectory(dir.resolve("examples")))) {
      dir = dir.getParent();
    }
    assertThat(dir).as("the repository root above the working directory").isNotNull();
    return dir.resolve("README.md");
  }
}
