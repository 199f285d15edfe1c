package os2.ledger.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Reads the records after what a store has taken in (after the saved state when it opens, after
 * its last look when it catches up with another process) and takes in the entries that seals
 * cover. Each entry's rows are written to the derived files as it is read, and taken in (the
 * CRCs, the tree, the size) once the seal of its batch checks out, so nothing is taken back.
 * <p>
 * What follows the last entry a seal covers is cut off: a torn write (a record cut short, one that
 * fails its checksum with only zero bytes after it, or a batch with fewer entries than its seal
 * names) with a notice, as a crash leaves it; whole entries that no seal covers, or whose seal
 * does not match them, are kept in {@link UnsealedTails} first, since OS2 cannot have written
 * them so. Anything wrong with records that have others after them is damage: reported, nothing cut.
 */
final class TailScan {

	/** Takes in the entries whose rows are written, up to (not including) {@code upTo}. */
	interface Intake {
		void takeUpTo(long upTo) throws IOException;
	}

	/**
	 * @param sealed how many entries seals cover
	 * @param damage what is wrong, or null
	 */
	record Outcome(long sealed, String damage) {
	}

	private final Segments segments;
	private final DerivedFiles derived;
	private final UnsealedTails unsealed;
	private final Consumer<String> notices;
	private final SealCheck seals;
	private final boolean trustUnsealed;
	private final Intake intake;
	private final Sha256 sha = new Sha256();

	private long taken;
	private long read;
	private byte[] chain;
	private int segment;
	private long offset;
	private int takenSegment;
	private long takenOffset;
	private String damage;

	/**
	 * @param taken the entries taken in already; the first record read is the one after them
	 * @param chain the chain hash of the last of them
	 * @param sealed how many of them are sealed (all of them, except while the entries of a ledger
	 *        from before seals are first sealed)
	 * @param trustUnsealed take in entries no seal covers (only while they are first sealed)
	 */
	TailScan(Segments segments, DerivedFiles derived, UnsealedTails unsealed, SealKey key, Consumer<String> notices,
			long taken, byte[] chain, long sealed, boolean trustUnsealed, Intake intake) {
		this.segments = segments;
		this.derived = derived;
		this.unsealed = unsealed;
		this.notices = notices;
		this.seals = new SealCheck(key, sealed);
		this.trustUnsealed = trustUnsealed;
		this.intake = intake;
		this.taken = taken;
		this.read = taken;
		this.chain = chain;
	}

	Outcome scan(int startSegment, long startOffset) throws IOException {
		segment = startSegment;
		offset = startOffset;
		takenSegment = segment;
		takenOffset = offset;
		boolean goOn = true;
		while (goOn) {
			long end = segments.size(segment);
			if (offset == end && segment < segments.current()) {
				segment++;
				offset = 0;
				continue;
			}
			if (offset == end) {
				goOn = cut(false);
				continue;
			}
			ByteBuffer header = end - offset >= Record.HEADER ? segments.read(segment, offset, Record.HEADER) : null;
			goOn = header != null && header.getInt(0) == Seal.MARKER ? seal(end) : entry(header, end);
		}
		return new Outcome(seals.sealed(), damage);
	}

	private boolean seal(long end) throws IOException {
		Seal seal = end - offset >= Seal.BYTES ? Seal.read(segments.read(segment, offset, Seal.BYTES)) : null;
		if (seal == null) {
			return end - offset < Seal.BYTES || isLast(offset + Seal.BYTES, end) ? cut(false)
					: damaged("the seal in " + Segments.name(segment) + " at offset " + offset
							+ " is damaged (checksum mismatch) and is not the last record");
		}
		SealCheck.Finding finding = seals.seal(read, chain, seal);
		offset += Seal.BYTES;
		if (finding != null) {
			return sealFailed(finding, end);
		}
		if (!seals.batchOpen()) {
			take(); // a seal that covers the entries before it
		}
		return true;
	}

