/** The example command; private to the bundle. */
package os2.plugins.examples;
