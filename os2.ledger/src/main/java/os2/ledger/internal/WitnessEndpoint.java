package os2.ledger.internal;

import java.util.List;

/**
 * One witness of {@code etc/witnesses}: the key its cosignatures must verify with, and how to
 * reach it, a local command (the only way so far) or a tlog-witness URL (read, not yet used).
 *
 * @param verifierKey its cosignature/v1 verifier key, {@code name+id+base64(0x04 || key)}
 * @param name the key's name, which its cosignature lines carry
 * @param command the program and its arguments, or empty for a URL
 * @param url the tlog-witness submission prefix, or "" for a command
 */
record WitnessEndpoint(String verifierKey, String name, List<String> command, String url) {

	WitnessEndpoint {
		command = List.copyOf(command);
	}

	/** {@code name/keyid}: a witness's identity in cosignature lines, as {@link CosignatureLog} keys them. */
	String cosigner() {
		return name + "/" + verifierKey.split("\\+", 3)[1];
	}
}