	private boolean entry(ByteBuffer header, long end) throws IOException {
		int length = header == null ? -1 : header.getInt(0);
		if (header == null || length < 0 || length > Record.MAX_JSON || offset + Record.HEADER + length > end) {
			return cut(false);
		}
		byte[] stored = new byte[Sha256.LENGTH];
		header.get(8, stored);
		byte[] json = new byte[length];
		segments.read(segment, offset + Record.HEADER, length).get(json);
		if (Record.checksum(stored, json) != header.getInt(4)) {
			return isLast(offset + Record.HEADER + length, end) ? cut(false)
					: damaged("entry " + read + " in " + Segments.name(segment) + " at offset " + offset
							+ " is damaged (checksum mismatch) and is not the last one");
		}
		if (!Arrays.equals(sha.chain(chain, json), stored)) {
			return damaged("entry " + read + " does not continue the hash chain");
		}
		derived.writeRow(read, ((long) segment << 40) | offset, sha.leaf(json), stored, EntryKeys.of(json));
		read++;
		chain = stored;
		offset += Record.HEADER + length;
		SealCheck.Finding finding = seals.entry(read, chain);
		if (finding != null) {
			return sealFailed(finding, end);
		}
		if (seals.sealed() == read || trustUnsealed && !seals.batchOpen()) {
			take();
		}
		return true;
	}

	/** Whether a damaged record ending at {@code recordEnd} is the last thing written: nothing but zeros after it. */
	private boolean isLast(long recordEnd, long end) throws IOException {
		if (recordEnd >= end) {
			return segment == segments.current();
		}
		ByteBuffer rest = segments.read(segment, recordEnd, (int) Math.min(end - recordEnd, Record.MAX_JSON + Record.HEADER));
		while (rest.hasRemaining()) {
			if (rest.get() != 0) {
				return false;
			}
		}
		return true;
	}

	/** A seal that does not match at the very end is cut off and kept; anywhere else it is damage. */
	private boolean sealFailed(SealCheck.Finding finding, long end) throws IOException {
		if (finding.macFailed() && offset == end && segment == segments.current()) {
			return cut(true);
		}
		return damaged(finding.message());
	}

	private void take() throws IOException {
		if (read > taken) {
			intake.takeUpTo(read);
			taken = read;
		}
		takenSegment = segment;
		takenOffset = offset;
	}

	/** Damage is reported, and nothing is cut: the records after it may be whole, and verify names where it is. */
	private boolean damaged(String problem) {
		damage = problem;
		return false;
	}

	/** Cuts off what follows the last record taken in, if anything does; see the class comment. */
	private boolean cut(boolean sealDoesNotMatch) throws IOException {
		long bytes = segments.size(takenSegment) - takenOffset;
		for (int later = takenSegment + 1; later < segments.count(); later++) {
			bytes += segments.size(later);
		}
		if (bytes > 0) {
			boolean unsealedEntries = read > taken && !seals.batchOpen();
			if (sealDoesNotMatch || unsealedEntries) {
				Path kept = unsealed.keep(segments, takenSegment, takenOffset, taken, read - taken);
				notices.accept("ledger: moved " + (read > taken ? SealCheck.describe(taken, read) : "a seal") + " ("
						+ bytes + " bytes from " + Segments.name(takenSegment) + " at offset " + takenOffset + ") to "
						+ kept + ": " + (sealDoesNotMatch ? "their seal does not match them" : "no seal covers them")
						+ ", so OS2 never acknowledged them; a power loss tore their write, or they were not written "
						+ "by OS2. 'ledger verify' reports the file until it is deleted");
			} else {
				notices.accept("ledger: cut a torn tail of " + bytes + " bytes after entry " + (taken - 1) + " in "
						+ Segments.name(takenSegment) + " (a write interrupted by a crash; nothing acknowledged was in it)");
			}
			segments.truncate(takenSegment, takenOffset);
			derived.cut(taken);
		}
		return false;
	}
}
