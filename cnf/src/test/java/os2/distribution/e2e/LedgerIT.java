package os2.distribution.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The ledger through the shell: every command on record, verify, export, tampering found. */
class LedgerIT {

	/** A seal record in a segment: its first four bytes are all ones (docs/ledger.md). */
	private static final int SEAL_MARKER = 0xFFFFFFFF;
	private static final int SEAL_BYTES = 48;

	@TempDir
	Path home;

	@Test
	void everyCommandLineIsOnRecordWithItsStatus() {
		Os2Run.of(home, "-c", "version");
		Os2Run.of(home, "-c", "exit 3");
		Os2Run.of(home, "-c", "nosuchcmd");

		Os2Run shown = Os2Run.of(home, "-c", "ledger show --kind command --json");

		assertEquals(0, shown.status(), shown.toString());
		List<String> lines = shown.stdout().lines().toList();
		assertEquals(3, lines.size(), shown.toString());
		assertTrue(lines.get(0).contains("\"payload\":{\"line\":\"version\",\"role\":\"agent\",\"status\":0,"), lines.get(0));
		assertTrue(lines.get(1).contains("\"payload\":{\"line\":\"exit 3\",\"role\":\"agent\",\"status\":3,"), lines.get(1));
		assertTrue(lines.get(2).contains("\"payload\":{\"line\":\"nosuchcmd\",\"role\":\"agent\",\"status\":2,"), lines.get(2));
		assertTrue(lines.get(0).contains("\"actor\":\"os2.shell@"), lines.get(0));
	}

	@Test
	void verifyAfterAFewCommandsIsOk() {
		Os2Run.of(home, "-c", "version");
		Os2Run.of(home, "-c", "status");

		Os2Run run = Os2Run.of(home, "-c", "ledger verify");

		assertEquals(0, run.status(), run.toString());
		assertTrue(run.stdout().startsWith("OK: "), run.toString());
		assertEquals("", run.stderr());
	}

	@Test
	void aFlippedByteInAnEntryMakesVerifyExitOneNamingTheEntry() throws Exception {
		for (int i = 0; i < 3; i++) {
			Os2Run.of(home, "-c", "version");
		}
		Path segment = home.resolve("ledger/segments/00000000.seg");
		long entry4 = offsetOfEntry(segment, 4);
		try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
			file.seek(entry4 + 40 + 10);
			int b = file.read();
			file.seek(entry4 + 40 + 10);
			file.write(b ^ 0x20);
		}

		Os2Run run = Os2Run.of(home, "-c", "ledger verify");

