package os2.distribution.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A witness made with {@code ./os2 witness init}, in a home of its own, configured in
 * {@code etc/witnesses} as a local command: OS2's checkpoints get cosigned, {@code ledger verify}
 * reports it, and a changed cosignature makes it fail.
 */
class WitnessIT {

	@TempDir
	Path home;

	@TempDir
	Path elsewhere;

	@AfterEach
	void stopDaemon() {
		Os2Run.of(home, "--stop-daemon");
	}

	/** Makes a witness of this home's ledger and configures it; returns its name. */
	private String configureWitness(Map<String, String> environment) throws Exception {
		Os2Run head = Os2Run.with(home, environment, "", "-c", "ledger head");
		Matcher key = Pattern.compile("(?m)^key\\s+(\\S+)$").matcher(head.stdout());
		assertTrue(key.find(), head.toString());
		Path witnessHome = elsewhere.resolve("home");
		Path witness = elsewhere.resolve("witness");

		Os2Run init = Os2Run.of(witnessHome, "witness", "init", witness.toString(), "--log", key.group(1), "--name",
				"witness.test/e2e");

		assertEquals(0, init.status(), init.toString());
		String witnessKey = init.stdout().strip();
		assertTrue(witnessKey.startsWith("witness.test/e2e+"), init.toString());
		Files.createDirectories(home.resolve("etc"));
		Files.writeString(home.resolve("etc/witnesses"), "# a witness in another home, as another user's would be\n"
				+ witnessKey + " command bash " + Os2Run.ROOT.resolve("os2") + " --home " + witnessHome
				+ " witness add-checkpoint " + witness + "\n");
		return "witness.test/e2e";
	}

	@Test
	@Timeout(180)
	void theDaemonsCheckpointsAreCosignedAndVerifyChecksTheCosignatures() throws Exception {
		String witness = configureWitness(Map.of());
		Os2Run.of(home, "-c", "version");
		Os2Run.of(home, "-c", "ledger export audit.jsonl"); // a checkpoint now, rather than in 10 s

		Os2Run verified = Os2Run.of(home, "-c", "ledger verify");
		for (int tries = 0; !verified.stdout().contains("witness " + witness + " cosigned up to") && tries < 60; tries++) {
			Thread.sleep(250); // the witness answers on the ledger's own thread, after the export returned
			verified = Os2Run.of(home, "-c", "ledger verify");
		}

		assertEquals(0, verified.status(), verified.toString());
		assertTrue(verified.stdout().contains("\nwitnesses: witness " + witness + " cosigned up to "), verified.toString());

		changeACosignature(home.resolve("ledger/cosignatures.log"));
		Os2Run tampered = Os2Run.of(home, "-c", "ledger verify");

		assertEquals(1, tampered.status(), tampered.toString());
		assertTrue(tampered.stderr().contains("record 1 of cosignatures.log"), tampered.toString());
		assertTrue(tampered.stderr().contains("the cosignature by " + witness + " does not verify"), tampered.toString());
	}

	@Test
	@Timeout(180)
	void aRunOfItsOwnHasItsLastCheckpointCosignedBeforeItEnds() throws Exception {
		Map<String, String> noDaemon = Map.of("OS2_DAEMON", "off");
		String witness = configureWitness(noDaemon);

		Os2Run.with(home, noDaemon, "", "-c", "version");
		Os2Run verified = Os2Run.with(home, noDaemon, "", "-c", "ledger verify");

		assertEquals(0, verified.status(), verified.toString());
		// the run before this one ended with a checkpoint, which the witness cosigned before it ended
		assertTrue(verified.stdout().contains("witnesses: witness " + witness + " cosigned up to "), verified.toString());
		assertEquals("", verified.stderr());
	}

	/**
	 * Changes one character inside the first record's cosignature and fixes the record's CRC32C:
	 * tampering by someone who knows the format, which only the signature can catch.
	 */
	private static void changeACosignature(Path log) throws Exception {
		byte[] file = Files.readAllBytes(log);
		int length = ByteBuffer.wrap(file).getInt(0);
		String note = new String(file, 8, length, StandardCharsets.UTF_8);
		String[] lines = note.split("\n");
		String cosignature = lines[lines.length - 1];
		int at = cosignature.length() - 10;
		String changed = note.replace(cosignature,
				cosignature.substring(0, at) + (cosignature.charAt(at) == 'A' ? 'B' : 'A') + cosignature.substring(at + 1));
		byte[] bytes = changed.getBytes(StandardCharsets.UTF_8);
		CRC32C crc = new CRC32C();
		crc.update(bytes);
		ByteBuffer.wrap(file).putInt(4, (int) crc.getValue());
		System.arraycopy(bytes, 0, file, 8, bytes.length);
		Files.write(log, file);
	}
}
