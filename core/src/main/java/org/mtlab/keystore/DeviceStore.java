package org.mtlab.keystore;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import org.mtlab.bytes.Hex;
import org.mtlab.bytes.SecretAccess;
import org.mtlab.key.AuthKey;

/**
 * Where users' devices keep their side of their auth keys. It is not a data centre: it stands for
 * the phones themselves. {@link #inFolder} keeps one file per user, {@code devices/USER.device},
 * written atomically; {@link #inMemory} is for tests and demos.
 *
 * <p>Implementations need not be thread-safe; {@link World} serialises access.
 */
public interface DeviceStore {
  /**
   * A device's key material: its auth key and the server salt it starts sessions with. Not
   * thread-safe to destroy while in use; never printed.
   *
   * @param user whose device
   * @param authKey the device's copy of the auth key
   * @param serverSalt the first server salt of the handshake
   */
  record Device(UserId user, AuthKey authKey, long serverSalt) {
    /** Checks for nulls. */
    public Device {
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(authKey, "authKey");
    }

    /** Shows the user and the public key id only. */
    @Override
    public String toString() {
      return "Device[" + user + ", " + authKey + "]";
    }
  }

  /** Stores (or replaces) {@code device}. */
  void save(Device device) throws IOException;

  /** The device of {@code user}, if it registered. */
  Optional<Device> load(UserId user) throws IOException;

  /** Every user with a device here. */
  List<UserId> users() throws IOException;

  /** Devices held in memory. */
  static DeviceStore inMemory() {
    Map<UserId, Device> map = new HashMap<>();
    return new DeviceStore() {
      @Override
      public void save(Device device) {
        map.put(device.user(), device);
      }

      @Override
      public Optional<Device> load(UserId user) {
        return Optional.ofNullable(map.get(user));
      }

      @Override
      public List<UserId> users() {
        return map.keySet().stream().sorted().toList();
      }
    };
  }

  /** One file per user in {@code folder} (created when needed). */
  static DeviceStore inFolder(Path folder) {
    Objects.requireNonNull(folder, "folder");
    return new DeviceStore() {
      private Path file(UserId user) {
        return folder.resolve(user.name() + ".device");
      }

      @Override
      public void save(Device device) throws IOException {
        Files.createDirectories(folder);
        Properties p = new Properties();
        p.setProperty("user", device.user().name());
        p.setProperty("auth_key", Hex.encode(device.authKey().reveal(SecretAccess.explicitly())));
        p.setProperty("server_salt", Long.toString(device.serverSalt()));
        Path tmp = folder.resolve(device.user().name() + ".device.tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
          p.store(w, "MTLab device: this user's side of the auth key (a phone's secret)");
        }
        Files.move(
            tmp,
            file(device.user()),
            StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      }

      @Override
      public Optional<Device> load(UserId user) throws IOException {
        Path f = file(user);
        if (!Files.isRegularFile(f)) {
          return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
          p.load(r);
        }
        try {
          return Optional.of(
              new Device(
                  user,
                  AuthKey.fromHex(p.getProperty("auth_key", "")),
                  Long.parseLong(p.getProperty("server_salt", ""))));
        } catch (IllegalArgumentException e) {
          throw new IOException("device file " + f + " is malformed", e);
        }
      }

      @Override
      public List<UserId> users() throws IOException {
        if (!Files.isDirectory(folder)) {
          return List.of();
        }
        List<UserId> out = new ArrayList<>();
        try (var s = Files.list(folder)) {
          for (Path p : (Iterable<Path>) s::iterator) {
            String n = p.getFileName().toString();
            if (n.endsWith(".device")) {
              out.add(UserId.of(n.substring(0, n.length() - ".device".length())));
            }
          }
        }
        out.sort(null);
        return out;
      }
    };
  }
}
