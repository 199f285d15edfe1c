package os2.ledger.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

import os2.ledger.api.ProofVerifier;

/**
 * The RFC 6962/9162 reference vectors published with Certificate Transparency (and repeated in
 * transparency-dev/merkle's proof tests): eight leaves, the root of every prefix, and known
 * inclusion and consistency proofs. Leaf numbers in those tables are 1-based; here they are indexes.
 */
class MerkleTreeTest {

	private static final HexFormat HEX = HexFormat.of();

	static final List<String> LEAVES = List.of("", "00", "10", "2021", "3031", "40414243", "5051525354555657",
			"606162636465666768696a6b6c6d6e6f");

	static final List<String> ROOTS = List.of(
			"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
			"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
			"fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
			"aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
			"d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
			"4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
			"76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
			"ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
			"5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

	record Inclusion(long index, long size, List<String> path) {
	}

	record Consistency(long size1, long size2, List<String> path) {
	}

	static final List<Inclusion> INCLUSIONS = List.of(
			new Inclusion(0, 1, List.of()),
			new Inclusion(0, 8, List.of("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
					"5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
					"6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")),
			new Inclusion(5, 8, List.of("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
					"ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
					"d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")),
			new Inclusion(2, 3, List.of("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125")),
			new Inclusion(1, 5, List.of("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
					"5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
					"bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")));

	static final List<Consistency> CONSISTENCIES = List.of(
			new Consistency(1, 1, List.of()),
			new Consistency(1, 8, List.of("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
					"5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
					"6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")),
			new Consistency(6, 8, List.of("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
					"ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
					"d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")),
			new Consistency(2, 5, List.of("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
					"bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")),
			new Consistency(6, 7, List.of("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
					"b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
					"d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")));

	private static MerkleTree referenceTree() {
		TreeNodes nodes = new TreeNodes();
		Sha256 sha = new Sha256();
		LEAVES.forEach(leaf -> nodes.append(sha.leaf(HEX.parseHex(leaf))));
		return new MerkleTree(nodes);
	}

	@Test
	void rootOfEveryPrefixMatchesTheReference() {
		MerkleTree tree = referenceTree();

		for (int size = 0; size <= LEAVES.size(); size++) {
			assertEquals(ROOTS.get(size), HEX.formatHex(tree.root(size)), "size " + size);
		}
	}

	@Test
	void inclusionProofsMatchTheReferenceAndVerify() {
		MerkleTree tree = referenceTree();
		Sha256 sha = new Sha256();

		for (Inclusion vector : INCLUSIONS) {
			List<byte[]> path = tree.inclusionPath(vector.index(), vector.size());
			assertEquals(vector.path(), path.stream().map(HEX::formatHex).toList(), vector.toString());
			byte[] leaf = sha.leaf(HEX.parseHex(LEAVES.get((int) vector.index())));
			byte[] root = HEX.parseHex(ROOTS.get((int) vector.size()));
			assertTrue(ProofVerifier.verifyInclusion(vector.index(), vector.size(), leaf, path, root), vector.toString());
		}
	}

	@Test
	void consistencyProofsMatchTheReferenceAndVerify() {
		MerkleTree tree = referenceTree();

		for (Consistency vector : CONSISTENCIES) {
			List<byte[]> path = tree.consistencyPath(vector.size1(), vector.size2());
			assertEquals(vector.path(), path.stream().map(HEX::formatHex).toList(), vector.toString());
			assertTrue(ProofVerifier.verifyConsistency(vector.size1(), vector.size2(), path,
					HEX.parseHex(ROOTS.get((int) vector.size1())), HEX.parseHex(ROOTS.get((int) vector.size2()))),
					vector.toString());
		}
	}

	@Test
	void aProofAgainstTheWrongRootOrIndexFails() {
		MerkleTree tree = referenceTree();
		Sha256 sha = new Sha256();
		byte[] leaf5 = sha.leaf(HEX.parseHex(LEAVES.get(5)));
		List<byte[]> path = tree.inclusionPath(5, 8);
		byte[] root8 = HEX.parseHex(ROOTS.get(8));

		assertFalse(ProofVerifier.verifyInclusion(5, 8, leaf5, path, HEX.parseHex(ROOTS.get(7))));
		assertFalse(ProofVerifier.verifyInclusion(4, 8, leaf5, path, root8));
		assertFalse(ProofVerifier.verifyInclusion(5, 16, leaf5, path, root8));
		assertFalse(ProofVerifier.verifyInclusion(5, 8, leaf5, path.subList(0, 2), root8));
	}
}
