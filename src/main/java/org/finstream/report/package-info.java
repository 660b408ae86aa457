/**
 * Read-only views of the result tables for a person: HTML5 pages with inline SVG charts,
 * rendered from PostgreSQL on request ({@code finstream serve}) or into files
 * ({@code finstream report}). No Flink, no JavaScript, nothing fetched from elsewhere.
 */
package org.finstream.report;
