package os2.ledger.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import os2.ledger.api.Entry;
import os2.ledger.api.EntryDraft;
import os2.ledger.api.Kinds;
import os2.ledger.api.Query;

/**
 * What {@code transcript RUN} and {@code why RUN} cost on a large ledger (docs/benchmarks.md):
 * their queries through the indexes by run and session, beside the full scan every query made
 * before them, on the same ledger. Builds the ledger once in an OS2 home ({@code DIR/ledger},
 * {@code DIR/keys}; reused when it is there) shaped as OS2 writes one: sessions at once, each a
 * sequence of runs (start, grant decisions, notes, output chunks, end, the command line), and one
 * long session (an MCP client's) beside them all. Run with {@code cnf/bench/ledger-queries}.
 *
 * <pre>
 * QueryBenchmark ENTRIES DIR [SAMPLES] [SCANS]
 * </pre>
 */
public final class QueryBenchmark {

	/** Runs picked at random while the ledger was written, each as likely as any other. */
	private static final String RUNS = "runs.txt";
	private static final int RUNS_KEPT = 2000;

	private QueryBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		long entries = Long.parseLong(args[0]);
		Path home = Path.of(args[1]);
		int samples = args.length > 2 ? Integer.parseInt(args[2]) : 201;
		int scans = args.length > 3 ? Integer.parseInt(args[3]) : 3;
		if (!Files.exists(home.resolve("ledger").resolve(StateFile.NAME))) {
			fill(home, entries);
		}
		long opening = System.nanoTime();
		LedgerStore store = LedgerStore.open(home.resolve("ledger"), home.resolve("keys"), System.out::println);
		System.out.printf("opened a ledger of %,d entries in %.0f ms%n", store.size(), millis(opening));
		try {
			List<String> runs = Files.readAllLines(home.resolve(RUNS)).subList(0, samples + 50);
			Files.write(home.resolve("sample-runs.txt"), runs); // for the lines of an interactive OS2 (E2E=1)
			for (String run : runs.subList(samples, runs.size())) { // warm-up, other runs
				transcript(store, run);
				why(store, run);
			}
			measure("transcript RUN (index)", runs.subList(0, samples), run -> () -> transcript(store, run));
			measure("why RUN (index)", runs.subList(0, samples), run -> () -> why(store, run));
			measure("ledger show --session S --from (a run of it) --limit 100 (index)", runs.subList(0, samples),
					run -> () -> showFromRun(store, run));
			List<String> scanned = runs.subList(0, Math.min(scans, runs.size()));
			measure("transcript RUN (full scan, as before)", scanned, run -> () -> scan(store, new Query(null, run, null, 0,
					Integer.MAX_VALUE)));
		} finally {
			store.close();
		}
		System.out.println("files: " + sizes(home.resolve("ledger")));
	}

	private interface Timed {
		Object run();
	}

	private interface Case {
		Timed of(String id);
	}

	/** Times the case once per id; prints the median, the 90th percentile and the largest. */
	private static void measure(String name, List<String> ids, Case work) {
		if (ids.isEmpty()) {
			return;
		}
		List<Double> times = new ArrayList<>();
		long read = 0;
		for (String id : ids) {
			long start = System.nanoTime();
			Object result = work.of(id).run();
			times.add(millis(start));
			read += result instanceof List<?> list ? list.size() : result instanceof Integer count ? count : 0;
		}
		times.sort(null);
		System.out.printf("%-62s median %9.3f ms   p90 %9.3f ms   max %9.3f ms   (%d runs, %.1f entries each)%n", name,
				times.get(times.size() / 2), times.get((int) (times.size() * 0.9)), times.getLast(), times.size(),
				(double) read / times.size());
	}

	private static double millis(long since) {
		return (System.nanoTime() - since) / 1e6;
	}

	/** What TranscriptCommand does: the run's entries, and the bytes of its output chunks. */
	private static Object transcript(LedgerStore store, String run) {
		List<Entry> entries = store.query(new Query(null, run, null, 0, Integer.MAX_VALUE));
		long bytes = 0;
		for (Entry entry : entries) {
			if (entry.kind().equals(Kinds.OUTPUT_CHUNK)) {
				Object text = entry.payload().get("text");
				bytes += text instanceof String t ? t.getBytes(StandardCharsets.UTF_8).length
						: Base64.getDecoder().decode((String) entry.payload().get("base64")).length;
			}
		}
		if (entries.isEmpty() || bytes < 0) {
			throw new IllegalStateException("no run " + run);
		}
		return entries;
	}

	/** What WhyCommand reads: the run's entries, and its session's first session entry. */
	private static Object why(LedgerStore store, String run) {
		List<Entry> entries = store.query(new Query(null, run, null, 0, Integer.MAX_VALUE));
		Entry start = entries.stream().filter(e -> e.kind().equals(Kinds.RUN_START)).findFirst().orElseThrow();
		List<Entry> opened = store.query(new Query(start.session(), null, Kinds.SESSION, 0, 1));
		if (opened.isEmpty()) {
			throw new IllegalStateException("no start of session " + start.session());
		}
		return entries;
	}

	/** A page of a session from one of its runs on, as {@code ledger show --session S --from N} gives it. */
	private static Object showFromRun(LedgerStore store, String run) {
		Entry start = store.query(new Query(null, run, null, 0, 1)).getFirst();
		return store.query(new Query(start.session(), null, null, start.index(), 100));
	}

	/** What every query did before the indexes: every entry read and decoded, from the start. */
	private static Object scan(LedgerStore store, Query query) {
		List<Entry> found = new ArrayList<>();
		for (long index = query.from(); index < store.size() && found.size() < query.limit(); index++) {
			Entry entry = store.read(index);
			if (query.matches(entry)) {
				found.add(entry);
			}
		}
		return found;
	}

	private static String sizes(Path ledger) throws IOException {
		Map<String, Long> sizes = new LinkedHashMap<>();
		long segments = 0;
		try (var files = Files.list(ledger.resolve("segments"))) {
			for (Path segment : files.toList()) {
				segments += Files.size(segment);
			}
		}
		sizes.put("segments", segments);
		for (String name : List.of("index.dat", "hashes.dat", "nodes.dat", Postings.ROWS, KeyTable.NAME)) {
			sizes.put(name, Files.size(ledger.resolve(name)));
		}
		StringBuilder out = new StringBuilder();
		sizes.forEach((name, bytes) -> out.append(name).append(' ').append(bytes >> 20).append(" MiB, "));
		return out.substring(0, out.length() - 2);
	}

	// ---- the ledger ---------------------------------------------------------------------------

	/** Writes {@code entries} entries as OS2 would: batches, a checkpoint every 1,000. */
	static void fill(Path home, long entries) {
		long started = System.nanoTime();
		LedgerStore store = LedgerStore.open(home.resolve("ledger"), home.resolve("keys"), System.out::println);
		Shape shape = new Shape(new Random(1));
		List<Prepared> batch = new ArrayList<>(1000);
		for (long n = 0; n < entries; n++) {
			batch.add(Prepared.of(shape.next(n)));
			if (batch.size() == 1000 || n == entries - 1) {
				store.appendBatch(batch);
				batch = new ArrayList<>(1000);
				store.checkpoint();
			}
			if (n % 1_000_000 == 999_999) {
				System.out.printf("%,d entries written (%.0f s)%n", n + 1, millis(started) / 1000);
			}
		}
		store.close();
		try {
			Files.write(home.resolve(RUNS), shape.picked);
		} catch (IOException e) {
			throw new java.io.UncheckedIOException(e);
		}
		System.out.printf("wrote %,d entries in %.0f s; %,d runs in %,d sessions%n", entries, millis(started) / 1000,
				shape.runs, shape.sessions);
	}

	/** The entries of sessions running at once, as the kernel and the shell write them. */
	private static final class Shape {

		private static final int AT_ONCE = 8;
		private final Random random;
		private final List<Session> open = new ArrayList<>();
		private final Session mcp;
		long runs;
		long sessions;
		/** A reservoir sample of the runs, each kept with the same chance. */
		final List<String> picked = new ArrayList<>();

		Shape(Random random) {
			this.random = random;
			this.mcp = new Session("s-mcp0000000001", 1_000_000_000);
			sessions = 1;
		}

		byte[] next(long n) {
			while (open.size() < AT_ONCE) {
				open.add(new Session("s-" + Long.toHexString(random.nextLong() & 0xffffffffffffL), 5 + random.nextInt(100)));
				sessions++;
			}
			// the long session takes a tenth of the entries; the others share the rest
			Session session = random.nextInt(10) == 0 ? mcp : open.get(random.nextInt(open.size()));
			EntryDraft draft = session.next(n);
			if (session.ended) {
				open.remove(session);
			}
			return EntryCodec.encode(draft, draft.kind().equals("command") || draft.kind().equals("session") ? "os2.shell@0.1.0"
					: "os2.kernel@0.1.0", 1765000000000L + n);
		}

		private final class Session {
			final String id;
			final int runsToGo;
			int runsDone;
			boolean started;
			boolean ended;
			String run;
			boolean runOver;
			int chunksToGo;
			int seq;
			int step;

			Session(String id, int runsToGo) {
				this.id = id;
				this.runsToGo = runsToGo;
			}

			EntryDraft next(long n) {
				if (!started) {
					started = true;
					return new EntryDraft("session", id, "", n, Map.of("event", "start", "owner", "shell -c", "workspace",
							"/home/agent/workspace", "seed", n, "user", "agent", "pid", 4242, "process", "4242-" + n));
				}
				if (run == null) {
					if (runsDone == runsToGo) {
						ended = true;
						return new EntryDraft("session", id, "", n, Map.of("event", "end", "status", 0, "user", "agent"));
					}
					run = "r-" + id.substring(2) + "-" + ++runsDone;
					runs++;
					if (picked.size() < RUNS_KEPT) {
						picked.add(run);
					} else if (random.nextLong(runs) < RUNS_KEPT) {
						picked.set(random.nextInt(RUNS_KEPT), run);
					}
					int kind = random.nextInt(20);
					chunksToGo = kind < 14 ? 1 + random.nextInt(5) : kind < 19 ? 5 + random.nextInt(45) : 50 + random.nextInt(450);
					seq = 0;
					step = 0;
					return new EntryDraft("run-start", id, run, n, Map.ofEntries(Map.entry("tool", "python"),
							Map.entry("bundle", "os2.plugins.python"), Map.entry("version", "0.1.0"),
							Map.entry("line", "python -c 'print(sum(range(" + n + ")))'"),
							Map.entry("arguments", List.of("-c", "print(sum(range(" + n + ")))")),
							Map.entry("workspace", "/home/agent/workspace"), Map.entry("deterministic", false),
							Map.entry("environment", Map.of()), Map.entry("dispatch", n), Map.entry("encoding", "o200k_base"),
							Map.entry("budget", Map.of("tokens", 4000, "wall-time", 60, "cpu-time", 60, "memory", 1L << 30, "output",
									1 << 20, "processes", 64, "file-size", 1L << 30))));
				}
				step++;
				if (step == 1 && random.nextInt(3) == 0) {
					return new EntryDraft("grant-decision", id, run, n, Map.of("bundle", "os2.plugins.python", "version", "0.1.0",
							"permission", "proc:/usr/bin/python3", "allowed", true, "grant", "proc:/usr/bin/python3",
							"how", "check"));
				}
				if (step == 2 && random.nextInt(2) == 0) {
					return new EntryDraft("run-note", id, run, n, Map.of("interpreter", "/usr/bin/python3", "python-version",
							"3.11.2", "venv", "/home/agent/.os2/venvs/default", "network", false));
				}
				if (chunksToGo > 0) {
					chunksToGo--;
					return new EntryDraft("output-chunk", id, run, n, Map.of("stream", random.nextInt(8) == 0 ? "stderr"
							: "stdout", "seq", ++seq, "text", "line " + n + ": " + "x".repeat(40 + random.nextInt(120)) + "\n"));
				}
				if (runOver) { // the shell records the command line once its run is over
					run = null;
					runOver = false;
					return new EntryDraft("command", id, "", n, Map.of("line", "python -c ...", "status", 0, "user", "agent"));
				}
				runOver = true;
				return new EntryDraft("run-end", id, run, n, Map.ofEntries(Map.entry("status", 0), Map.entry("ended-by", ""),
						Map.entry("wall-ms", 25), Map.entry("cpu-ms", 20), Map.entry("peak-memory", 9_000_000),
						Map.entry("output-bytes", 100L * seq), Map.entry("chunks", seq), Map.entry("tokens-shown", 30L * seq),
						Map.entry("tokens-total", 30L * seq), Map.entry("truncated", false)));
			}
		}
	}
}
