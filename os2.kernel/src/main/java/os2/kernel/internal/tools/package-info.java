/** Which Tool service is the tool of a name, and why a name is no tool. */
package os2.kernel.internal.tools;
