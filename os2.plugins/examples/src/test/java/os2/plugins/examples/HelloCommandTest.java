package os2.plugins.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HelloCommandTest {

	@Test
	void greetsTheWorldByDefault() {
		assertEquals("hello, world!", new HelloCommand().hello());
	}

	@Test
	void greetsByNameWithoutSurroundingBlanks() {
		assertEquals("hello, Ada!", new HelloCommand().hello("  Ada "));
	}
}
