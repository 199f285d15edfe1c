package os2.ledger.internal;

import java.util.HexFormat;

/**
 * An entry made ready by the appending thread: its canonical bytes and its leaf hash, which does
 * not depend on its position. Computing it there leaves the one writer thread only the chain
 * hash, which does.
 */
record Prepared(byte[] json, byte[] leaf, String leafHex) {

	private static final ThreadLocal<Sha256> SHA = ThreadLocal.withInitial(Sha256::new);

	static Prepared of(byte[] json) {
		byte[] leaf = SHA.get().leaf(json);
		return new Prepared(json, leaf, HexFormat.of().formatHex(leaf));
	}
}
