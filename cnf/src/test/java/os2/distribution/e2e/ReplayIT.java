package os2.distribution.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code replay} and {@code note} through {@code ./os2}: a session shown again from the ledger,
 * compared byte for byte with what the test itself captured when the session ran; a note on
 * record between the runs; a changed entry stops the replay where it is.
 */
class ReplayIT {

	/** A seal record in a segment: its first four bytes are all ones (docs/ledger.md). */
	private static final int SEAL_MARKER = 0xFFFFFFFF;
	private static final int SEAL_BYTES = 48;

	@TempDir
	static Path home;

	static Path workspace;

	@BeforeAll
	static void makeTheWorkspace() throws IOException {
		workspace = home.resolve("workspace");
		Files.createDirectories(workspace);
		Files.writeString(workspace.resolve("app.py"), """
				import sys
				for i in range(300):
				    print("line", i, "of what the script says")
				print("something went wrong", file=sys.stderr)
				sys.exit(3)
				""");
		Files.writeString(workspace.resolve("ok.py"), "print('all fine')\n");
		Os2Run first = os2("python ok.py"); // makes the workspace's venv, which says so on stderr
		assertEquals(0, first.status(), first.toString());
	}

	@AfterAll
	static void removeTheVenvs() throws IOException {
		PythonIT.removeTheVenvs(home);
	}

	private static Os2Run os2(String line) {
		return Os2Run.of(home, "--workspace", workspace.toString(), "-c", line);
	}

	@Test
	void aRunIsShownAgainByteForByteElisionAndFailureIncluded() {
		Os2Run original = os2("python --token-budget 60 app.py");
		assertEquals(3, original.status(), original.toString());
		Matcher marker = Pattern.compile("transcript (r-[0-9a-f]+-\\d+)").matcher(original.stdout());
		assertTrue(marker.find(), "the output was not elided: " + original);
		String run = marker.group(1);
		String session = sessionOf(run);

		Os2Run oneRun = os2("replay " + session + " --run " + run);
		Os2Run wholeSession = os2("replay " + session);

		assertEquals(0, oneRun.status(), oneRun.toString());
		assertEquals(original.stdout(), oneRun.stdout());
		assertEquals(original.stderr(), oneRun.stderr());
		assertEquals("os2> python --token-budget 60 app.py\n" + original.stdout(), wholeSession.stdout());
		assertEquals(original.stderr(), wholeSession.stderr());
	}

	@Test
	void notesAreOnRecordWithTheirTokensAndShownBetweenTheRunsTheyLedTo() {
		Os2Run original = os2("note I expect it to pass; python ok.py; note it passed so next the failing input");
		assertEquals(0, original.status(), original.toString());
		assertTrue(original.stdout().matches("noted \\(\\d+ tokens\\)\nall fine\nnoted \\(\\d+ tokens\\)\n"), original.toString());
		String session = sessionOfLast("note");

		Os2Run replayed = os2("replay " + session);
		Os2Run notes = os2("ledger show --session " + session + " --kind note --json");

		assertEquals("# note: I expect it to pass\nos2> python ok.py\nall fine\n# note: it passed so next the failing input\n",
				replayed.stdout(), replayed.toString());
		assertEquals("", replayed.stderr());
		Matcher tokens = Pattern.compile("noted \\((\\d+) tokens\\)").matcher(original.stdout());
		for (String line : notes.stdout().lines().toList()) {
			assertTrue(tokens.find(), original.toString());
			assertTrue(line.contains("\"encoding\":\"o200k_base\""), line);
			assertTrue(line.contains("\"tokens\":" + tokens.group(1) + "}") || line.contains("\"tokens\":" + tokens.group(1) + ","),
					line);
			assertTrue(Long.parseLong(tokens.group(1)) > 0, line);
		}
		assertEquals(2, notes.stdout().lines().count(), notes.toString());
	}

	@Test
	void replayStopsAtTheFirstEntryThatDoesNotVerify(@TempDir Path ownHome) throws Exception {
		Os2Run noted = Os2Run.of(ownHome, "-c", "note the first thought; note the second thought; note the third thought");
		assertEquals(0, noted.status(), noted.toString());
		String session = Pattern.compile("session=(s-[0-9a-f]+)").matcher(Os2Run.of(ownHome, "-c", "ledger show --kind note")
				.stdout()).results().findFirst().orElseThrow().group(1);
		Os2Run.of(ownHome, "--stop-daemon");
		long changed = rewriteEntryContaining(ownHome.resolve("ledger/segments/00000000.seg"), "the second thought",
				"the secund thought");

		Os2Run replayed = Os2Run.of(ownHome, "-c", "replay " + session);

		assertEquals(1, replayed.status(), replayed.toString());
		assertEquals("# note: the first thought\n", replayed.stdout());
		assertEquals("os2: replay stopped at entry #" + changed + ": it is not the entry the ledger's signed checkpoint (size ",
				replayed.stderr().substring(0, replayed.stderr().indexOf("size ") + 5), replayed.toString());
	}

	private static String sessionOf(String run) {
		Os2Run why = os2("why " + run);
		Matcher session = Pattern.compile("in session (s-[0-9a-f]+)").matcher(why.stdout());
		assertTrue(session.find(), why.toString());
		return session.group(1);
	}

	private static String sessionOfLast(String kind) {
		Os2Run shown = os2("ledger show --kind " + kind);
		return Pattern.compile("session=(s-[0-9a-f]+)").matcher(shown.stdout()).results().reduce((a, b) -> b).orElseThrow()
				.group(1);
	}

	/**
	 * Edits an entry in place as someone with write access to the files would: the same length, its
	 * record's CRC32C made right again (docs/ledger.md: u32 length, u32 CRC32C of chain hash and
	 * JSON, 32-byte chain hash, JSON). The chain hash is left as it was.
	 *
	 * @return the index of the entry changed
	 */
	private static long rewriteEntryContaining(Path segment, String text, String replacement) throws IOException {
		assertEquals(text.length(), replacement.length());
		byte[] bytes = Files.readAllBytes(segment);
		ByteBuffer records = ByteBuffer.wrap(bytes);
		long index = 0;
		for (int at = 0; at < bytes.length;) {
			int length = records.getInt(at);
			if (length == SEAL_MARKER) {
				at += SEAL_BYTES;
				continue;
			}
			String json = new String(bytes, at + 40, length, StandardCharsets.UTF_8);
			if (json.contains(text)) {
				byte[] edited = json.replace(text, replacement).getBytes(StandardCharsets.UTF_8);
				System.arraycopy(edited, 0, bytes, at + 40, length);
				CRC32C crc = new CRC32C();
				crc.update(bytes, at + 8, 32 + length);
				records.putInt(at + 4, (int) crc.getValue());
				Files.write(segment, bytes);
				return index;
			}
			at += 40 + length;
			index++;
		}
		throw new AssertionError(text + " is in no entry of " + segment);
	}
}
