package os2.ledger.internal;

import java.util.Arrays;

/**
 * The lists changed since the last flush, by key, without boxing a key for every lookup: two
 * lookups an entry on the writer's thread. Open addressing over parallel arrays, at most half
 * full; keys are never 0.
 */
final class SpineMap {

	/** Called with each key and its list. */
	interface Visitor {
		void visit(long key, KeySpine spine);
	}

	private long[] keys = new long[256];
	private KeySpine[] spines = new KeySpine[256];
	private int size;

	KeySpine get(long key) {
		int mask = keys.length - 1;
		for (int slot = (int) key & mask;; slot = (slot + 1) & mask) {
			if (keys[slot] == key) {
				return spines[slot];
			}
			if (keys[slot] == 0) {
				return null;
			}
		}
	}

	/** Adds a key not in the map. */
	void put(long key, KeySpine spine) {
		if (2 * (size + 1) > keys.length) {
			grow();
		}
		int mask = keys.length - 1;
		int slot = (int) key & mask;
		while (keys[slot] != 0) {
			slot = (slot + 1) & mask;
		}
		keys[slot] = key;
		spines[slot] = spine;
		size++;
	}

	private void grow() {
		long[] oldKeys = keys;
		KeySpine[] oldSpines = spines;
		keys = new long[oldKeys.length * 2];
		spines = new KeySpine[oldKeys.length * 2];
		size = 0;
		for (int i = 0; i < oldKeys.length; i++) {
			if (oldKeys[i] != 0) {
				put(oldKeys[i], oldSpines[i]);
			}
		}
	}

	int size() {
		return size;
	}

	void forEach(Visitor visitor) {
		for (int i = 0; i < keys.length; i++) {
			if (keys[i] != 0) {
				visitor.visit(keys[i], spines[i]);
			}
		}
	}

	void clear() {
		if (size > 0) {
			Arrays.fill(keys, 0);
			Arrays.fill(spines, null);
			size = 0;
		}
	}
}