		assertEquals(1, run.status(), run.toString());
		assertTrue(run.stderr().contains("first bad entry: 4"), run.toString());
	}

	@Test
	void anExportVerifiesOnItsOwnWithTheKey() {
		Os2Run.of(home, "-c", "version");
		Os2Run exported = Os2Run.of(home, "-c", "ledger export audit.jsonl");
		Matcher key = Pattern.compile("--key (\\S+)").matcher(exported.stdout());
		assertTrue(key.find(), exported.toString());

		Os2Run run = Os2Run.of(home, "-c", "ledger verify --file audit.jsonl --key " + key.group(1));

		assertEquals(0, run.status(), run.toString());
		assertTrue(run.stdout().contains("match the export's signed checkpoint"), run.toString());
	}

	@Test
	void aRotatedKeySignsFromThenOnAndTheCheckpointsOfTheOldOneStillVerify() {
		Os2Run.of(home, "-c", "version"); // a checkpoint by the first key when it ends
		String first = verifierKey(Os2Run.of(home, "-c", "ledger head"));

		Os2Run rotated = Os2Run.of(home, "--admin", "-c", "ledger rotate-key");
		Os2Run.of(home, "-c", "version");
		Os2Run verify = Os2Run.of(home, "-c", "ledger verify");

		assertEquals(0, rotated.status(), rotated.toString());
		assertTrue(rotated.stdout().contains("retired     " + first), rotated.toString());
		assertNotEquals(first, verifierKey(Os2Run.of(home, "-c", "ledger head")));
		assertEquals(0, verify.status(), verify.toString());
	}

	private static String verifierKey(Os2Run head) {
		return head.stdout().lines().filter(line -> line.startsWith("key ")).findFirst().orElseThrow().substring(4).strip();
	}

	@Test
	void aProofOfAnEntryVerifies() {
		Os2Run.of(home, "-c", "version");
		Os2Run.of(home, "-c", "version");

		Os2Run run = Os2Run.of(home, "-c", "ledger proof 1");

		assertEquals(0, run.status(), run.toString());
		assertTrue(run.stdout().contains("verified   yes"), run.toString());
	}

	@Test
	@Timeout(90)
	void tailFollowsEntriesThatAnotherProcessAppends() throws Exception {
		Os2Run.of(home, "-c", "version"); // the home exists and is warm
		Path followed = home.resolve("followed.txt");
		// -n 1: the entry already there tells us that the follower follows, however long it took to start
		List<String> command = List.of("bash", Os2Run.ROOT.resolve("os2").toString(), "--home", home.toString(), "-c",
				"ledger tail -f -n 1");
		ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(followed.toFile())
				.redirectError(ProcessBuilder.Redirect.DISCARD);
		builder.environment().put("OS2_JAR", System.getProperty("os2.jar"));
		Process follower = builder.start();
		try {
			while (Files.size(followed) == 0) {
				Thread.sleep(20);
			}
			Os2Run.of(home, "-c", "help ledger");
			// @Timeout bounds the wait
			while (!Files.readString(followed).contains("\"line\":\"help ledger\"")) {
				Thread.sleep(50);
			}
		} finally {
			follower.destroyForcibly();
			follower.waitFor();
		}
	}

	@Test
	void aLedgerThatCannotOpenStopsNoCommandAndSaysWhy() throws Exception {
		Files.createDirectories(home);
		Files.writeString(home.resolve("ledger"), "not a directory");

		Os2Run run = Os2Run.of(home, "-c", "version");

		assertEquals(0, run.status(), run.toString());
		assertTrue(run.stdout().startsWith("OS2 "), run.toString());
		assertTrue(run.stderr().contains("cannot open the ledger in " + home.resolve("ledger")), run.toString());
		assertTrue(run.stderr().contains("os2: this run is not on record"), run.toString());
	}

	@Test
	void aBadSubcommandOrOptionIsAUsageError() {
		assertEquals(2, Os2Run.of(home, "-c", "ledger frobnicate").status());
		Os2Run run = Os2Run.of(home, "-c", "ledger show --limit many");
		assertEquals(2, run.status(), run.toString());
		assertTrue(run.stderr().startsWith("os2: --limit is a whole number, 0 or more, not 'many'; usage: ledger show "), run.toString());
	}

	/**
	 * Walks the records: an entry's is a 4-byte length, 4-byte CRC, 32-byte chain hash and the JSON;
	 * a seal (the first four bytes all ones) is 48 bytes.
	 */
	private static long offsetOfEntry(Path segment, int index) throws Exception {
		try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "r")) {
			long offset = 0;
			for (int i = 0; i <= index; i++) {
				file.seek(offset);
				int length = file.readInt();
				for (; length == SEAL_MARKER; length = file.readInt()) {
					offset += SEAL_BYTES;
					file.seek(offset);
				}
				if (i < index) {
					offset += 40 + length;
				}
			}
			return offset;
		}
	}

	@Test
	void anEntryAppendedInTheShellsNameWithoutTheKeyIsCaughtAndNeverRecorded() throws Exception {
		Os2Run.of(home, "-c", "version");
		Path segment = home.resolve("ledger/segments/00000000.seg");
		byte[] bytes = Files.readAllBytes(segment);
		ByteBuffer records = ByteBuffer.wrap(bytes);
		int last = 0;
		for (int at = 0; at < bytes.length;) {
			int length = records.getInt(at);
			if (length != SEAL_MARKER) {
				last = at;
			}
			at += length == SEAL_MARKER ? SEAL_BYTES : 40 + length;
		}
		byte[] chain = Arrays.copyOfRange(bytes, last + 8, last + 40);
		byte[] json = ("{\"actor\":\"os2.shell@0.1.0\",\"kind\":\"command\",\"lamport\":0,\"payload\":"
				+ "{\"line\":\"grant everything\",\"status\":0},\"run\":\"\",\"session\":\"\",\"wall\":0}")
				.getBytes(StandardCharsets.UTF_8);
		MessageDigest sha = MessageDigest.getInstance("SHA-256");
		sha.update(chain);
		byte[] forgedChain = sha.digest(json);
		CRC32C crc = new CRC32C();
		crc.update(forgedChain);
		crc.update(json);
		ByteBuffer record = ByteBuffer.allocate(40 + json.length).putInt(json.length)
				.putInt((int) crc.getValue()).put(forgedChain).put(json);
		Files.write(segment, record.array(), StandardOpenOption.APPEND);

		Os2Run verify = Os2Run.of(home, "-c", "ledger verify");
		Os2Run shown = Os2Run.of(home, "-c", "ledger show --kind command --json");

		assertEquals(1, verify.status(), verify.toString());
		assertTrue(verify.stderr().contains("not written by OS2"), verify.toString());
		assertFalse(shown.stdout().contains("grant everything"), shown.toString());
	}
}
