package os2.kernel.internal.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The hand-written UTF-8 check that decides whether a chunk goes on record as text or base64
 * agrees with the JDK's strict decoder, on crafted edge cases and on random bytes.
 */
class WholeUtf8Test {

	private static String strict(byte[] bytes, int offset, int length) {
		try {
			return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
					.onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, offset, length)).toString();
		} catch (CharacterCodingException e) {
			return null;
		}
	}

	@Test
	void edgeCasesAreDecidedAsTheStrictDecoderDecidesThem() {
		List<String> cases = List.of("", "41", "4142434445464748494a", "c3a9", "e282ac", "f09f9880", // valid
				"c0af", "e080af", "f08f80af", // overlong
				"eda080", "edbfbf", // surrogates
				"f4908080", "f5808080", "ff", "80", // above U+10FFFF, invalid lead, lone continuation
				"c3", "e282", "f09f98", // cut off at the end
				"41424344454647c3a94849", "414243444546474849e282ac"); // non-ASCII after a run of eight
		for (String hex : cases) {
			byte[] bytes = HexFormat.of().parseHex(hex);
			assertEquals(strict(bytes, 0, bytes.length), RecordedOutput.wholeUtf8(bytes, 0, bytes.length), hex);
		}
	}

	@Test
	void randomBytesAndRandomTextAgreeWithTheStrictDecoder() {
		Random random = new Random(20261126);
		String sample = "plain text, café, €, 😀, 中文, and\ttabs\n";
		for (int round = 0; round < 20_000; round++) {
			byte[] bytes;
			if (round % 2 == 0) {
				bytes = new byte[random.nextInt(40)];
				random.nextBytes(bytes);
			} else {
				byte[] text = sample.repeat(1 + random.nextInt(3)).getBytes(StandardCharsets.UTF_8);
				bytes = text.clone();
				if (random.nextBoolean()) {
					bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
				}
			}
			int offset = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
			int length = bytes.length - offset;
			assertEquals(strict(bytes, offset, length), RecordedOutput.wholeUtf8(bytes, offset, length),
					HexFormat.of().formatHex(bytes, offset, offset + length));
		}
		assertNull(RecordedOutput.wholeUtf8(new byte[] { (byte) 0xe2, (byte) 0x82 }, 0, 2));
	}
}
