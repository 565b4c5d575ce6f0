package org.mtlab.cli.world;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.mtlab.keystore.AuditEntry;
import org.mtlab.keystore.AuditReport;
import org.mtlab.keystore.Jurisdiction;
import org.mtlab.keystore.World;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mtlab world audit}: the data centres' audit trails, and their verification. */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    header = "Show the data centres' audit trails, or verify their hash chains.",
    description = {
      "Every data centre keeps an append-only trail of what it stored, released and refused;",
      "each entry holds the hash of the one before, and each trail's head is anchored in the",
      "other data centres. No entry holds a key, a share or a plaintext.",
      "--verify checks every online trail and exits 3 (AUDIT_CHAIN_BROKEN) naming the data",
      "centre and its first broken entry: edited, deleted, swapped, forged or truncated.",
      "JSON keys: trails (data_centre, entries: seq, time, action, subject, detail); with",
      "--verify: ok, trails (data_centre, entries, problem, first_broken, detail)."
    },
    footerHeading = "%nExample:%n",
    footer = {
      "  mtlab world audit --dir /tmp/w --dc CH",
      "  mtlab world audit --dir /tmp/w --verify"
    })
final class AuditCommand extends WorldSubcommand {
  @Option(names = "--verify", description = "Verify the chains and anchors instead of listing.")
  boolean verify;

  @Option(
      names = "--dc",
      paramLabel = "CODE",
      description = "List only this data centre's trail (default: all).")
  String dc;

  @Override
  Output run(WorldFolder folder) throws Exception {
    try (World world = open(folder, false)) {
      return verify ? verify(world) : list(world);
    }
  }

  private Output list(World world) throws Exception {
    List<Jurisdiction> which =
        dc == null ? world.config().dataCentres() : List.of(Jurisdiction.of(dc));
    Output out = new Output();
    List<Map<String, Object>> trails = new ArrayList<>();
    for (Jurisdiction j : which) {
      List<Map<String, Object>> entries = new ArrayList<>();
      out.line("data centre " + j + (world.isOnline(j) ? "" : " (offline)"));
      for (AuditEntry e : world.audit().trail(j)) {
        entries.add(
            object(
                "seq",
                e.seq(),
                "time",
                e.time().toString(),
                "action",
                e.action(),
                "subject",
                e.subject(),
                "detail",
                e.detail()));
        out.line(
            String.format(
                "  %4d %s %-18s %s  %s", e.seq(), e.time(), e.action(), e.subject(), e.detail()));
      }
      trails.add(object("data_centre", j.code(), "entries", entries));
    }
    return out.put("trails", trails);
  }

  private static Output verify(World world) throws Exception {
    AuditReport report = world.audit().verify();
    Output out = new Output().put("ok", report.ok());
    List<Map<String, Object>> trails = new ArrayList<>();
    for (AuditReport.Trail t : report.trails()) {
      trails.add(
          object(
              "data_centre",
              t.dataCentre().code(),
              "entries",
              t.entries(),
              "problem",
              t.problem().name(),
              "first_broken",
              t.firstBroken(),
              "detail",
              t.detail()));
      out.line(
          String.format(
              "%-6s %5d entries  %s%s",
              t.dataCentre().code(),
              t.entries(),
              t.problem(),
              t.problem() == AuditReport.Problem.NONE ? "" : ": " + t.detail()));
    }
    out.put("trails", trails);
    report
        .firstBroken()
        .ifPresent(
            t ->
                out.failWith(
                    "rejected by check AUDIT_CHAIN_BROKEN:"
                        + " data centre "
                        + t.dataCentre()
                        + ", entry "
                        + t.firstBroken()
                        + ": "
                        + t.detail()));
    return out;
  }
}
