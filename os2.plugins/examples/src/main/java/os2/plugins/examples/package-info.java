/** The example command and tool; private to the bundle. */
package os2.plugins.examples;
