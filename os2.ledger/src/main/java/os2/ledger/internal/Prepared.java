package os2.ledger.internal;

import java.util.HexFormat;

/**
 * An entry made ready by the appending thread: its canonical bytes, its leaf hash, which does
 * not depend on its position, and its keys in the indexes by run and session. Computing them there
 * leaves the one writer thread only the chain hash and the index links, which depend on what came
 * before.
 */
record Prepared(byte[] json, byte[] leaf, String leafHex, EntryKeys keys) {

	private static final ThreadLocal<Sha256> SHA = ThreadLocal.withInitial(Sha256::new);

	static Prepared of(byte[] json) {
		byte[] leaf = SHA.get().leaf(json);
		return new Prepared(json, leaf, HexFormat.of().formatHex(leaf), EntryKeys.of(json));
	}
}
