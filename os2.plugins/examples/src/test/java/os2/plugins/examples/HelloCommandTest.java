package os2.plugins.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.StringReader;

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

	@Test
	void greetsEachNonBlankLineOfItsInput() {
		String greetings = HelloCommand.greetEachLine(new BufferedReader(new StringReader("Ada\n\n Lin \n")));

		assertEquals("hello, Ada!\nhello, Lin!", greetings);
	}
}
