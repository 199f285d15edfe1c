package os2.ledger.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import os2.ledger.api.EntryDraft;
import os2.ledger.api.KeptCheckpoint;
import os2.ledger.api.SignedNotes;
import os2.ledger.api.Verification;

/**
 * The ledger's performance figures (docs/benchmarks.md), each beside its physical floor: the
 * fsync rate and the SHA-256 rate of this machine, measured in the same run. Run with
 * {@code cnf/bench/ledger}; entries are 230 to 285 bytes of canonical JSON.
 */
// The garbage collector OS2 itself runs with (see the os2 launcher).
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g", "-XX:+UseSerialGC", "--sun-misc-unsafe-memory-access=allow"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class LedgerBenchmarks {

	static final int BATCH = 256;
	static final int MILLION = 1_000_000;

	/** A 256-byte entry (canonical JSON), different each time so nothing is cached. */
	static byte[] entry(long n) {
		String pad = "p".repeat(120);
		byte[] json = EntryCodec.encode(new EntryDraft("note", "bench", "r", n, Map.of("n", n, "pad", pad)), "bench@1", n);
		return json;
	}

	static Path freshDirectory() {
		try {
			return Files.createTempDirectory(Path.of(System.getProperty("bench.dir", "target")), "ledger-bench");
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	static LedgerStore openStore(Path directory) {
		return LedgerStore.open(directory.resolve("ledger"), directory.resolve("keys"), notice -> {
		});
	}

	static void delete(Path directory) {
		try (Stream<Path> files = Files.walk(directory)) {
			files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** A ledger open for appending, fresh for each trial. */
	@State(Scope.Benchmark)
	public static class Appending {
		Path directory;
		LedgerStore store;
		GroupCommitter committer;

		@Setup(Level.Trial)
		public void open() {
			directory = freshDirectory();
			store = openStore(directory);
			committer = new GroupCommitter(store, DurableLedger.CHECKPOINT_EVERY * 1000, 3_600_000, p -> {
			});
		}

		@TearDown(Level.Trial)
		public void close() {
			committer.close();
			store.close();
			delete(directory);
		}
	}

	/** Eight writers, each keeping a batch of appends in flight: the group-commit throughput. */
	@Benchmark
	@Threads(8)
	@BenchmarkMode(Mode.Throughput)
	@OutputTimeUnit(TimeUnit.SECONDS)
	@OperationsPerInvocation(BATCH)
	public void durableAppends8Writers(Appending ledger) {
		List<CompletableFuture<?>> inFlight = new ArrayList<>(BATCH);
		long base = ThreadLocalRandom.current().nextLong(Long.MAX_VALUE / 2);
		for (int i = 0; i < BATCH; i++) {
			inFlight.add(ledger.committer.append(entry(base + i)));
		}
		inFlight.forEach(CompletableFuture::join);
	}

	/**
	 * As {@link #durableAppends8Writers}, with entries as runs write them: each writer a session of
	 * its own, a new run every 16 entries, so the indexes by run and session take in new keys all
	 * the time (and write them to keys.dat as they pile up).
	 */
	@Benchmark
	@Threads(8)
	@BenchmarkMode(Mode.Throughput)
	@OutputTimeUnit(TimeUnit.SECONDS)
	@OperationsPerInvocation(BATCH)
	public void durableAppends8WritersManyRuns(Appending ledger) {
		List<CompletableFuture<?>> inFlight = new ArrayList<>(BATCH);
		long base = ThreadLocalRandom.current().nextLong(Long.MAX_VALUE / 2);
		String session = "s-" + Thread.currentThread().threadId();
		for (int i = 0; i < BATCH; i++) {
			String run = "r-" + Long.toHexString(base + i / 16);
			byte[] json = EntryCodec.encode(new EntryDraft("output-chunk", session, run, base + i,
					Map.of("n", base + i, "pad", "p".repeat(100))), "bench@1", base + i);
			inFlight.add(ledger.committer.append(json));
		}
		inFlight.forEach(CompletableFuture::join);
	}

	/** Entries encoded before the measurement: the ledger's own append path, without JSON writing. */
	@State(Scope.Thread)
	public static class Encoded {
		final byte[][] entries = new byte[BATCH][];

		@Setup(Level.Trial)
		public void encode() {
			long base = ThreadLocalRandom.current().nextLong(Long.MAX_VALUE / 2);
			for (int i = 0; i < BATCH; i++) {
				entries[i] = entry(base + i);
			}
		}
	}

	/** As {@link #durableAppends8Writers}, with the canonical JSON made beforehand. */
	@Benchmark
	@Threads(8)
	@BenchmarkMode(Mode.Throughput)
	@OutputTimeUnit(TimeUnit.SECONDS)
	@OperationsPerInvocation(BATCH)
	public void durableAppends8WritersPreEncoded(Appending ledger, Encoded encoded) {
		List<CompletableFuture<?>> inFlight = new ArrayList<>(BATCH);
		for (byte[] entry : encoded.entries) {
			inFlight.add(ledger.committer.append(entry));
		}
		inFlight.forEach(CompletableFuture::join);
	}

	/**
	 * One writer waiting for each receipt, as {@code Ledger.append} does ({@code appendAndWait}):
	 * bounded by one fsync per append. (Until 2026-12-06 this measured {@code append(...).join()},
	 * which the writer, seeing no one waiting, holds 1 ms for company: about 1,000/s whatever the disk.)
	 */
	@Benchmark
	@Threads(1)
	@BenchmarkMode(Mode.Throughput)
	@OutputTimeUnit(TimeUnit.SECONDS)
	public Object durableAppends1SyncWriter(Appending ledger) {
		return ledger.committer.appendAndWait(entry(ThreadLocalRandom.current().nextLong(Long.MAX_VALUE / 2)));
	}

	/** The floor under synchronous appends: one 296-byte write and fsync. */
	@State(Scope.Thread)
	public static class RawFile {
		Path directory;
		FileChannel channel;
		final ByteBuffer record = ByteBuffer.allocate(296);

		@Setup(Level.Trial)
		public void open() throws IOException {
			directory = freshDirectory();
			channel = FileChannel.open(directory.resolve("fsync.bin"), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
					StandardOpenOption.APPEND);
		}

		@TearDown(Level.Trial)
		public void close() throws IOException {
			channel.close();
			delete(directory);
		}
	}

	@Benchmark
	@Threads(1)
	@BenchmarkMode(Mode.Throughput)
	@OutputTimeUnit(TimeUnit.SECONDS)
	public void floorWriteAndFsync(RawFile file) throws IOException {
		file.record.clear();
		file.channel.write(file.record);
		file.channel.force(false);
	}

	/** The floor under hashing: SHA-256 of one 256-byte entry. */
	@State(Scope.Thread)
	public static class Hashing {
		final Sha256 sha = new Sha256();
		final byte[] bytes = entry(1);
	}

	@Benchmark
	@BenchmarkMode(Mode.Throughput)
	@OutputTimeUnit(TimeUnit.SECONDS)
	public byte[] floorSha256Of256Bytes(Hashing hashing) {
		return hashing.sha.digestOf(hashing.bytes);
	}

	/** A MAC key and a chain head to seal. */
	@State(Scope.Thread)
	public static class Sealing {
		final SealKey key = new SealKey(new byte[SealKey.BYTES]);
		final byte[] chain = Sha256.EMPTY;
		long size;
	}

	/** What a batch's seal costs the writer, and verify for each batch: one HMAC-SHA256 over the size and chain head. */
	@Benchmark
	@BenchmarkMode(Mode.Throughput)
	@OutputTimeUnit(TimeUnit.SECONDS)
	public byte[] floorSealMac(Sealing sealing) {
		return sealing.key.seal(++sealing.size, sealing.chain);
	}

	/** One signed checkpoint note and the key that signed it. */
	@State(Scope.Thread)
	public static class SignedCheckpoint {
		Path directory;
		String note;
		String verifierKey;

		@Setup(Level.Trial)
		public void sign() {
			directory = freshDirectory();
			LedgerKey key = LedgerKey.loadOrCreate(directory, "os2.ledger/benchmark");
			note = key.signCheckpoint(key.name(), 1000, Sha256.EMPTY);
			verifierKey = key.verifierKey();
		}

		@TearDown(Level.Trial)
		public void remove() {
			delete(directory);
		}
	}

	/** What verify spends on each signed checkpoint: one Ed25519 signature check. */
	@Benchmark
	@BenchmarkMode(Mode.AverageTime)
	@OutputTimeUnit(TimeUnit.MICROSECONDS)
	public Object floorVerifyCheckpointSignature(SignedCheckpoint checkpoint) {
		return SignedNotes.verifyCheckpoint(checkpoint.note, checkpoint.verifierKey);
	}

	/** Making one entry's canonical JSON (what each appender does before it appends). */
	@Benchmark
	@BenchmarkMode(Mode.Throughput)
	@OutputTimeUnit(TimeUnit.SECONDS)
	public byte[] encodeEntry() {
		return entry(ThreadLocalRandom.current().nextLong(Long.MAX_VALUE / 2));
	}

	/**
	 * A ledger of a million entries, written once per trial as OS2 writes them: in committed
	 * batches ({@value #ENTRIES_PER_BATCH} entries each here), with a signed checkpoint every
	 * {@value DurableLedger#CHECKPOINT_EVERY} entries, which verify checks one by one.
	 */
	@State(Scope.Benchmark)
	public static class MillionEntries {
		static final int ENTRIES_PER_BATCH = 100;

		Path directory;
		LedgerStore store;

		@Setup(Level.Trial)
		public void fill() {
			directory = freshDirectory();
			store = openStore(directory);
			List<Prepared> batch = new ArrayList<>(ENTRIES_PER_BATCH);
			for (long n = 0; n < MILLION; n++) {
				batch.add(Prepared.of(entry(n)));
				if (batch.size() == ENTRIES_PER_BATCH) {
					store.appendBatch(batch);
					batch = new ArrayList<>(ENTRIES_PER_BATCH);
					if (store.size() % DurableLedger.CHECKPOINT_EVERY == 0) {
						store.checkpoint();
					}
				}
			}
			store.close();
			store = openStore(directory);
		}

		@TearDown(Level.Trial)
		public void remove() {
			store.close();
			delete(directory);
		}
	}

	/** verify() over a million entries: chain, leaves, Merkle root, derived files, 1,000 signed checkpoints. */
	@Benchmark
	@BenchmarkMode(Mode.SingleShotTime)
	@OutputTimeUnit(TimeUnit.MILLISECONDS)
	@Warmup(iterations = 5) // three left the third measured run still compiling
	@Measurement(iterations = 5)
	public Object verifyMillion(MillionEntries ledger) {
		return LedgerVerifier.verify(ledger.store);
	}

	/**
	 * What {@code ledger verify --against} does in a running OS2 with a checkpoint kept at half a
	 * million entries: the files opened afresh under the lock, verified in full, and a consistency
	 * proof from the kept size checked against the kept root.
	 */
	@Benchmark
	@BenchmarkMode(Mode.SingleShotTime)
	@OutputTimeUnit(TimeUnit.MILLISECONDS)
	@Warmup(iterations = 5)
	@Measurement(iterations = 5)
	public Object verifyMillionAgainstKeptCheckpoint(MillionEntries ledger) {
		LedgerStore store = ledger.store;
		String kept = store.checkpoints().get(store.checkpoints().size() / 2 - 1).note();
		return store.exclusive(() -> {
			LedgerStore asOnDisk = LedgerStore.openToVerify(store.directory(), store.keysDirectory(), store.writerLock());
			try {
				Verification result = KeptCheckpoint.check(new VerifyingLedger(asOnDisk), kept, store.verifierKey());
				if (!result.ok()) {
					throw new IllegalStateException(result.problem());
				}
				return result;
			} finally {
				asOnDisk.abandon();
			}
		});
	}

	/** An inclusion proof for a random entry of a million. */
	@Benchmark
	@BenchmarkMode(Mode.AverageTime)
	@OutputTimeUnit(TimeUnit.MICROSECONDS)
	public Object inclusionProofInMillion(MillionEntries ledger) {
		return ledger.store.inclusionProof(ThreadLocalRandom.current().nextLong(MILLION), MILLION);
	}

	/** Opening a closed million-entry ledger. */
	@Benchmark
	@BenchmarkMode(Mode.SingleShotTime)
	@OutputTimeUnit(TimeUnit.MILLISECONDS)
	@Warmup(iterations = 3)
	@Measurement(iterations = 5)
	public long openMillion(MillionEntries ledger) {
		try (LedgerStore opened = openStore(ledger.directory)) {
			return opened.size();
		}
	}
}
