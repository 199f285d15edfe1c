package os2.ledger.witness;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import os2.ledger.api.ProofVerifier;
import os2.ledger.api.SignedNotes;

/**
 * A log for the witness to witness, written here from RFC 9162 §2.1 so the witness is tested
 * against code other than the ledger's: leaves, roots, consistency proofs, signed checkpoints.
 */
final class TestLog {

	final String origin;
	private final KeyPair key;
	private final byte[] rawPublicKey;
	private final List<byte[]> leaves = new ArrayList<>();

	TestLog(String origin) {
		this(origin, newKey());
	}

	private TestLog(String origin, KeyPair key) {
		this.origin = origin;
		this.key = key;
		byte[] x509 = key.getPublic().getEncoded();
		this.rawPublicKey = Arrays.copyOfRange(x509, x509.length - 32, x509.length);
	}

	private static KeyPair newKey() {
		try {
			return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
		} catch (GeneralSecurityException e) {
			throw new AssertionError(e);
		}
	}

	/**
	 * The same log, signed with the same key, showing another history: the first {@code common}
	 * entries, then others, as many as this one has.
	 */
	TestLog forkAt(int common) {
		TestLog fork = new TestLog(origin, key);
		fork.leaves.addAll(leaves.subList(0, common));
		return fork.grow(leaves.size() - common, "forked ");
	}

	/** Adds entries named {@code prefix + i}; returns this. */
	TestLog grow(int count, String prefix) {
		for (int i = 0; i < count; i++) {
			leaves.add(ProofVerifier.leafHash((prefix + leaves.size()).getBytes(StandardCharsets.UTF_8)));
		}
		return this;
	}

	String verifierKey() {
		return SignedNotes.verifierKey(origin, rawPublicKey);
	}

	/** The signed checkpoint of the first {@code size} entries. */
	String checkpoint(long size) {
		return sign(origin + "\n" + size + "\n" + Base64.getEncoder().encodeToString(root(0, (int) size)) + "\n");
	}

	String sign(String body) {
		try {
			Signature signer = Signature.getInstance("Ed25519");
			signer.initSign(key.getPrivate());
			signer.update(body.getBytes(StandardCharsets.UTF_8));
			byte[] signature = signer.sign();
			byte[] signed = new byte[68];
			System.arraycopy(SignedNotes.keyId(origin, rawPublicKey), 0, signed, 0, 4);
			System.arraycopy(signature, 0, signed, 4, 64);
			return body + "\n" + SignedNotes.SIGNATURE_PREFIX + origin + " " + Base64.getEncoder().encodeToString(signed) + "\n";
		} catch (GeneralSecurityException e) {
			throw new AssertionError(e);
		}
	}

	/** An add-checkpoint request from {@code oldSize} to {@code size}, with the proof. */
	String request(long oldSize, long size) {
		return new AddCheckpointRequest(oldSize, proof((int) oldSize, (int) size), checkpoint(size)).text();
	}

	/** RFC 9162 §2.1.4.1: PROOF(m, D[n]). */
	List<byte[]> proof(int m, int n) {
		return m == 0 ? List.of() : subproof(m, 0, n, true);
	}

	private List<byte[]> subproof(int m, int from, int to, boolean complete) {
		int n = to - from;
		List<byte[]> proof = new ArrayList<>();
		if (m == n) {
			if (!complete) {
				proof.add(root(from, to));
			}
			return proof;
		}
		int k = Integer.highestOneBit(n - 1);
		if (m <= k) {
			proof.addAll(subproof(m, from, from + k, complete));
			proof.add(root(from + k, to));
		} else {
			proof.addAll(subproof(m - k, from + k, to, false));
			proof.add(root(from, from + k));
		}
		return proof;
	}

	/** MTH(D[from:to]). */
	byte[] root(int from, int to) {
		if (to - from == 0) {
			return sha256(new byte[0]);
		}
		if (to - from == 1) {
			return leaves.get(from);
		}
		int k = Integer.highestOneBit(to - from - 1);
		byte[] left = root(from, from + k);
		byte[] right = root(from + k, to);
		byte[] node = new byte[65];
		node[0] = 1;
		System.arraycopy(left, 0, node, 1, 32);
		System.arraycopy(right, 0, node, 33, 32);
		return sha256(node);
	}

	private static byte[] sha256(byte[] bytes) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(bytes);
		} catch (GeneralSecurityException e) {
			throw new AssertionError(e);
		}
	}
}
