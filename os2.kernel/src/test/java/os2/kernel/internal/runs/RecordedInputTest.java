package os2.kernel.internal.runs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

import os2.ledger.api.EntryDraft;
import os2.ledger.api.Kinds;

class RecordedInputTest {

	private final List<EntryDraft> recorded = new ArrayList<>();

	@Test
	void whatTheToolReadsIsOnRecordInOrderAndGivesBackTheSameBytes() throws IOException {
		byte[] given = "héllo, wörld\n".getBytes(StandardCharsets.UTF_8);
		RecordedInput in = new RecordedInput(new ByteArrayInputStream(given), recorded::add, "s-1", "r-1", 7);
		byte[] buffer = new byte[2];

		ByteArrayOutputStream read = new ByteArrayOutputStream();
		int first = in.read(buffer, 0, 2); // "h" and the first byte of "é": not whole UTF-8
		read.write(buffer, 0, first);
		read.write(in.read());
		assertEquals(3, in.skip(3));
		read.write(given, 3, 3); // what skip passed over
		in.transferTo(read);

		assertArrayEquals(given, read.toByteArray());
		ByteArrayOutputStream onRecord = new ByteArrayOutputStream();
		long seq = 0;
		for (EntryDraft entry : recorded) {
			assertEquals(Kinds.INPUT_CHUNK, entry.kind());
			assertEquals("r-1", entry.run());
			assertEquals(++seq, entry.payload().get("seq"));
			onRecord.writeBytes(entry.payload().get("text") instanceof String text ? text.getBytes(StandardCharsets.UTF_8)
					: Base64.getDecoder().decode((String) entry.payload().get("base64")));
		}
		assertArrayEquals(given, onRecord.toByteArray());
		assertEquals(Base64.getEncoder().encodeToString(new byte[] {'h', given[1]}), recorded.getFirst().payload().get("base64"));
	}

	@Test
	void nothingReadIsNothingRecorded() throws IOException {
		RecordedInput in = new RecordedInput(new ByteArrayInputStream(new byte[0]), recorded::add, "s-1", "r-1", 7);

		assertEquals(-1, in.read(new byte[8], 0, 8));

		assertEquals(List.of(), recorded);
	}

}
