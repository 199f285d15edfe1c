package os2.kernel.internal.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import os2.kernel.api.Output.Stream;

class HeldTailTest {

	@Test
	void keepsTheLastCharsWithTheirStreams() {
		HeldTail tail = new HeldTail(10);
		tail.add(Stream.STDOUT, "abcdef\n");
		tail.add(Stream.STDERR, "ghi\n");
		tail.add(Stream.STDOUT, "jk");

		assertEquals("def\nghi\njk", tail.text());
		assertEquals(10, tail.heldChars());
		assertEquals(List.of(new HeldTail.Piece(Stream.STDOUT, "def\n"), new HeldTail.Piece(Stream.STDERR, "ghi\n"),
				new HeldTail.Piece(Stream.STDOUT, "jk")), tail.pieces());
	}

	@Test
	void nothingDroppedWhileWithinTheLimit() {
		HeldTail tail = new HeldTail(100);
		tail.add(Stream.STDOUT, "a\n");
		tail.add(Stream.STDOUT, "b\n");

		assertEquals("a\nb\n", tail.text());
		assertFalse(tail.droppedAny());
		assertTrue(tail.startsLine());
	}

	@Test
	void aHugeChunkKeepsOnlyItsEnd() {
		HeldTail tail = new HeldTail(8);
		tail.add(Stream.STDERR, "old\n");
		tail.add(Stream.STDOUT, "x".repeat(1000) + "\nlast\n");

		assertEquals("xx\nlast\n", tail.text());
		assertEquals(8, tail.heldChars());
		assertTrue(tail.droppedAny());
		assertFalse(tail.startsLine());
	}

	@Test
	void neverSplitsASurrogatePair() {
		HeldTail tail = new HeldTail(2);
		tail.add(Stream.STDOUT, "a😀b");

		assertEquals("b", tail.text());
		tail.add(Stream.STDOUT, "😀c");
		assertEquals("c", tail.text());

		HeldTail roomy = new HeldTail(3);
		roomy.add(Stream.STDOUT, "ab😀");
		assertEquals("b😀", roomy.text());
	}
}
