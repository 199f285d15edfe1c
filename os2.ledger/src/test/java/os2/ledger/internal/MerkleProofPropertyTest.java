package os2.ledger.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import os2.ledger.api.ProofVerifier;

/**
 * Random trees against an independent, naive implementation of MTH (straight from the RFC's
 * definition over the leaf list), and every proof of every index and size pair through the
 * separately written verifier.
 */
class MerkleProofPropertyTest {

	/** MTH(D[n]) by the RFC's recursive definition, over leaf hashes; nothing shared with MerkleTree. */
	static byte[] naiveRoot(List<byte[]> leafHashes) {
		Sha256 sha = new Sha256();
		if (leafHashes.isEmpty()) {
			return sha.digestOf(new byte[0]);
		}
		if (leafHashes.size() == 1) {
			return leafHashes.getFirst();
		}
		int k = 1;
		while (k * 2 < leafHashes.size()) {
			k *= 2;
		}
		return sha.node(naiveRoot(leafHashes.subList(0, k)), naiveRoot(leafHashes.subList(k, leafHashes.size())));
	}

	private static List<byte[]> leafHashes(List<byte[]> entries) {
		Sha256 sha = new Sha256();
		List<byte[]> hashes = new ArrayList<>();
		entries.forEach(entry -> hashes.add(sha.leaf(entry)));
		return hashes;
	}

	private static MerkleTree treeOf(List<byte[]> hashes) {
		TreeNodes nodes = new TreeNodes();
		hashes.forEach(nodes::append);
		return new MerkleTree(nodes);
	}

	@Property(tries = 60)
	void everyPrefixRootMatchesTheNaiveDefinition(@ForAll @Size(max = 70) List<byte[]> entries) {
		List<byte[]> hashes = leafHashes(entries);
		MerkleTree tree = treeOf(hashes);

		for (int size = 0; size <= hashes.size(); size++) {
			assertArrayEquals(naiveRoot(hashes.subList(0, size)), tree.root(size), "size " + size);
		}
	}

	@Property(tries = 40)
	void everyInclusionProofOfEveryIndexAndSizeVerifies(@ForAll @Size(min = 1, max = 40) List<byte[]> entries) {
		List<byte[]> hashes = leafHashes(entries);
		MerkleTree tree = treeOf(hashes);

		for (int size = 1; size <= hashes.size(); size++) {
			byte[] root = tree.root(size);
			for (int index = 0; index < size; index++) {
				List<byte[]> path = tree.inclusionPath(index, size);
				assertTrue(ProofVerifier.verifyInclusion(index, size, hashes.get(index), path, root),
						"index " + index + " size " + size);
			}
		}
	}

	@Property(tries = 40)
	void everyConsistencyProofOfEverySizePairVerifies(@ForAll @Size(min = 1, max = 40) List<byte[]> entries) {
		List<byte[]> hashes = leafHashes(entries);
		MerkleTree tree = treeOf(hashes);

		for (int size2 = 1; size2 <= hashes.size(); size2++) {
			for (int size1 = 0; size1 <= size2; size1++) {
				List<byte[]> path = tree.consistencyPath(size1, size2);
				assertTrue(ProofVerifier.verifyConsistency(size1, size2, path, tree.root(size1), tree.root(size2)),
						size1 + " -> " + size2);
			}
		}
	}

	@Property(tries = 200)
	void aFlippedBitInAnyProofHashFailsIt(@ForAll @Size(min = 2, max = 40) List<byte[]> entries,
			@ForAll @IntRange(min = 0, max = 1000) int pick, @ForAll @IntRange(min = 0, max = 255) int bit) {
		List<byte[]> hashes = leafHashes(entries);
		MerkleTree tree = treeOf(hashes);
		int size = hashes.size();
		int index = pick % size;
		List<byte[]> path = new ArrayList<>(tree.inclusionPath(index, size));
		int element = pick % path.size();
		byte[] flipped = path.get(element).clone();
		flipped[bit / 8] ^= (byte) (1 << (bit % 8));
		path.set(element, flipped);

		assertFalse(ProofVerifier.verifyInclusion(index, size, hashes.get(index), path, tree.root(size)));
	}

	@Property(tries = 200)
	void aConsistencyProofDoesNotVerifyAgainstAChangedOldTree(@ForAll @Size(min = 3, max = 40) List<byte[]> entries,
			@ForAll @IntRange(min = 0, max = 1000) int pick) {
		List<byte[]> hashes = leafHashes(entries);
		int size2 = hashes.size();
		int size1 = 1 + pick % (size2 - 1);
		MerkleTree honest = treeOf(hashes);
		List<byte[]> tampered = new ArrayList<>(hashes);
		int victim = pick % size1;
		tampered.set(victim, new Sha256().leaf(("tampered " + victim).getBytes()));
		MerkleTree rewritten = treeOf(tampered);

		List<byte[]> path = rewritten.consistencyPath(size1, size2);
		assertFalse(ProofVerifier.verifyConsistency(size1, size2, path, honest.root(size1), rewritten.root(size2)));
	}
}
