package os2.ledger.internal;

import java.security.MessageDigest;

/**
 * Follows the seals through a ledger's records in order, as opening and verifying read them:
 * how many entries are covered by seals that check out, and what is wrong where one does not.
 * <p>
 * A seal found after n entries names a size S. With S greater than n it opens a batch: the next
 * S - n entries, checked once the last of them is read, against its chain hash. With S equal to n
 * it covers, at once, the entries before it that no seal covers yet: OS2 writes one such seal,
 * when a ledger written before seals existed gets its key (trust on first use).
 */
final class SealCheck {

	/**
	 * Something wrong with the seals.
	 *
	 * @param firstEntry the first entry concerned
	 * @param macFailed true when a seal's MAC does not match its entries (they were changed, or a
	 *        seal was made without the key); false when the records are out of order
	 */
	record Finding(long firstEntry, boolean macFailed, String message) {
	}

	private final SealKey key;
	private long sealed;
	/** The size named by the seal whose batch is being read, or -1 between batches. */
	private long batchEnd = -1;
	private long batchStart;
	private byte[] batchMac;

	/**
	 * @param key the MAC key, or null when there is none (every seal is then taken as it is; the
	 *        ledger is refused appends and verify says why)
	 * @param sealed how many entries are known sealed before the first record to be read
	 */
	SealCheck(SealKey key, long sealed) {
		this.key = key;
		this.sealed = sealed;
	}

	/** Entries covered by seals that checked out. */
	long sealed() {
		return sealed;
	}

	/** True while a batch's seal has been read but not all its entries. */
	boolean batchOpen() {
		return batchEnd >= 0;
	}

	long batchStart() {
		return batchStart;
	}

	long batchEnd() {
		return batchEnd;
	}

	/** A seal read after {@code size} entries, the last of which has chain hash {@code chain}. */
	Finding seal(long size, byte[] chain, Seal seal) {
		if (batchEnd >= 0) {
			return new Finding(batchStart, false, "the batch that begins at entry " + batchStart + " holds "
					+ (size - batchStart) + " of the " + (batchEnd - batchStart) + " entries its seal names before the "
					+ "next seal: entries are missing from it (removed or moved)");
		}
		if (seal.size() < size) {
			return new Finding(size, false, "the seal after entry " + (size - 1) + " names a ledger of " + seal.size()
					+ " entries, fewer than the " + size + " before it");
		}
		if (seal.size() == size) {
			if (!matches(seal.mac(), size, chain) && sealed == size) {
				return new Finding(size, true, "the seal after entry " + (size - 1) + " does not match the ledger there: "
						+ "it was not made by OS2");
			}
			if (!matches(seal.mac(), size, chain)) {
				return new Finding(sealed, true, "the seal over " + describe(sealed, size) + " does not match: "
						+ changedOrForged(sealed, size));
			}
			sealed = size;
			return null;
		}
		if (size > sealed) {
			return new Finding(sealed, false, describe(sealed, size) + verb(sealed, size, " is", " are")
					+ " covered by no seal, yet a sealed batch follows: " + verb(sealed, size, "it was", "they were")
					+ " not written by OS2, which seals every batch before the next");
		}
		batchStart = size;
		batchEnd = seal.size();
		batchMac = seal.mac();
		return null;
	}

	/** An entry read: {@code size} counts it, {@code chain} is its chain hash. */
	Finding entry(long size, byte[] chain) {
		if (batchEnd != size) {
			return null;
		}
		batchEnd = -1;
		if (!matches(batchMac, size, chain)) {
			return new Finding(batchStart, true, "the seal over " + describe(batchStart, size) + " does not match: "
					+ changedOrForged(batchStart, size));
		}
		sealed = size;
		return null;
	}

	private boolean matches(byte[] mac, long size, byte[] chain) {
		return key == null || MessageDigest.isEqual(mac, key.seal(size, chain));
	}

	/** "entry 4" or "entries 4 to 9": the entries from {@code from} up to, not including, {@code to}. */
	static String describe(long from, long to) {
		return to - from == 1 ? "entry " + from : "entries " + from + " to " + (to - 1);
	}

	private static String changedOrForged(long from, long to) {
		return verb(from, to, "the entry was", "they were") + " changed (and every hash after recomputed), or not written by OS2";
	}

	/** The verb that agrees with {@link #describe}'s subject. */
	static String verb(long from, long to, String one, String many) {
		return to - from == 1 ? one : many;
	}
}
