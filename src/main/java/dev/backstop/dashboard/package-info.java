/**
 * The read-only web page over history and {@code /metrics}: the only package that serves HTTP.
 * Pages are rendered on the server (HTML with inline SVG charts) from the history of the
 * configured state directory; the stylesheet and the small script are resources inside the jar,
 * so the page works without internet access. Listens on loopback unless given a token.
 */
package dev.backstop.dashboard;
